package org.polyculture.verifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.state.StateCodec;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.StepExecutor;
import org.polyculture.protocol.merkle.StepMerkleTree;
import org.polyculture.verifier.job.JobWorkspace;

/**
 * A segment trained by a test worker, honestly or with a {@link Cheat}: the states after each step,
 * their hashes as committed, the bytes the worker serves by hash, and the step root.
 */
public record TrainedSegment(
    long firstStep,
    Bytes32 startStateHash,
    List<TrainingState> states,
    List<Bytes32> committedHashes,
    Map<Bytes32, Bytes> servedBytes,
    Bytes32 stepRoot,
    Bytes32 endStateHash) {

  /** How a test worker departs from honest training. */
  public interface Cheat {
    /**
     * The state the worker keeps after the step at {@code offset}, given the honest one; the
     * default keeps it.
     */
    default TrainingState after(int offset, TrainingState before, TrainingState honest) {
      return honest;
    }

    /** The hash committed for the state kept after {@code offset}. */
    default Bytes32 committed(int offset, TrainingState kept, Bytes32 honestHash) {
      return honestHash;
    }

    /** The bytes served for the committed hash at {@code offset}. */
    default Bytes served(int offset, TrainingState kept) {
      return StateCodec.encode(kept);
    }

    /** The committed end state, given the last committed leaf. */
    default Bytes32 end(Bytes32 lastLeaf) {
      return lastLeaf;
    }
  }

  /** Trains honestly. */
  public static final Cheat HONEST = new Cheat() {};

  /** Skips the step at {@code offset}: keeps the parameters it started from, then trains on. */
  public static Cheat skipStep(int offset) {
    return new Cheat() {
      @Override
      public TrainingState after(int at, TrainingState before, TrainingState honest) {
        if (at != offset) {
          return honest;
        }
        return before.next(
            before.beta1Power(),
            before.beta2Power(),
            before.parameters(),
            before.firstMoments(),
            before.secondMoments());
      }
    };
  }

  /**
   * Commits, for the state after {@code offset}, the hash of bytes that are no state at all, and
   * serves those bytes; trains on from the honest state.
   */
  public static Cheat garbageState(int offset) {
    return new Cheat() {
      @Override
      public Bytes32 committed(int at, TrainingState kept, Bytes32 honestHash) {
        return at == offset ? StateHasher.hashSerialized(garbage()) : honestHash;
      }

      @Override
      public Bytes served(int at, TrainingState kept) {
        return at == offset ? garbage() : StateCodec.encode(kept);
      }

      private Bytes garbage() {
        return Bytes.wrap(new byte[] {'n', 'o', 't', ' ', 'a', ' ', 's', 't', 'a', 't', 'e'});
      }
    };
  }

  /** Commits an end state that differs from the last leaf. */
  public static Cheat contradictoryEnd() {
    return new Cheat() {
      @Override
      public Bytes32 end(Bytes32 lastLeaf) {
        return Bytes32.fromHexString("0x" + "ab".repeat(32));
      }
    };
  }

  /** Trains {@code length} steps of {@code workspace}'s job from {@code start}. */
  public static TrainedSegment train(
      JobWorkspace workspace, TrainingState start, int length, Cheat cheat) {
    StateHasher hasher = StateHasher.singleThreaded();
    Map<Bytes32, Bytes> served = new HashMap<>();
    Bytes32 startHash = hasher.hash(start);
    served.put(startHash, StateCodec.encode(start));
    List<TrainingState> states = new ArrayList<>(length);
    List<Bytes32> hashes = new ArrayList<>(length);
    try (ScalarBackend backend = new ScalarBackend()) {
      StepExecutor executor = new StepExecutor(backend, start.config());
      TrainingState state = start;
      for (int offset = 0; offset < length; offset++) {
        TrainingState honest =
            executor.step(state, workspace.batches().sample(state.step())).state();
        TrainingState kept = cheat.after(offset, state, honest);
        Bytes32 hash = cheat.committed(offset, kept, hasher.hash(kept));
        served.put(hash, cheat.served(offset, kept));
        states.add(kept);
        hashes.add(hash);
        state = kept;
      }
    }
    Bytes32 root = StepMerkleTree.of(start.step(), hashes).root();
    return new TrainedSegment(
        start.step(), startHash, states, hashes, served, root, cheat.end(hashes.get(length - 1)));
  }

  /** The state the next segment starts from. */
  public TrainingState endState() {
    return states.get(states.size() - 1);
  }
}
