package org.polyculture.app.training;

import java.util.function.LongSupplier;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.app.cli.CommandFailure;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.data.BatchSampler;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.StepExecutor;
import org.polyculture.storage.checkpoint.CheckpointStore;

/**
 * Recomputes step {@code t} of a recorded run: loads the latest checkpoint at or before {@code t}
 * (the state before step {@code t}, replaying the steps in between and checking each against its
 * recorded hash), runs step {@code t} and compares the state hash with the recorded one.
 */
public final class StepReplay {

  private final OpenedRun run;
  private final TrainingData dataset;
  private final ComputeResources compute;
  private final LongSupplier nanoTime;

  public StepReplay(
      OpenedRun run, TrainingData dataset, ComputeResources compute, LongSupplier nanoTime) {
    this.run = run;
    this.dataset = dataset;
    this.compute = compute;
    this.nanoTime = nanoTime;
  }

  public ReplayReport replay(long step) {
    CheckpointStore store = run.store();
    Bytes32 recorded =
        store
            .stateHash(step + 1)
            .orElseThrow(
                () ->
                    new CommandFailure(
                        ExitCode.NOT_FOUND,
                        "the run has no recorded state hash for step "
                            + step
                            + " (it recorded "
                            + store.latestStep().orElse(0L)
                            + " steps)"));
    long from =
        store
            .latestCheckpoint(step)
            .orElseThrow(
                () ->
                    new CommandFailure(
                        ExitCode.CORRUPT_CHECKPOINT,
                        "the run has no checkpoint at or before step " + step));
    TrainingState state = run.loadCheckpoint(from);
    ModelConfig config = state.config();
    BatchSampler sampler =
        new BatchSampler(dataset.stream(), state.jobSeed(), config.batch(), config.context());
    long start = nanoTime.getAsLong();
    try (Backend backend = compute.newBackend()) {
      StepExecutor executor = new StepExecutor(backend, config);
      for (long t = from; t < step; t++) {
        state = executor.step(state, sampler.sample(t)).state();
        Bytes32 hash = compute.hasher().hash(state);
        if (!store.stateHash(t + 1).map(hash::equals).orElse(false)) {
          return report(step, from, recorded, hash, false, t, start);
        }
      }
      state = executor.step(state, sampler.sample(step)).state();
      Bytes32 recomputed = compute.hasher().hash(state);
      return report(step, from, recorded, recomputed, recomputed.equals(recorded), null, start);
    }
  }

  private ReplayReport report(
      long step,
      long from,
      Bytes32 recorded,
      Bytes32 recomputed,
      boolean match,
      Long divergedAt,
      long start) {
    return new ReplayReport(
        step,
        from,
        recorded.toHexString(),
        recomputed.toHexString(),
        match,
        divergedAt,
        compute.backendName(),
        compute.threads(),
        (nanoTime.getAsLong() - start) / 1e9);
  }
}
