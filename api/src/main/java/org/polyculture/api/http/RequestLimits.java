package org.polyculture.api.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Limits checked before a request reaches its handler: a body must declare its length, and not more
 * than the limit (an oversized body is never parsed), and each client address gets its own rate of
 * reads and of writes.
 */
public final class RequestLimits {

  /**
   * Oversized bodies up to this length are read and dropped before the 413 is sent: a socket closed
   * with unread bytes is reset, and the client may lose the answer along with it (a test saw "no
   * bytes" instead of the 413). Longer ones get the 413 with {@code Connection: close}.
   */
  static final long DRAIN_LIMIT = 1L << 20;

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
      if (declared <= DRAIN_LIMIT) {
        drain(ctx, declared);
      } else {
        ctx.header("Connection", "close");
      }
      throw ApiException.payloadTooLarge(maxBodyBytes);
    }
  }

  private static void drain(Context ctx, long length) {
    byte[] buffer = new byte[8192];
    long left = length;
    try {
      InputStream in = ctx.req().getInputStream();
      while (left > 0) {
        int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (read < 0) {
          return;
        }
        left -= read;
      }
    } catch (IOException e) {
      // The client went away or stalled past the idle timeout: there is nobody to answer.
    }
  }
}
