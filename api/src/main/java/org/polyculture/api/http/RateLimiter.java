package org.polyculture.api.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets per client address: each client may make {@code burst} requests at once and {@code
 * perSecond} on average. Memory is bounded: at most {@code maxClients} buckets are kept, the least
 * recently seen client's bucket dropped first (a dropped client starts again with a full bucket,
 * which only ever errs toward letting a request through).
 */
public final class RateLimiter {

  private final double perSecond;
  private final double burst;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets;

  public RateLimiter(double perSecond, int burst, int maxClients, LongSupplier nanoTime) {
    if (perSecond <= 0 || burst < 1 || maxClients < 1) {
      throw new IllegalArgumentException("rate, burst and clients must be positive");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.buckets =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > maxClients;
          }
        };
  }

  /**
   * Takes a token for {@code client}: 0 when the request may proceed, otherwise the whole seconds
   * after which it may retry.
   */
  public synchronized long acquire(String client) {
    long now = nanoTime.getAsLong();
    Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
    double elapsed = (now - bucket.updated) / 1e9;
    bucket.tokens = Math.min(burst, bucket.tokens + elapsed * perSecond);
    bucket.updated = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perSecond));
  }

  /** Clients with a bucket now (at most the configured maximum). */
  public synchronized int clients() {
    return buckets.size();
  }

  private static final class Bucket {
    double tokens;
    long updated;

    Bucket(double tokens, long updated) {
      this.tokens = tokens;
      this.updated = updated;
    }
  }
}
