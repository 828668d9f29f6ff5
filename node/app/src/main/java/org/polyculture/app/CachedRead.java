package org.polyculture.app;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value read from the chain at most once per {@code maxAge}, so that whoever asks for it often
 * (anyone polling a public report endpoint) costs the chain no more than one call per period. When
 * a read fails the last good value stays; before the first good read there is none.
 */
final class CachedRead<T> implements Supplier<Optional<T>> {

  private static final Logger LOG = LoggerFactory.getLogger(CachedRead.class);

  /** One read; any exception is a failed read. */
  @FunctionalInterface
  interface Read<T> {
    T read() throws Exception;
  }

  private final String what;
  private final Read<T> read;
  private final LongSupplier nanoTime;
  private final long maxAgeNanos;
  private Optional<T> value = Optional.empty();
  private boolean everRead;
  private long readAt;

  CachedRead(String what, Read<T> read, LongSupplier nanoTime, Duration maxAge) {
    this.what = what;
    this.read = read;
    this.nanoTime = nanoTime;
    this.maxAgeNanos = maxAge.toNanos();
  }

  @Override
  public synchronized Optional<T> get() {
    long now = nanoTime.getAsLong();
    if (everRead && now - readAt < maxAgeNanos) {
      return value;
    }
    everRead = true;
    readAt = now;
    try {
      value = Optional.of(read.read());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("cannot read {} now, showing the last value read: {}", what, e.getMessage());
    }
    return value;
  }
}
