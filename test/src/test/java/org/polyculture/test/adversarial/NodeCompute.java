package org.polyculture.test.adversarial;

import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.backend.VectorBackend;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.worker.WorkerCompute;

/**
 * The backends a node of the suite computes on: the scalar reference, or the Vector API backend
 * with one or two threads (the helper threads from one shared pool). All give identical bits.
 */
enum NodeCompute {
  SCALAR(0),
  CPU_1_THREAD(1),
  CPU_2_THREADS(2);

  private final int threads;

  NodeCompute(int threads) {
    this.threads = threads;
  }

  Supplier<Backend> backends(ExecutorService pool) {
    return threads == 0 ? ScalarBackend::new : () -> new VectorBackend(pool, threads);
  }

  StateHasher hasher(ExecutorService pool) {
    return threads <= 1 ? StateHasher.singleThreaded() : new StateHasher(pool, threads);
  }

  WorkerCompute forWorker(ExecutorService pool) {
    Supplier<Backend> backends = backends(pool);
    StateHasher hasher = hasher(pool);
    String description = toString();
    return new WorkerCompute() {
      @Override
      public Backend newBackend() {
        return backends.get();
      }

      @Override
      public StateHasher hasher() {
        return hasher;
      }

      @Override
      public String description() {
        return description;
      }
    };
  }

  @Override
  public String toString() {
    return threads == 0 ? "scalar" : "cpu, " + threads + (threads == 1 ? " thread" : " threads");
  }
}
