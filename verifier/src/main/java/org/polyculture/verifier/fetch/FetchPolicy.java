package org.polyculture.verifier.fetch;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How patiently a verifier asks a worker before it concludes that data is withheld: {@code
 * attempts} tries (each bounded by the transfer client's own timeouts), {@code backoff} apart. A
 * data-availability dispute costs a bond, so one dropped connection must not open one.
 */
public record FetchPolicy(int attempts, Duration backoff, Sleeper sleeper) {

  public FetchPolicy {
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(sleeper, "sleeper");
    if (attempts < 1 || attempts > 100) {
      throw new IllegalArgumentException("attempts must be in [1, 100]: " + attempts);
    }
    if (backoff.isNegative()) {
      throw new IllegalArgumentException("backoff must not be negative");
    }
  }

  /** Asks until the data is fetched or the attempts are used up; returns the last outcome. */
  public <T> FetchResult<T> fetch(Supplier<FetchResult<T>> request) {
    FetchResult<T> result = request.get();
    for (int attempt = 1; attempt < attempts && !result.isFetched(); attempt++) {
      if (!sleeper.sleep(backoff)) {
        return result;
      }
      result = request.get();
    }
    return result;
  }

  /** Waits between attempts; returns false when interrupted (the node is stopping). */
  @FunctionalInterface
  public interface Sleeper {
    boolean sleep(Duration duration);

    Sleeper REAL =
        duration -> {
          try {
            Thread.sleep(duration);
            return true;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        };
  }
}
