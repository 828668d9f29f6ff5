package org.polyculture.worker.cuda.check;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.polyculture.engine.backend.VectorBackend;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.train.StepExecutor;

/**
 * The CPU side of the check: the engine's {@code cpu} backend (bit-identical to the scalar
 * reference, property-tested in the engine) and state hasher on {@code threads} threads, driven by
 * the engine's own StepExecutor, exactly as a verifier recomputes a step.
 */
final class CpuReference implements AutoCloseable {

  private final int threads;
  private final ExecutorService executor;
  private final StateHasher hasher;

  CpuReference(int threads) {
    this.threads = threads;
    AtomicInteger number = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            Math.max(1, threads - 1),
            runnable -> {
              Thread thread = new Thread(runnable, "cpu-reference-" + number.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.hasher = new StateHasher(executor, threads);
  }

  int threads() {
    return threads;
  }

  StateHasher hasher() {
    return hasher;
  }

  /** A step executor on a fresh cpu backend; close the returned backend when done. */
  Executor executorFor(ModelConfig config) {
    VectorBackend backend = new VectorBackend(executor, threads);
    return new Executor(backend, new StepExecutor(backend, config));
  }

  /** A step executor and the backend it owns. */
  record Executor(VectorBackend backend, StepExecutor steps) implements AutoCloseable {
    @Override
    public void close() {
      backend.close();
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
