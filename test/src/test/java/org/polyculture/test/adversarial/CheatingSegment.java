package org.polyculture.test.adversarial;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.data.BatchSampler;
import org.polyculture.engine.state.StateCodec;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.StepExecutor;
import org.polyculture.engine.train.StepOutcome;
import org.polyculture.protocol.merkle.StepMerkleTree;
import org.polyculture.worker.cheat.CheatStep;
import org.polyculture.worker.cheat.CheatStrategy;

/**
 * One segment trained the way a worker following {@code strategy} trains it (the worker's own
 * {@link CheatStrategy} hooks, stepped as its {@code SegmentTrainer} steps them): the states it
 * would serve, their hashes as it would commit them, and the step root. {@link #tamperedOffsets} is
 * the ground truth the detection measurement needs: the offsets whose committed state an honest
 * recomputation from the committed state before it does not reproduce (m of the S steps).
 *
 * @param firstStep the segment's first global step
 * @param startStateHash the state it starts from
 * @param stepHashes the committed state hash after each step, in order
 * @param servedBytes the canonical bytes of every state it serves, by hash (the start state too)
 * @param tamperedOffsets the offsets an honest recomputation disagrees with
 */
record CheatingSegment(
    long firstStep,
    Bytes32 startStateHash,
    List<Bytes32> stepHashes,
    Map<Bytes32, Bytes> servedBytes,
    BitSet tamperedOffsets,
    TrainingState endState) {

  /** Trains {@code length} steps from {@code start} as {@code strategy} does. */
  static CheatingSegment train(
      TrainingState start, int length, BatchSampler sampler, CheatStrategy strategy) {
    StateHasher hasher = StateHasher.singleThreaded();
    List<Bytes32> hashes = new ArrayList<>(length);
    Map<Bytes32, Bytes> served = new HashMap<>();
    BitSet tampered = new BitSet(length);
    Bytes32 startHash = hasher.hash(start);
    served.put(startHash, StateCodec.encode(start));
    try (ScalarBackend cheatBackend = new ScalarBackend();
        ScalarBackend honestBackend = new ScalarBackend()) {
      StepExecutor cheatExecutor = new StepExecutor(cheatBackend, start.config());
      StepExecutor honestExecutor = new StepExecutor(honestBackend, start.config());
      TrainingState state = start;
      for (int offset = 0; offset < length; offset++) {
        StepOutcome recorded =
            strategy.step(new CheatStep(offset, length, state, cheatExecutor, sampler));
        Bytes32 recordedHash = hasher.hash(recorded.state());
        Bytes32 honestHash =
            hasher.hash(honestExecutor.step(state, sampler.sample(state.step())).state());
        if (!honestHash.equals(recordedHash)) {
          tampered.set(offset);
        }
        state = recorded.state();
        hashes.add(recordedHash);
        served.put(recordedHash, StateCodec.encode(state));
      }
      return new CheatingSegment(
          start.step(), startHash, List.copyOf(hashes), Map.copyOf(served), tampered, state);
    }
  }

  int length() {
    return stepHashes.size();
  }

  Bytes32 stepRoot() {
    return StepMerkleTree.of(firstStep, stepHashes).root();
  }

  Bytes32 endStateHash() {
    return stepHashes.get(stepHashes.size() - 1);
  }

  /** m: how many of the S steps were tampered with. */
  int tamperedSteps() {
    return tamperedOffsets.cardinality();
  }
}
