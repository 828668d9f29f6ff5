package org.polyculture.contracts;

import java.util.Optional;

/**
 * A contract call or transaction reverted. Carries the raw revert data and, when it matches an
 * error of our contracts (or Solidity's built-in ones), the decoded error.
 */
public class ContractRevertedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String revertData;
  private final transient DecodedError error;

  public ContractRevertedException(String context, String revertData) {
    this(context, revertData, ContractErrors.decode(revertData).orElse(null));
  }

  private ContractRevertedException(String context, String revertData, DecodedError error) {
    super(context + " reverted: " + (error != null ? error : "data " + revertData));
    this.revertData = revertData;
    this.error = error;
  }

  /** The revert data as 0x-prefixed hex (0x when the contract reverted without data). */
  public String revertData() {
    return revertData;
  }

  public Optional<DecodedError> error() {
    return Optional.ofNullable(error);
  }

  /** The decoded error's name, or empty when the data matched no known error. */
  public Optional<String> errorName() {
    return error().map(DecodedError::name);
  }
}
