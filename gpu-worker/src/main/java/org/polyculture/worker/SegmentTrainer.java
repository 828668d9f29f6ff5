package org.polyculture.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.data.BatchSampler;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.StepExecutor;
import org.polyculture.engine.train.StepOutcome;
import org.polyculture.protocol.merkle.StepMerkleTree;
import org.polyculture.worker.cheat.CheatStep;
import org.polyculture.worker.cheat.CheatStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a claimed segment from its latest checkpoint to its end. Every state hash and loss is
 * kept; the whole state every {@code checkpointEvery} steps and at the end, in one transaction with
 * the hashes before it and the record's progress, so a restart continues from the last checkpoint
 * and recomputes only the steps after it. The same {@link #step} serves recomputation for the
 * server, so a state recomputed to be served is the state that was recorded.
 */
public final class SegmentTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentTrainer.class);

  private final WorkerStore store;
  private final StateHasher hasher;
  private final int checkpointEvery;
  private final CheatStrategy cheat;

  public SegmentTrainer(
      WorkerStore store, StateHasher hasher, int checkpointEvery, CheatStrategy cheat) {
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("checkpointEvery must be positive: " + checkpointEvery);
    }
    this.store = store;
    this.hasher = hasher;
    this.checkpointEvery = checkpointEvery;
    this.cheat = cheat;
  }

  /** One step of {@code record}'s segment from {@code before}, as this worker computes it. */
  public StepOutcome step(
      SegmentRecord record, TrainingState before, StepExecutor executor, BatchSampler sampler) {
    int offset = (int) (before.step() - record.firstStep());
    return cheat.step(new CheatStep(offset, record.length(), before, executor, sampler));
  }

  /**
   * Trains {@code record} (phase TRAINING) to its end and returns it TRAINED with the commitment to
   * send; empty when {@code stopping} turned true first (progress up to the last checkpoint is
   * kept).
   */
  public Optional<SegmentRecord> train(
      SegmentRecord record,
      JobContext job,
      StepExecutor executor,
      BooleanSupplier stopping,
      ProgressListener progress) {
    SegmentKey key = record.key();
    if (!cheat.trains()) {
      return Optional.of(trained(record, record.startStateHash(), record.startStateHash()));
    }
    long from = store.latestCheckpoint(key, record.endStep()).orElseThrow(() -> missing(record));
    TrainingState state =
        store.loadState(key, from, job.config()).orElseThrow(() -> missing(record));
    BatchSampler sampler = job.sampler();
    List<StepEntry> pending = new ArrayList<>();
    long trainedThrough = from;
    SegmentRecord current = record;
    if (from > record.firstStep()) {
      LOG.info("{}: resuming training from step {}", key, from);
    }
    for (long t = from; t < record.endStep(); t++) {
      StepOutcome outcome = step(record, state, executor, sampler);
      state = outcome.state();
      Bytes32 hash = hasher.hash(state);
      pending.add(new StepEntry(t + 1, hash, Optional.of(outcome.loss()).filter(Float::isFinite)));
      boolean last = t + 1 == record.endStep();
      if (last || (t + 1 - record.firstStep()) % checkpointEvery == 0) {
        trainedThrough = t + 1;
        current = current.withTrainedThrough(trainedThrough);
        store.progress(current, pending, Optional.of(state));
        pending.clear();
      }
      progress.stepDone(key, t + 1 - record.firstStep(), record.length(), outcome.loss());
      if (!last && stopping.getAsBoolean()) {
        LOG.info("{}: stopping; training resumes from step {}", key, trainedThrough);
        return Optional.empty();
      }
    }
    List<Bytes32> hashes =
        store.steps(key, record.firstStep() + 1, record.endStep()).stream()
            .map(StepEntry::stateHash)
            .toList();
    if (hashes.size() != record.length()) {
      throw new IllegalStateException(
          key + ": " + hashes.size() + " step hashes recorded for " + record.length() + " steps");
    }
    Bytes32 root = StepMerkleTree.of(record.firstStep(), hashes).root();
    return Optional.of(trained(current, root, hashes.get(hashes.size() - 1)));
  }

  private static SegmentRecord trained(SegmentRecord record, Bytes32 root, Bytes32 end) {
    return record
        .withTrainedThrough(record.endStep())
        .withCommitment(root, end)
        .withPhase(SegmentPhase.TRAINED, "trained");
  }

  private static IllegalStateException missing(SegmentRecord record) {
    return new IllegalStateException(
        record.key() + ": no usable checkpoint to train from (the store is damaged)");
  }

  /** Told after every step, for logs and the status endpoint. */
  @FunctionalInterface
  public interface ProgressListener {
    void stepDone(SegmentKey key, long done, int of, float loss);
  }
}
