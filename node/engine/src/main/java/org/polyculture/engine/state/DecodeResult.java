package org.polyculture.engine.state;

import java.util.NoSuchElementException;
import java.util.Optional;

/** The outcome of strictly decoding bytes: a value, or the typed reason they were rejected. */
public final class DecodeResult<T> {

  private final Optional<T> value;
  private final Optional<DecodeError> error;

  private DecodeResult(Optional<T> value, Optional<DecodeError> error) {
    this.value = value;
    this.error = error;
  }

  public static <T> DecodeResult<T> valid(T value) {
    return new DecodeResult<>(Optional.of(value), Optional.empty());
  }

  public static <T> DecodeResult<T> rejected(DecodeError.Reason reason, String detail) {
    return new DecodeResult<>(Optional.empty(), Optional.of(new DecodeError(reason, detail)));
  }

  public boolean isValid() {
    return value.isPresent();
  }

  /** The decoded value; throws if the bytes were rejected (check {@link #isValid()} first). */
  public T value() {
    return value.orElseThrow(() -> new NoSuchElementException("rejected: " + error.orElseThrow()));
  }

  public Optional<DecodeError> error() {
    return error;
  }

  @Override
  public String toString() {
    return value.map(v -> "valid " + v).orElseGet(() -> "rejected " + error.orElseThrow());
  }
}
