package org.polyculture.verifier.fetch;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What came of asking a peer for data: the verified data, or the reason it could not be had. A peer
 * that withholds or corrupts data is expected, so this is a value, not an exception.
 *
 * @param <T> the data
 */
public sealed interface FetchResult<T> permits FetchResult.Fetched, FetchResult.Failed {

  static <T> FetchResult<T> fetched(T value) {
    return new Fetched<>(value);
  }

  static <T> FetchResult<T> failed(FetchFailure reason, String message) {
    return new Failed<>(reason, message);
  }

  default boolean isFetched() {
    return this instanceof Fetched<T>;
  }

  /** The data; empty when it could not be fetched. */
  Optional<T> value();

  /** The reason; empty when fetched. */
  Optional<FetchFailure> failure();

  /** A message for people; empty when fetched. */
  Optional<String> message();

  /** The same outcome with the data transformed. */
  <U> FetchResult<U> map(Function<T, U> mapping);

  /** Data that was fetched and verified. */
  record Fetched<T>(T data) implements FetchResult<T> {

    public Fetched {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public Optional<T> value() {
      return Optional.of(data);
    }

    @Override
    public Optional<FetchFailure> failure() {
      return Optional.empty();
    }

    @Override
    public Optional<String> message() {
      return Optional.empty();
    }

    @Override
    public <U> FetchResult<U> map(Function<T, U> mapping) {
      return new Fetched<>(mapping.apply(data));
    }
  }

  /** Data that could not be had. */
  record Failed<T>(FetchFailure reason, String description) implements FetchResult<T> {

    public Failed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(description, "description");
    }

    @Override
    public Optional<T> value() {
      return Optional.empty();
    }

    @Override
    public Optional<FetchFailure> failure() {
      return Optional.of(reason);
    }

    @Override
    public Optional<String> message() {
      return Optional.of(description);
    }

    @Override
    public <U> FetchResult<U> map(Function<T, U> mapping) {
      return new Failed<>(reason, description);
    }

    @Override
    public String toString() {
      return reason + ": " + description;
    }
  }
}
