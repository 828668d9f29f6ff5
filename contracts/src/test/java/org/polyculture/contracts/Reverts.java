package org.polyculture.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.web3j.abi.datatypes.CustomError;

/** Assertions on reverts by custom error. */
final class Reverts {

  private Reverts() {}

  /**
   * Asserts that the call reverts with exactly this custom error (Web3j wraps reverts of
   * deployments in a RuntimeException), and returns it decoded.
   */
  static DecodedError assertRevertsWith(ThrowingCallable call, CustomError expected) {
    Throwable thrown = catchThrowable(call);
    Throwable cause = thrown;
    while (cause != null && !(cause instanceof ContractRevertedException)) {
      cause = cause.getCause();
    }
    assertThat(cause)
        .as("expected a revert with %s, got %s", expected.getName(), thrown)
        .isInstanceOf(ContractRevertedException.class);
    ContractRevertedException reverted = (ContractRevertedException) cause;
    assertThat(reverted.revertData())
        .as("revert data of %s", reverted.getMessage())
        .startsWith(ContractErrors.selector(expected));
    return reverted.error().orElseThrow();
  }
}
