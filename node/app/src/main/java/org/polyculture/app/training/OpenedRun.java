package org.polyculture.app.training;

import org.polyculture.app.cli.CommandFailure;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.checkpoint.CheckpointLoad;
import org.polyculture.storage.checkpoint.CheckpointStore;
import org.polyculture.storage.checkpoint.RunMetadata;

/**
 * A recorded run opened for replay or sampling: its store and metadata. Closing it closes the
 * storage.
 */
public record OpenedRun(KeyValueStorage storage, CheckpointStore store, RunMetadata metadata)
    implements AutoCloseable {

  /** The latest checkpointed state. */
  public TrainingState loadLatestCheckpoint() {
    long latest =
        store
            .latestCheckpoint(Long.MAX_VALUE)
            .orElseThrow(
                () -> new CommandFailure(ExitCode.CORRUPT_CHECKPOINT, "the run has no checkpoint"));
    return loadCheckpoint(latest);
  }

  /** The checkpoint of the state after {@code step} steps, or a typed failure. */
  public TrainingState loadCheckpoint(long step) {
    return switch (store.load(step)) {
      case CheckpointLoad.Loaded loaded -> loaded.state();
      case CheckpointLoad.Missing missing ->
          throw new CommandFailure(
              ExitCode.CORRUPT_CHECKPOINT, "checkpoint " + step + " is listed but missing");
      case CheckpointLoad.Rejected rejected -> throw rejection(rejected);
    };
  }

  static CommandFailure rejection(CheckpointLoad.Rejected rejected) {
    ExitCode code =
        rejected.reason() == CheckpointLoad.Reason.UNSUPPORTED_SPEC_VERSION
            ? ExitCode.UNSUPPORTED_SPEC_VERSION
            : ExitCode.CORRUPT_CHECKPOINT;
    return new CommandFailure(
        code,
        "checkpoint of step "
            + rejected.step()
            + " is unusable ("
            + rejected.reason()
            + "): "
            + rejected.detail());
  }

  @Override
  public void close() {
    storage.close();
  }
}
