package org.polyculture.api.http;

import io.javalin.http.Context;
import java.util.Locale;

/**
 * Limits checked before a request reaches its handler: a body must declare its length, and not more
 * than the limit (so nothing is read from an oversized request), and each client address gets its
 * own rate of reads and of writes.
 */
public final class RequestLimits {

  private final long maxBodyBytes;
  private final RateLimiter reads;
  private final RateLimiter writes;

  public RequestLimits(long maxBodyBytes, RateLimiter reads, RateLimiter writes) {
    this.maxBodyBytes = maxBodyBytes;
    this.reads = reads;
    this.writes = writes;
  }

  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Runs before every request. */
  public void check(Context ctx) {
    boolean write =
        !ctx.method().name().equals("GET")
            && !ctx.method().name().equals("HEAD")
            && !ctx.method().name().equals("OPTIONS");
    long retryAfter = (write ? writes : reads).acquire(ctx.ip());
    if (retryAfter > 0) {
      throw ApiException.tooManyRequests(retryAfter);
    }
    if (!write) {
      return;
    }
    String length = ctx.header("Content-Length");
    String encoding = ctx.header("Transfer-Encoding");
    if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      throw ApiException.invalid(
          "Content-Length", "request bodies must declare their length (no chunked encoding)");
    }
    if (length == null) {
      return;
    }
    long declared;
    try {
      declared = Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      throw ApiException.invalid("Content-Length", "is not a number");
    }
    if (declared > maxBodyBytes) {
      throw ApiException.payloadTooLarge(maxBodyBytes);
    }
  }
}
