package org.polyculture.engine.backend;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Phaser;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the chunks of one op on the calling thread and on up to {@code threads - 1} helper tasks of
 * an injected executor. Chunks are claimed from a shared counter, so the caller alone can finish
 * all of them: a busy, saturated or shut-down executor slows an op down but never deadlocks it.
 * Which thread runs a chunk never changes a result, because every chunk writes its own outputs.
 */
final class ParallelRunner {

  /** The body of a parallel loop: handles chunk {@code chunk} of {@code chunks}. */
  @FunctionalInterface
  interface Chunk {
    void run(int chunk);
  }

  private final ExecutorService executor;
  private final int threads;

  ParallelRunner(ExecutorService executor, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.executor = executor;
    this.threads = threads;
  }

  /** A runner that does all the work on the calling thread and never needs an executor. */
  static ParallelRunner callerOnly() {
    return new ParallelRunner(null, 1);
  }

  int threads() {
    return threads;
  }

  /** Runs {@code body} for every chunk in {@code [0, chunks)} and returns when all are done. */
  void run(int chunks, Chunk body) {
    if (chunks <= 0) {
      return;
    }
    if (threads == 1 || chunks == 1) {
      for (int chunk = 0; chunk < chunks; chunk++) {
        body.run(chunk);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    // The caller is one party; each helper registers before it claims, so the caller's wait
    // covers every chunk that a helper has taken.
    Phaser running = new Phaser(1);
    Runnable helper =
        () -> {
          running.register();
          try {
            claimAndRun(chunks, body, next, failure);
          } finally {
            running.arriveAndDeregister();
          }
        };
    int helpers = Math.min(threads, chunks) - 1;
    for (int i = 0; i < helpers; i++) {
      try {
        executor.execute(helper);
      } catch (RejectedExecutionException rejected) {
        break;
      }
    }
    claimAndRun(chunks, body, next, failure);
    running.arriveAndAwaitAdvance();
    Throwable thrown = failure.get();
    if (thrown instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (thrown instanceof Error error) {
      throw error;
    }
    if (thrown != null) {
      throw new IllegalStateException("a parallel chunk failed", thrown);
    }
  }

  private static void claimAndRun(
      int chunks, Chunk body, AtomicInteger next, AtomicReference<Throwable> failure) {
    for (int chunk = next.getAndIncrement(); chunk < chunks; chunk = next.getAndIncrement()) {
      if (failure.get() != null) {
        return;
      }
      try {
        body.run(chunk);
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
        return;
      }
    }
  }
}
