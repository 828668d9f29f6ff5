package org.polyculture.transfer.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts and parallelism of a {@link TransferClient}.
 *
 * @param connectTimeout how long connecting to a peer may take
 * @param requestTimeout how long one request may take from sending it to the last body byte (a peer
 *     that drips a body slowly is cut off here)
 * @param parallelChunks chunks of one state fetched at once (each buffers at most 1 MiB)
 * @param threads threads of the HTTP client
 */
public record ClientSettings(
    Duration connectTimeout, Duration requestTimeout, int parallelChunks, int threads) {

  public ClientSettings {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
    if (parallelChunks < 1 || parallelChunks > 64) {
      throw new IllegalArgumentException("parallelChunks must be in [1, 64]: " + parallelChunks);
    }
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("threads must be in [1, 64]: " + threads);
    }
  }

  /** 5 s to connect, 60 s per request, 4 chunks at once, 4 threads. */
  public static ClientSettings defaults() {
    return new ClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(60), 4, 4);
  }

  public ClientSettings withRequestTimeout(Duration timeout) {
    return new ClientSettings(connectTimeout, timeout, parallelChunks, threads);
  }

  public ClientSettings withParallelChunks(int chunks) {
    return new ClientSettings(connectTimeout, requestTimeout, chunks, threads);
  }
}
