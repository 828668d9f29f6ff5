package org.polyculture.chain.tx;

import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.exceptions.ClientConnectionException;

/**
 * Retries a call whose transport fails (an IOException: connection refused, reset, timeout) with
 * exponential backoff. Errors the node answers with are not transport failures and are not retried
 * here.
 */
public final class RetryPolicy {

  private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

  private final int attempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Sleeper sleeper;

  public RetryPolicy(TransactionSettings settings, Sleeper sleeper) {
    this.attempts = settings.transportAttempts();
    this.initialBackoff = settings.initialBackoff();
    this.maxBackoff = settings.maxBackoff();
    this.sleeper = sleeper;
  }

  public <T> T call(String what, IoCall<T> call) throws IOException {
    Duration backoff = initialBackoff;
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (IOException | ClientConnectionException failure) {
        // Web3j reports an HTTP error status (a proxy's 502, a restarting node's 503) as an
        // unchecked ClientConnectionException: a transport failure like any other.
        IOException e =
            failure instanceof IOException io
                ? io
                : new IOException(what + ": " + failure.getMessage(), failure);
        if (attempt >= attempts) {
          throw e;
        }
        LOG.warn(
            "{} failed ({}); retrying in {} ms ({} of {})",
            what,
            e.toString(),
            backoff.toMillis(),
            attempt,
            attempts);
        sleeper.sleep(backoff);
        backoff = backoff.multipliedBy(2);
        if (backoff.compareTo(maxBackoff) > 0) {
          backoff = maxBackoff;
        }
      }
    }
  }

  /** A call that may fail in transport. */
  @FunctionalInterface
  public interface IoCall<T> {
    T call() throws IOException;
  }

  /** Waits; injected so tests need not. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper REAL =
        duration -> {
          try {
            Thread.sleep(duration);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry");
          }
        };

    void sleep(Duration duration) throws IOException;
  }
}
