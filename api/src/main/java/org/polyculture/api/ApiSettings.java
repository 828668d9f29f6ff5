package org.polyculture.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the API server listens and what it allows: the address, the browser origins allowed to call
 * it cross-origin (none by default: the UI is served from the same origin), the largest request
 * body, and the rate limits per client address for reads and writes. Built and validated by {@link
 * Builder}.
 */
public record ApiSettings(
    String host,
    int port,
    List<String> corsOrigins,
    long maxBodyBytes,
    double readsPerSecond,
    int readBurst,
    double writesPerSecond,
    int writeBurst,
    int maxTrackedClients) {

  private static final Pattern ORIGIN =
      Pattern.compile(
          "https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\\[[0-9a-fA-F:]+\\](:[0-9]{1,5})?");

  public ApiSettings {
    Objects.requireNonNull(host, "host");
    corsOrigins = List.copyOf(corsOrigins);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether {@link #host} is a loopback address (devnet accounts are refused otherwise). */
  public boolean isLoopback() {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Builds validated settings. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8080;
    private List<String> corsOrigins = List.of();
    private long maxBodyBytes = 64 * 1024;
    private double readsPerSecond = 50;
    private int readBurst = 200;
    private double writesPerSecond = 1;
    private int writeBurst = 10;
    private int maxTrackedClients = 10_000;

    private Builder() {}

    public Builder host(String value) {
      this.host = value;
      return this;
    }

    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder corsOrigin(Optional<String> origin) {
      this.corsOrigins = origin.map(List::of).orElse(List.of());
      return this;
    }

    public Builder maxBodyBytes(long value) {
      this.maxBodyBytes = value;
      return this;
    }

    public Builder reads(double perSecond, int burst) {
      this.readsPerSecond = perSecond;
      this.readBurst = burst;
      return this;
    }

    public Builder writes(double perSecond, int burst) {
      this.writesPerSecond = perSecond;
      this.writeBurst = burst;
      return this;
    }

    public Builder maxTrackedClients(int value) {
      this.maxTrackedClients = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first invalid value
     */
    public ApiSettings build() {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("a listen host is required");
      }
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
      }
      for (String origin : corsOrigins) {
        if (!ORIGIN.matcher(origin).matches()) {
          throw new IllegalArgumentException(
              "a CORS origin is scheme://host[:port] with no path or wildcard: " + origin);
        }
      }
      if (maxBodyBytes < 1_024 || maxBodyBytes > 16 * 1024 * 1024) {
        throw new IllegalArgumentException("max body must be 1 KiB to 16 MiB: " + maxBodyBytes);
      }
      if (readsPerSecond <= 0 || readBurst < 1 || writesPerSecond <= 0 || writeBurst < 1) {
        throw new IllegalArgumentException("rate limits must be positive");
      }
      if (maxTrackedClients < 1) {
        throw new IllegalArgumentException("max tracked clients must be positive");
      }
      return new ApiSettings(
          host,
          port,
          corsOrigins,
          maxBodyBytes,
          readsPerSecond,
          readBurst,
          writesPerSecond,
          writeBurst,
          maxTrackedClients);
    }
  }
}
