package org.polyculture.transfer.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How a transfer server listens and how much it takes on at once.
 *
 * @param host the address to bind ({@code 127.0.0.1} for a local devnet)
 * @param port the port, 0 for any free one
 * @param maxInFlight requests handled at once over all clients; more get 429
 * @param maxInFlightPerClient requests handled at once for one client address; more get 429
 * @param maxThreads Jetty's request threads
 * @param idleTimeout a connection with no progress for this long is closed (slow clients)
 */
public record ServerSettings(
    String host,
    int port,
    int maxInFlight,
    int maxInFlightPerClient,
    int maxThreads,
    Duration idleTimeout) {

  public ServerSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
    }
    if (maxInFlight < 1 || maxInFlightPerClient < 1 || maxInFlightPerClient > maxInFlight) {
      throw new IllegalArgumentException(
          "need 1 <= maxInFlightPerClient <= maxInFlight: "
              + maxInFlightPerClient
              + ", "
              + maxInFlight);
    }
    if (maxThreads < 4 || maxThreads > 1_024) {
      throw new IllegalArgumentException("maxThreads must be in [4, 1024]: " + maxThreads);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
    }
  }

  /** Defaults for a node on {@code host:port}: 64 requests at once, 8 per client, 30 s idle. */
  public static ServerSettings of(String host, int port) {
    return new ServerSettings(host, port, 64, 8, 32, Duration.ofSeconds(30));
  }

  public ServerSettings withLimits(int inFlight, int inFlightPerClient) {
    return new ServerSettings(host, port, inFlight, inFlightPerClient, maxThreads, idleTimeout);
  }
}
