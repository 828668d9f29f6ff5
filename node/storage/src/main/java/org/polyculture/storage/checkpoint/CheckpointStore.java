package org.polyculture.storage.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.state.DecodeError;
import org.polyculture.engine.state.DecodeResult;
import org.polyculture.engine.state.StateCodec;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.storage.Column;
import org.polyculture.storage.KeyValue;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.KeyValueTransaction;
import org.polyculture.storage.checkpoint.CheckpointLoad.Reason;

/**
 * A training run's states, per-step state hashes, losses and metadata on a {@link KeyValueStorage}
 * (LMDB in production).
 *
 * <p>Everything is keyed by the <em>state step</em> {@code s}: the number of steps taken, so {@code
 * s = 0} is the genesis state and the state hash of {@code s = t + 1} is the hash that step {@code
 * t} produced. Keys are {@code u64} big-endian so that they sort by step. A stored state is always
 * checked against its recorded hash when it is loaded.
 */
public final class CheckpointStore {

  static final Column STATES = new Column("checkpoint-states");
  static final Column CHECKPOINT_INDEX = new Column("checkpoint-index");
  static final Column STATE_HASHES = new Column("checkpoint-state-hashes");
  static final Column LOSSES = new Column("checkpoint-losses");
  static final Column RUN = new Column("checkpoint-run");

  private static final Bytes RUN_METADATA_KEY = Bytes.wrap(new byte[] {1});
  private static final Bytes LATEST_STEP_KEY = Bytes.wrap(new byte[] {2});
  private static final Bytes ALL = Bytes.EMPTY;
  private static final int SCAN_PAGE = 1024;

  private final KeyValueStorage storage;
  private final StateHasher hasher;

  public CheckpointStore(KeyValueStorage storage, StateHasher hasher) {
    this.storage = storage;
    this.hasher = hasher;
  }

  public void putRunMetadata(RunMetadata metadata) {
    try (KeyValueTransaction transaction = storage.begin()) {
      transaction.put(RUN, RUN_METADATA_KEY, metadata.encode());
      transaction.commit();
    }
  }

  /** The run's metadata; empty if none was stored. */
  public Optional<DecodeResult<RunMetadata>> runMetadata() {
    return storage.get(RUN, RUN_METADATA_KEY).map(RunMetadata::decode);
  }

  /**
   * Records the state after {@code state.step()} steps: its hash always, the loss of the step that
   * produced it when given, and the whole state when {@code keepState} is set; all in one
   * transaction.
   *
   * @return the state hash
   */
  public Bytes32 record(TrainingState state, Optional<Float> loss, boolean keepState) {
    Bytes32 hash = hasher.hash(state);
    record(state, hash, loss, keepState);
    return hash;
  }

  /**
   * Records a state whose hash the caller computed with the same {@link StateHasher} construction
   * (to time it, say); {@link #load} checks it again.
   */
  public void record(TrainingState state, Bytes32 hash, Optional<Float> loss, boolean keepState) {
    record(
        List.of(
            new StateRecord(
                state.step(), hash, loss, keepState ? Optional.of(state) : Optional.empty())));
  }

  /**
   * Writes several records in one transaction: a trainer batches the steps between checkpoints so
   * that the store syncs to disk once per checkpoint, not once per step.
   */
  public void record(List<StateRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    long highest = records.stream().mapToLong(StateRecord::step).max().orElseThrow();
    boolean advancesLatest = latestStep().map(latest -> latest < highest).orElse(true);
    try (KeyValueTransaction transaction = storage.begin()) {
      for (StateRecord record : records) {
        Bytes key = key(record.step());
        transaction.put(STATE_HASHES, key, record.hash());
        record.loss().ifPresent(value -> transaction.put(LOSSES, key, floatBytes(value)));
        if (record.state().isPresent()) {
          transaction.put(STATES, key, StateCodec.encode(record.state().get()));
          transaction.put(CHECKPOINT_INDEX, key, Bytes.EMPTY);
        }
      }
      if (advancesLatest) {
        transaction.put(RUN, LATEST_STEP_KEY, key(highest));
      }
      transaction.commit();
    }
  }

  /**
   * What is recorded about the state after {@code step} steps.
   *
   * @param hash its state hash
   * @param loss the loss of the step that produced it (none for genesis)
   * @param state the whole state, when it is to be kept as a checkpoint
   */
  public record StateRecord(
      long step, Bytes32 hash, Optional<Float> loss, Optional<TrainingState> state) {
    public StateRecord {
      if (state.isPresent() && state.get().step() != step) {
        throw new IllegalArgumentException(
            "a state of step " + state.get().step() + " recorded as step " + step);
      }
    }
  }

  /** The recorded hash of the state after {@code step} steps. */
  public Optional<Bytes32> stateHash(long step) {
    return storage.get(STATE_HASHES, key(step)).map(CheckpointStore::hashValue);
  }

  /** The recorded loss of the step that produced the state after {@code step} steps. */
  public Optional<Float> loss(long step) {
    return storage
        .get(LOSSES, key(step))
        .filter(bytes -> bytes.size() == Float.BYTES)
        .map(bytes -> ByteBuffer.wrap(bytes.toArray()).order(ByteOrder.LITTLE_ENDIAN).getFloat());
  }

  /** The highest state step with a recorded hash. */
  public Optional<Long> latestStep() {
    return storage.get(RUN, LATEST_STEP_KEY).map(CheckpointStore::step);
  }

  /** The highest state step {@code ≤ atMost} whose whole state is stored. */
  public Optional<Long> latestCheckpoint(long atMost) {
    // Keys sort by step; page through the index and keep the last key not above atMost.
    Optional<Long> last = Optional.empty();
    Bytes from = ALL;
    while (true) {
      List<KeyValue> page = storage.scan(CHECKPOINT_INDEX, ALL, from, SCAN_PAGE);
      for (KeyValue entry : page) {
        long step = step(entry.key());
        if (step > atMost) {
          return last;
        }
        last = Optional.of(step);
      }
      if (page.size() < SCAN_PAGE) {
        return last;
      }
      from = key(step(page.get(page.size() - 1).key()) + 1);
    }
  }

  /** The state after {@code step} steps, checked against its recorded hash. */
  public CheckpointLoad load(long step) {
    Optional<Bytes> bytes = storage.get(STATES, key(step));
    if (bytes.isEmpty()) {
      return new CheckpointLoad.Missing(step);
    }
    DecodeResult<TrainingState> decoded = StateCodec.decode(bytes.get());
    if (!decoded.isValid()) {
      DecodeError error = decoded.error().orElseThrow();
      Reason reason =
          switch (error.reason()) {
            case UNSUPPORTED_SPEC_VERSION -> Reason.UNSUPPORTED_SPEC_VERSION;
            case CONFIG_MISMATCH -> Reason.CONFIG_MISMATCH;
            default -> Reason.CORRUPT;
          };
      return new CheckpointLoad.Rejected(step, reason, error.toString());
    }
    TrainingState state = decoded.value();
    if (state.step() != step) {
      return new CheckpointLoad.Rejected(
          step, Reason.WRONG_STEP, "stored under step " + step + " but is step " + state.step());
    }
    Optional<Bytes32> recorded = stateHash(step);
    if (recorded.isEmpty()) {
      return new CheckpointLoad.Rejected(step, Reason.NO_RECORDED_HASH, "no hash for step " + step);
    }
    Bytes32 actual = hasher.hash(state);
    if (!actual.equals(recorded.get())) {
      return new CheckpointLoad.Rejected(
          step,
          Reason.HASH_MISMATCH,
          "state hashes to " + actual.toHexString() + ", recorded " + recorded.get().toHexString());
    }
    return new CheckpointLoad.Loaded(state, actual);
  }

  private static Bytes key(long step) {
    return Bytes.ofUnsignedLong(step);
  }

  private static long step(Bytes key) {
    if (key.size() != Long.BYTES) {
      throw new CorruptCheckpointException("a step key has " + key.size() + " bytes");
    }
    return key.toLong();
  }

  private static Bytes floatBytes(float value) {
    return Bytes.wrap(
        ByteBuffer.allocate(Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array());
  }

  private static Bytes32 hashValue(Bytes bytes) {
    if (bytes.size() != Bytes32.SIZE) {
      throw new CorruptCheckpointException("a recorded state hash has " + bytes.size() + " bytes");
    }
    return Bytes32.wrap(bytes);
  }
}
