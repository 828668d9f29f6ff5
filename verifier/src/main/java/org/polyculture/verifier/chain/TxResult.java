package org.polyculture.verifier.chain;

import java.util.Objects;
import java.util.Optional;

/**
 * What came of sending a transaction: included (with what it produced), or rejected by the contract
 * (the decoded custom error's name when known). Transport failures are exceptions.
 *
 * @param <T> what an included transaction produced
 */
public sealed interface TxResult<T> {

  static <T> TxResult<T> included(String transactionHash, T value) {
    return new Included<>(transactionHash, value);
  }

  static <T> TxResult<T> rejected(String error, String message) {
    return new Rejected<>(error, message);
  }

  default boolean isIncluded() {
    return this instanceof Included<T>;
  }

  /** The produced value when included. */
  Optional<T> value();

  /** Included in a block. */
  record Included<T>(String transactionHash, T produced) implements TxResult<T> {
    public Included {
      Objects.requireNonNull(transactionHash, "transactionHash");
      Objects.requireNonNull(produced, "produced");
    }

    @Override
    public Optional<T> value() {
      return Optional.of(produced);
    }
  }

  /** Reverted; {@code error} is the contract's error name, or "revert" when it gave none. */
  record Rejected<T>(String error, String message) implements TxResult<T> {
    public Rejected {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public Optional<T> value() {
      return Optional.empty();
    }

    @Override
    public String toString() {
      return error + " (" + message + ")";
    }
  }
}
