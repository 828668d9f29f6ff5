package org.polyculture.protocol;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The outcome of checking something that may legitimately be wrong (a peer's commitment, a manifest
 * read from disk, a proof): valid, or invalid with a reason a caller can branch on and a message a
 * person can read. Expected rejections are values, not exceptions.
 *
 * @param <R> the enum of reasons for rejection
 */
public sealed interface ValidationResult<R extends Enum<R>>
    permits ValidationResult.Valid, ValidationResult.Invalid {

  static <R extends Enum<R>> ValidationResult<R> valid() {
    return new Valid<>();
  }

  static <R extends Enum<R>> ValidationResult<R> invalid(R reason, String message) {
    return new Invalid<>(reason, message);
  }

  boolean isValid();

  default boolean isInvalid() {
    return !isValid();
  }

  /** The reason for rejection; empty when valid. */
  Optional<R> invalidReason();

  /** The human-readable message; empty when valid. */
  Optional<String> errorMessage();

  /** This result when invalid, otherwise the result of the next check (which runs only then). */
  default ValidationResult<R> and(Supplier<ValidationResult<R>> next) {
    return isValid() ? Objects.requireNonNull(next.get(), "next check returned null") : this;
  }

  /**
   * Turns a rejection into an exception, for callers where a rejection is a failure (a node's own
   * files).
   */
  default <X extends Exception> void orElseThrow(BiFunction<R, String, X> exception) throws X {
    if (this instanceof Invalid<R>(R reason, String message)) {
      throw exception.apply(reason, message);
    }
  }

  /** The valid result. */
  record Valid<R extends Enum<R>>() implements ValidationResult<R> {

    @Override
    public boolean isValid() {
      return true;
    }

    @Override
    public Optional<R> invalidReason() {
      return Optional.empty();
    }

    @Override
    public Optional<String> errorMessage() {
      return Optional.empty();
    }

    @Override
    public String toString() {
      return "Valid";
    }
  }

  /** A rejection with its reason and message. */
  record Invalid<R extends Enum<R>>(R reason, String message) implements ValidationResult<R> {

    public Invalid {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public boolean isValid() {
      return false;
    }

    @Override
    public Optional<R> invalidReason() {
      return Optional.of(reason);
    }

    @Override
    public Optional<String> errorMessage() {
      return Optional.of(message);
    }

    @Override
    public String toString() {
      return "Invalid[" + reason + ": " + message + "]";
    }
  }
}
