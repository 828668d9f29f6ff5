package org.polyculture.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.web3j.abi.datatypes.CustomError;

/** Assertions on reverts by custom error. */
final class Reverts {

  private Reverts() {}

  /** Asserts that the call reverts with exactly this custom error, and returns it decoded. */
  static DecodedError assertRevertsWith(ThrowingCallable call, CustomError expected) {
    ContractRevertedException reverted =
        catchThrowableOfType(ContractRevertedException.class, call);
    assertThat(reverted).as("expected a revert with %s", expected.getName()).isNotNull();
    assertThat(reverted.revertData())
        .as("revert data of %s", reverted.getMessage())
        .startsWith(ContractErrors.selector(expected));
    return reverted.error().orElseThrow();
  }
}
