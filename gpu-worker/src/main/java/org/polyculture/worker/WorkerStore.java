package org.polyculture.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.DecodeResult;
import org.polyculture.engine.state.StateCodec;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.storage.Column;
import org.polyculture.storage.KeyValue;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.KeyValueTransaction;

/**
 * Everything the worker keeps, in one {@link KeyValueStorage} (LMDB) beside the chain index: its
 * segment records with their phases, every state hash and loss of its segments, checkpointed
 * states, an index from state hash to where the state was recorded, and the jobs it refused. Writes
 * that belong together (a checkpoint, the hashes before it and the progress that records them) are
 * one transaction, so a crash never leaves a record that claims more than is stored.
 */
public final class WorkerStore {

  static final Column SEGMENTS = new Column("worker-segments");
  static final Column STEPS = new Column("worker-steps");
  static final Column STATES = new Column("worker-states");

  /** Empty values keyed like {@link #STATES}: which states are stored, without reading them. */
  static final Column CHECKPOINTS = new Column("worker-checkpoints");

  static final Column HASH_INDEX = new Column("worker-hash-index");
  static final Column REFUSED_JOBS = new Column("worker-refused-jobs");

  private static final int SCAN_PAGE = 512;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KeyValueStorage storage;
  private final StateHasher hasher;

  public WorkerStore(KeyValueStorage storage, StateHasher hasher) {
    this.storage = storage;
    this.hasher = hasher;
  }

  // ---------------------------------------------------------------- segment records

  public Optional<SegmentRecord> record(SegmentKey key) {
    return storage.get(SEGMENTS, key.encode()).map(WorkerStore::decodeRecord);
  }

  /** Every record, in key order (job, segment, generation). */
  public List<SegmentRecord> records() {
    List<SegmentRecord> records = new ArrayList<>();
    forEach(SEGMENTS, Bytes.EMPTY, Bytes.EMPTY, entry -> records.add(decodeRecord(entry.value())));
    return records;
  }

  /** This worker's claims of one job's segment, oldest first. */
  public List<SegmentRecord> claimsOf(BigInteger jobId, long segment) {
    List<SegmentRecord> claims = new ArrayList<>();
    Bytes prefix = SegmentKey.segmentPrefix(jobId, segment);
    forEach(SEGMENTS, prefix, prefix, entry -> claims.add(decodeRecord(entry.value())));
    return claims;
  }

  public void put(SegmentRecord record) {
    try (KeyValueTransaction transaction = storage.begin()) {
      transaction.put(SEGMENTS, record.key().encode(), encodeRecord(record));
      transaction.commit();
    }
  }

  /**
   * Stores a new claim with its start state (a checkpoint at its first step), in one transaction.
   */
  public void begin(SegmentRecord record, TrainingState start, Bytes32 startHash) {
    if (start.step() != record.firstStep()) {
      throw new IllegalArgumentException(
          "segment starts at step " + record.firstStep() + ", the state is step " + start.step());
    }
    // The start state is usually the end state of a segment this worker trained before, which
    // keeps it when pruned; this claim drops its start when pruned. The index keeps pointing at the
    // stored copy: after a fraud in this claim the job's tip rolls back to this start state, and
    // the next worker fetches it from here.
    boolean storedElsewhere =
        locate(startHash)
            .filter(at -> storage.get(STATES, stepKey(at.key(), at.step())).isPresent())
            .isPresent();
    try (KeyValueTransaction transaction = storage.begin()) {
      transaction.put(SEGMENTS, record.key().encode(), encodeRecord(record));
      StepEntry startEntry = new StepEntry(start.step(), startHash, Optional.empty());
      putStep(transaction, record.key(), startEntry, !storedElsewhere);
      putState(transaction, record.key(), start);
      transaction.commit();
    }
  }

  /**
   * Records training progress in one transaction: the steps' hashes and losses, the checkpoint
   * (when given), and the record that says how far it got.
   */
  public void progress(
      SegmentRecord record, List<StepEntry> steps, Optional<TrainingState> checkpoint) {
    try (KeyValueTransaction transaction = storage.begin()) {
      for (StepEntry step : steps) {
        putStep(transaction, record.key(), step, true);
      }
      checkpoint.ifPresent(state -> putState(transaction, record.key(), state));
      transaction.put(SEGMENTS, record.key().encode(), encodeRecord(record));
      transaction.commit();
    }
  }

  // ---------------------------------------------------------------- steps and states

  /** The recorded hash of the state after {@code step} steps in segment {@code key}. */
  public Optional<Bytes32> stateHash(SegmentKey key, long step) {
    return storage.get(STEPS, stepKey(key, step)).map(value -> Bytes32.wrap(value.slice(0, 32)));
  }

  /** The step entries of state steps {@code [from, to]} that are recorded, in order. */
  public List<StepEntry> steps(SegmentKey key, long from, long to) {
    List<StepEntry> entries = new ArrayList<>();
    forEach(
        STEPS,
        key.encode(),
        stepKey(key, from),
        entry -> {
          long step = stepOf(entry);
          return step <= to && entries.add(decodeStep(step, entry.value()));
        });
    return entries;
  }

  /** The highest step {@code <= atMost} of segment {@code key} with a stored state. */
  public Optional<Long> latestCheckpoint(SegmentKey key, long atMost) {
    List<Long> latest = new ArrayList<>(1);
    forEach(
        CHECKPOINTS,
        key.encode(),
        key.encode(),
        entry -> {
          long step = stepOf(entry);
          if (step > atMost) {
            return false;
          }
          latest.clear();
          return latest.add(step);
        });
    return latest.stream().findFirst();
  }

  /**
   * The stored state after {@code step} steps of segment {@code key}, decoded strictly for {@code
   * config} and checked against its recorded hash; empty if it is not stored or fails a check.
   */
  public Optional<TrainingState> loadState(SegmentKey key, long step, ModelConfig config) {
    Optional<Bytes> bytes = storage.get(STATES, stepKey(key, step));
    Optional<Bytes32> recorded = stateHash(key, step);
    if (bytes.isEmpty() || recorded.isEmpty()) {
      return Optional.empty();
    }
    DecodeResult<TrainingState> decoded = StateCodec.decode(bytes.get(), config);
    if (!decoded.isValid()
        || decoded.value().step() != step
        || !hasher.hash(decoded.value()).equals(recorded.get())) {
      return Optional.empty();
    }
    return Optional.of(decoded.value());
  }

  /** The canonical bytes of a stored state, as written (checked by whoever uses them). */
  public Optional<Bytes> stateBytes(SegmentKey key, long step) {
    return storage.get(STATES, stepKey(key, step));
  }

  /** Where the state with this hash was recorded (any segment that has it). */
  public Optional<StateLocation> locate(Bytes32 stateHash) {
    return storage
        .get(HASH_INDEX, stateHash)
        .map(
            value ->
                new StateLocation(
                    SegmentKey.decode(value.slice(0, SegmentKey.ENCODED_LENGTH)),
                    value.slice(SegmentKey.ENCODED_LENGTH).toLong()));
  }

  /**
   * Removes the stored states of segment {@code key} except at the steps in {@code keep}; the
   * hashes stay (they are small and the steps endpoint serves them).
   */
  public int pruneStates(SegmentKey key, List<Long> keep) {
    List<Bytes> remove = new ArrayList<>();
    forEach(
        CHECKPOINTS,
        key.encode(),
        key.encode(),
        entry -> keep.contains(stepOf(entry)) || remove.add(entry.key()));
    if (!remove.isEmpty()) {
      try (KeyValueTransaction transaction = storage.begin()) {
        for (Bytes stateKey : remove) {
          transaction.remove(STATES, stateKey);
          transaction.remove(CHECKPOINTS, stateKey);
        }
        transaction.commit();
      }
    }
    return remove.size();
  }

  /** The steps with stored states of segment {@code key}. */
  public List<Long> checkpointSteps(SegmentKey key) {
    List<Long> steps = new ArrayList<>();
    forEach(CHECKPOINTS, key.encode(), key.encode(), entry -> steps.add(stepOf(entry)));
    return steps;
  }

  // ---------------------------------------------------------------- jobs

  /** Why this worker refuses a job, if it does. */
  public Optional<String> refusal(BigInteger jobId) {
    return storage
        .get(REFUSED_JOBS, SegmentKey.job(jobId))
        .map(bytes -> new String(bytes.toArrayUnsafe(), StandardCharsets.UTF_8));
  }

  public void refuse(BigInteger jobId, String reason) {
    try (KeyValueTransaction transaction = storage.begin()) {
      transaction.put(
          REFUSED_JOBS, SegmentKey.job(jobId), Bytes.wrap(reason.getBytes(StandardCharsets.UTF_8)));
      transaction.commit();
    }
  }

  // ---------------------------------------------------------------- encoding

  private void putStep(
      KeyValueTransaction transaction, SegmentKey key, StepEntry step, boolean index) {
    ByteBuffer value = ByteBuffer.allocate(Bytes32.SIZE + 4).order(ByteOrder.LITTLE_ENDIAN);
    value.put(step.stateHash().toArrayUnsafe());
    value.putFloat(step.loss().orElse(Float.NaN));
    transaction.put(STEPS, stepKey(key, step.step()), Bytes.wrap(value.array()));
    if (!index) {
      return;
    }
    transaction.put(
        HASH_INDEX,
        step.stateHash(),
        Bytes.concatenate(key.encode(), Bytes.ofUnsignedLong(step.step())));
  }

  private void putState(KeyValueTransaction transaction, SegmentKey key, TrainingState state) {
    Bytes stateKey = stepKey(key, state.step());
    transaction.put(STATES, stateKey, StateCodec.encode(state));
    transaction.put(CHECKPOINTS, stateKey, Bytes.EMPTY);
  }

  private static StepEntry decodeStep(long step, Bytes value) {
    float loss =
        ByteBuffer.wrap(value.slice(32, 4).toArrayUnsafe())
            .order(ByteOrder.LITTLE_ENDIAN)
            .getFloat();
    return new StepEntry(
        step, Bytes32.wrap(value.slice(0, 32)), Optional.of(loss).filter(Float::isFinite));
  }

  /**
   * Visits the entries of {@code column} under {@code prefix} from {@code from} in key order, a
   * page at a time, until {@code visit} returns false.
   */
  private void forEach(Column column, Bytes prefix, Bytes from, Predicate<KeyValue> visit) {
    Bytes start = from;
    while (true) {
      List<KeyValue> page = storage.scan(column, prefix, start, SCAN_PAGE);
      for (KeyValue entry : page) {
        if (!visit.test(entry)) {
          return;
        }
      }
      if (page.size() < SCAN_PAGE) {
        return;
      }
      start = successor(page.get(page.size() - 1).key());
    }
  }

  private static long stepOf(KeyValue entry) {
    return entry.key().slice(SegmentKey.ENCODED_LENGTH).toLong();
  }

  static Bytes stepKey(SegmentKey key, long step) {
    return Bytes.concatenate(key.encode(), Bytes.ofUnsignedLong(step));
  }

  private static Bytes successor(Bytes key) {
    return Bytes.concatenate(key, Bytes.of(0));
  }

  private static Bytes encodeRecord(SegmentRecord record) {
    try {
      return Bytes.wrap(JSON.writeValueAsBytes(StoredRecord.of(record)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + record, e);
    }
  }

  private static SegmentRecord decodeRecord(Bytes bytes) {
    try {
      return JSON.readValue(bytes.toArrayUnsafe(), StoredRecord.class).toRecord();
    } catch (IOException e) {
      throw new IllegalStateException("a stored segment record does not decode", e);
    }
  }

  /** The stored form of a {@link SegmentRecord}: JSON with hex hashes and decimal amounts. */
  record StoredRecord(
      String jobId,
      long segment,
      long attempt,
      long generation,
      SegmentPhase phase,
      long firstStep,
      int length,
      String startStateHash,
      long leaseDeadline,
      long trainedThrough,
      String stepRoot,
      String endStateHash,
      long commitTime,
      long challengeWindow,
      String paid,
      String detail) {

    static StoredRecord of(SegmentRecord r) {
      return new StoredRecord(
          r.key().jobId().toString(),
          r.key().segment(),
          r.key().attempt(),
          r.generation(),
          r.phase(),
          r.firstStep(),
          r.length(),
          r.startStateHash().toHexString(),
          r.leaseDeadline(),
          r.trainedThrough(),
          r.stepRoot().map(Bytes32::toHexString).orElse(null),
          r.endStateHash().map(Bytes32::toHexString).orElse(null),
          r.commitTime(),
          r.challengeWindow(),
          r.paid().toString(),
          r.detail());
    }

    SegmentRecord toRecord() {
      return new SegmentRecord(
          new SegmentKey(new BigInteger(jobId), segment, attempt),
          generation,
          phase,
          firstStep,
          length,
          Bytes32.fromHexString(startStateHash),
          leaseDeadline,
          trainedThrough,
          Optional.ofNullable(stepRoot).map(Bytes32::fromHexString),
          Optional.ofNullable(endStateHash).map(Bytes32::fromHexString),
          commitTime,
          challengeWindow,
          new BigInteger(paid),
          detail);
    }
  }
}
