package org.polyculture.worker;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.StepExecutor;
import org.polyculture.storage.InMemoryKeyValueStorage;
import org.polyculture.worker.cheat.CheatStrategy;

/**
 * Segment 0 of the tiny job trained by a {@link SegmentTrainer} with some strategy into an
 * in-memory store, with every state kept, and the check a verifier makes of each step: recompute it
 * honestly from the recorded state before it and compare with the recorded hash after it.
 */
final class TrainedSegment {

  static final BigInteger JOB = BigInteger.ZERO;

  final TinyJob job;
  final WorkerStore store;
  final SegmentRecord record;
  final SegmentTrainer trainer;

  private TrainedSegment(
      TinyJob job, WorkerStore store, SegmentRecord record, SegmentTrainer trainer) {
    this.job = job;
    this.store = store;
    this.record = record;
    this.trainer = trainer;
  }

  static TrainedSegment train(TinyJob job, CheatStrategy cheat, int length) {
    return train(job, cheat, length, 1);
  }

  /** Trained keeping the whole state every {@code checkpointEvery} steps. */
  static TrainedSegment train(TinyJob job, CheatStrategy cheat, int length, int checkpointEvery) {
    StateHasher hasher = StateHasher.singleThreaded();
    WorkerStore store = new WorkerStore(new InMemoryKeyValueStorage(), hasher);
    SegmentTrainer trainer = new SegmentTrainer(store, hasher, checkpointEvery, cheat);
    SegmentRecord claiming =
        SegmentRecord.claiming(new SegmentKey(JOB, 0, 0), 0, 0, length, job.genesisHash(), 600);
    store.begin(claiming, job.genesis(), job.genesisHash());
    SegmentRecord training =
        claiming.withLease(Long.MAX_VALUE).withPhase(SegmentPhase.TRAINING, "");
    store.put(training);
    try (ScalarBackend backend = new ScalarBackend()) {
      SegmentRecord trained =
          trainer
              .train(
                  training,
                  job.context(JOB, length),
                  new StepExecutor(backend, TinyJob.CONFIG),
                  () -> false,
                  (key, done, of, loss) -> {})
              .orElseThrow();
      store.put(trained);
      return new TrainedSegment(job, store, trained, trainer);
    }
  }

  /** The recorded state after {@code step} steps. */
  TrainingState state(long step) {
    return store.loadState(record.key(), step, TinyJob.CONFIG).orElseThrow();
  }

  Bytes32 recordedHash(long step) {
    return store.stateHash(record.key(), step).orElseThrow();
  }

  /** The offsets whose honest recomputation from the recorded state disagrees with the record. */
  List<Integer> disagreeingOffsets() {
    List<Integer> offsets = new ArrayList<>();
    StateHasher hasher = StateHasher.singleThreaded();
    try (ScalarBackend backend = new ScalarBackend()) {
      StepExecutor executor = new StepExecutor(backend, TinyJob.CONFIG);
      for (int k = 0; k < record.length(); k++) {
        TrainingState before = state(k);
        TrainingState recomputed = executor.step(before, job.sampler().sample(k)).state();
        if (!hasher.hash(recomputed).equals(recordedHash(k + 1))) {
          offsets.add(k);
        }
      }
    }
    return offsets;
  }

  Commitment trainedCommitment() {
    return new Commitment(
        record.startStateHash(),
        record.stepRoot().orElseThrow(),
        record.endStateHash().orElseThrow());
  }
}
