package org.polyculture.transfer.client;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.polyculture.transfer.TransferException;

/**
 * Collects a response body into memory with a hard bound, one buffer at a time (so the HTTP client
 * never reads ahead of what is accepted). A declared or actual length over the bound, or a body
 * shorter than an exactly expected length, fails the body with a {@link Rejected} before more is
 * read. Bodies of error statuses are kept only up to a small prefix, for the message.
 */
final class BoundedBody implements HttpResponse.BodyHandler<byte[]> {

  /** The part of an error body that is kept for the message. */
  static final int ERROR_PREFIX = 1024;

  private final long limit;
  private final OptionalLong exact;
  private volatile Collector current;

  /**
   * @param limit the most bytes a successful body may have
   * @param exact the length a successful body must have, if known
   */
  BoundedBody(long limit, OptionalLong exact) {
    if (limit < 0 || limit > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a body bound must fit one array: " + limit);
    }
    this.limit = limit;
    this.exact = exact;
  }

  @Override
  public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
    Collector collector;
    if (info.statusCode() != 200) {
      collector = new Collector(ERROR_PREFIX, OptionalLong.empty(), true);
    } else {
      OptionalLong declared = info.headers().firstValueAsLong("Content-Length");
      collector = new Collector(limit, exact, false);
      if (declared.isPresent() && declared.getAsLong() > limit) {
        collector.reject(
            TransferException.Reason.TOO_LARGE,
            "declares " + declared.getAsLong() + " bytes; at most " + limit + " are accepted");
      } else if (declared.isPresent()
          && exact.isPresent()
          && declared.getAsLong() != exact.getAsLong()) {
        collector.reject(
            declared.getAsLong() < exact.getAsLong()
                ? TransferException.Reason.TRUNCATED
                : TransferException.Reason.TOO_LARGE,
            "declares "
                + declared.getAsLong()
                + " bytes; exactly "
                + exact.getAsLong()
                + " needed");
      }
    }
    current = collector;
    return collector;
  }

  /** Stops reading the body now (the request timed out). */
  void abort() {
    Collector collector = current;
    if (collector != null) {
      collector.reject(TransferException.Reason.TIMEOUT, "aborted");
    }
  }

  /** A body refused while it was read. */
  static final class Rejected extends IOException {
    private final TransferException.Reason reason;

    Rejected(TransferException.Reason reason, String message) {
      super(message);
      this.reason = reason;
    }

    TransferException.Reason reason() {
      return reason;
    }
  }

  private static final class Collector implements HttpResponse.BodySubscriber<byte[]> {
    private static final int INITIAL = 64 << 10;

    private final long limit;
    private final OptionalLong exact;
    private final boolean truncateSilently;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private byte[] buffer;
    private int size;
    private boolean cancelled;

    Collector(long limit, OptionalLong exact, boolean truncateSilently) {
      this.limit = limit;
      this.exact = exact;
      this.truncateSilently = truncateSilently;
      int initial = (int) (exact.isPresent() ? exact.getAsLong() : Math.min(limit, INITIAL));
      this.buffer = new byte[Math.max(0, initial)];
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription newSubscription) {
      this.subscription = newSubscription;
      if (result.isDone()) {
        newSubscription.cancel();
      } else {
        newSubscription.request(1);
      }
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        int n = item.remaining();
        if ((long) size + n > limit) {
          if (truncateSilently) {
            item.get(buffer(limit), size, (int) (limit - size));
            size = (int) limit;
            finish();
            cancel();
          } else {
            reject(
                TransferException.Reason.TOO_LARGE,
                "the body exceeds " + limit + " bytes; the rest was not read");
          }
          return;
        }
        item.get(buffer((long) size + n), size, n);
        size += n;
      }
      subscription.request(1);
    }

    @Override
    public synchronized void onError(Throwable error) {
      if (result.isDone()) {
        return;
      }
      if (exact.isPresent() && size < exact.getAsLong()) {
        result.completeExceptionally(
            new Rejected(
                TransferException.Reason.TRUNCATED,
                "the connection ended after "
                    + size
                    + " of "
                    + exact.getAsLong()
                    + " bytes: "
                    + error));
      } else {
        result.completeExceptionally(error);
      }
    }

    @Override
    public synchronized void onComplete() {
      if (result.isDone()) {
        return;
      }
      if (exact.isPresent() && size != exact.getAsLong()) {
        result.completeExceptionally(
            new Rejected(
                TransferException.Reason.TRUNCATED,
                "the body has " + size + " bytes; exactly " + exact.getAsLong() + " needed"));
        return;
      }
      finish();
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    synchronized void reject(TransferException.Reason reason, String message) {
      if (result.completeExceptionally(new Rejected(reason, message))) {
        cancel();
      }
    }

    private void finish() {
      result.complete(size == buffer.length ? buffer : Arrays.copyOf(buffer, size));
    }

    private void cancel() {
      if (!cancelled && subscription != null) {
        cancelled = true;
        subscription.cancel();
      }
    }

    /** The buffer, grown (doubling, capped at the limit) to hold {@code needed} bytes. */
    private byte[] buffer(long needed) {
      if (needed > buffer.length) {
        long grown = Math.min(limit, Math.max(needed, 2L * buffer.length));
        buffer = Arrays.copyOf(buffer, (int) grown);
      }
      return buffer;
    }
  }
}
