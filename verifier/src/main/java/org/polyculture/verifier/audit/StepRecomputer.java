package org.polyculture.verifier.audit;

import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.data.Batch;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.StepExecutor;
import org.polyculture.engine.train.StepOutcome;
import org.polyculture.verifier.job.JobWorkspace;

/**
 * Recomputes single training steps on this node's own backend: the batch of step {@code t} is
 * rebuilt from the job's seed and dataset alone, the step runs by the canonical program, and the
 * resulting state is hashed. The backend holding one model's tensors is kept between steps of the
 * same config. Not thread-safe (like the backend).
 */
public final class StepRecomputer implements AutoCloseable {

  private final Supplier<Backend> backends;
  private final StateHasher hasher;
  private final LongSupplier nanoTime;
  private Optional<Loaded> loaded = Optional.empty();

  public StepRecomputer(Supplier<Backend> backends, StateHasher hasher, LongSupplier nanoTime) {
    this.backends = backends;
    this.hasher = hasher;
    this.nanoTime = nanoTime;
  }

  public StateHasher hasher() {
    return hasher;
  }

  /** Runs step {@code before.step()} of the job from {@code before}. */
  public Recomputation recompute(JobWorkspace job, TrainingState before) {
    long started = nanoTime.getAsLong();
    StepExecutor executor = executorFor(before.config());
    Batch batch = job.batches().sample(before.step());
    StepOutcome outcome = executor.step(before, batch);
    return new Recomputation(
        hasher.hash(outcome.state()), outcome.loss(), nanoTime.getAsLong() - started);
  }

  private StepExecutor executorFor(ModelConfig config) {
    if (loaded.isPresent() && loaded.get().config().equals(config)) {
      return loaded.get().executor();
    }
    close();
    Backend backend = backends.get();
    try {
      StepExecutor executor = new StepExecutor(backend, config);
      loaded = Optional.of(new Loaded(config, backend, executor));
      return executor;
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  @Override
  public void close() {
    loaded.ifPresent(l -> l.backend().close());
    loaded = Optional.empty();
  }

  private record Loaded(ModelConfig config, Backend backend, StepExecutor executor) {}
}
