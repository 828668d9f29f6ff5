package org.polyculture.chain.index;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.contracts.generated.Staking;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.storage.Column;
import org.polyculture.storage.KeyValue;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.KeyValueTransaction;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * The indexed view of the protocol's events, kept in a {@link KeyValueStorage}: every raw log by
 * position, and per-entity records built from them (jobs, segments, disputes, participants) that
 * workers, verifiers and the API read. Records are overwritten field by field from events in chain
 * order, so replaying events gives the same records (idempotent upserts).
 */
public final class ProtocolIndex {

  static final Column META = new Column("chain-index-meta");
  static final Column LOGS = new Column("chain-logs");
  static final Column JOBS = new Column("chain-jobs");
  static final Column SEGMENTS = new Column("chain-segments");
  static final Column DISPUTES = new Column("chain-disputes");
  static final Column PARTICIPANTS = new Column("chain-participants");
  private static final Bytes CURSOR_KEY = Bytes.wrap("cursor".getBytes(StandardCharsets.US_ASCII));

  /** A bound on one SegmentsVoided range, against a hostile or broken endpoint. */
  private static final long MAX_VOIDED_RANGE = 1_000_000;

  /** Records only: derived boolean accessors (isWorker) are not stored. */
  private static final ObjectMapper JSON =
      new ObjectMapper().setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);

  private final KeyValueStorage storage;
  private final Map<String, Projection> projections = new HashMap<>();

  /** Reads and writes the index of the contracts of {@code deployment} in {@code storage}. */
  public ProtocolIndex(KeyValueStorage storage, ChainDeployment deployment) {
    this.storage = storage;
    String ledger = deployment.ledger();
    String disputes = deployment.disputes();
    String staking = deployment.staking();
    on(ledger, TrainingLedger.JOBCREATED_EVENT, this::jobCreated);
    on(ledger, TrainingLedger.JOBMETADATA_EVENT, this::jobMetadata);
    on(ledger, TrainingLedger.SEGMENTCLAIMED_EVENT, this::segmentClaimed);
    on(ledger, TrainingLedger.SEGMENTCOMMITTED_EVENT, this::segmentCommitted);
    on(ledger, TrainingLedger.SEGMENTFINALIZED_EVENT, this::segmentFinalized);
    on(ledger, TrainingLedger.REWARDPAID_EVENT, this::rewardPaid);
    on(ledger, TrainingLedger.SEGMENTSVOIDED_EVENT, this::segmentsVoided);
    on(ledger, TrainingLedger.COMPENSATIONPAID_EVENT, this::compensationPaid);
    on(disputes, DisputeManager.DISPUTEOPENED_EVENT, this::disputeOpened);
    on(disputes, DisputeManager.JURYDRAWN_EVENT, this::juryDrawn);
    on(disputes, DisputeManager.DISPUTERESOLVED_EVENT, this::disputeResolved);
    on(staking, Staking.PARTICIPANTREGISTERED_EVENT, this::participantRegistered);
  }

  // ------------------------------------------------------------------ reads

  public Optional<IndexCursor> cursor() {
    return storage.get(META, CURSOR_KEY).map(IndexCursor::decode);
  }

  public Optional<IndexedJob> job(BigInteger jobId) {
    return read(storage.get(JOBS, uint256(jobId)), IndexedJob.class);
  }

  public Optional<IndexedSegment> segment(BigInteger jobId, long segment) {
    return read(storage.get(SEGMENTS, segmentKey(jobId, segment)), IndexedSegment.class);
  }

  /** Up to {@code limit} segments of a job from {@code fromSegment} on, in order. */
  public List<IndexedSegment> segments(BigInteger jobId, long fromSegment, int limit) {
    List<IndexedSegment> segments = new ArrayList<>();
    for (KeyValue entry :
        storage.scan(SEGMENTS, uint256(jobId), segmentKey(jobId, fromSegment), limit)) {
      segments.add(decode(entry.value(), IndexedSegment.class));
    }
    return segments;
  }

  public Optional<IndexedDispute> dispute(BigInteger disputeId) {
    return read(storage.get(DISPUTES, uint256(disputeId)), IndexedDispute.class);
  }

  public Optional<IndexedParticipant> participant(String address) {
    return read(storage.get(PARTICIPANTS, addressKey(address)), IndexedParticipant.class);
  }

  /** Up to {@code limit} raw logs from block {@code fromBlock} on, in chain order. */
  public List<Log> logs(long fromBlock, int limit) {
    List<Log> logs = new ArrayList<>();
    for (KeyValue entry : storage.scan(LOGS, Bytes.EMPTY, Bytes.ofUnsignedLong(fromBlock), limit)) {
      logs.add(RawLogCodec.decode(entry.key(), entry.value()));
    }
    return logs;
  }

  // ------------------------------------------------------------------ writes

  /** Records a window's logs and the new cursor in one transaction. */
  void commitWindow(List<Log> logs, IndexCursor cursor) {
    try (KeyValueTransaction transaction = storage.begin()) {
      Window window = new Window(transaction);
      for (Log log : logs) {
        window.put(LOGS, RawLogCodec.key(log), RawLogCodec.encode(log));
        if (log.getTopics() == null || log.getTopics().isEmpty()) {
          continue;
        }
        Projection projection =
            projections.get(projectionKey(log.getAddress(), log.getTopics().get(0)));
        if (projection != null) {
          projection.apply(log, log.getBlockNumber().longValueExact(), window);
        }
      }
      transaction.put(META, CURSOR_KEY, cursor.encode());
      transaction.commit();
    }
  }

  // ------------------------------------------------------------------ projections

  private void jobCreated(Log log, long block, Window window) {
    TrainingLedger.JobCreatedEventResponse e = TrainingLedger.getJobCreatedEventFromLog(log);
    window.put(
        JOBS,
        uint256(e.jobId),
        encode(
            new IndexedJob(
                e.jobId,
                hex(e.modelSpecHash),
                hex(e.datasetRoot),
                hex(e.genesisStateHash),
                e.totalSteps.longValueExact(),
                e.segmentLength.longValueExact(),
                e.rewardPerSegment,
                e.minWorkerStake,
                e.challengeWindow.longValueExact(),
                e.leaseDuration.longValueExact(),
                e.escrow,
                block,
                null,
                0,
                null,
                List.of())));
  }

  private void jobMetadata(Log log, long block, Window window) {
    TrainingLedger.JobMetadataEventResponse e = TrainingLedger.getJobMetadataEventFromLog(log);
    IndexedJob job =
        read(window.get(JOBS, uint256(e.jobId)), IndexedJob.class)
            .orElseThrow(
                () -> new IllegalStateException("JobMetadata before JobCreated in " + log));
    window.put(
        JOBS,
        uint256(e.jobId),
        encode(
            job.withMetadata(
                hex(e.modelSpec),
                e.jobSeed.longValue(),
                hex(e.datasetManifestHash),
                e.datasetLocations)));
  }

  private void segmentClaimed(Log log, long block, Window window) {
    TrainingLedger.SegmentClaimedEventResponse e =
        TrainingLedger.getSegmentClaimedEventFromLog(log);
    long segment = e.segment.longValueExact();
    putSegment(
        window,
        new IndexedSegment(
            e.jobId,
            segment,
            IndexedSegment.Status.CLAIMED,
            e.worker,
            e.leaseDeadline.longValueExact(),
            null,
            null,
            null,
            block));
  }

  private void segmentCommitted(Log log, long block, Window window) {
    TrainingLedger.SegmentCommittedEventResponse e =
        TrainingLedger.getSegmentCommittedEventFromLog(log);
    long segment = e.segment.longValueExact();
    long leaseDeadline =
        segment(window, e.jobId, segment).map(IndexedSegment::leaseDeadline).orElse(0L);
    putSegment(
        window,
        new IndexedSegment(
            e.jobId,
            segment,
            IndexedSegment.Status.COMMITTED,
            e.worker,
            leaseDeadline,
            hex(e.startStateHash),
            hex(e.stepRoot),
            hex(e.endStateHash),
            block));
  }

  private void segmentFinalized(Log log, long block, Window window) {
    TrainingLedger.SegmentFinalizedEventResponse e =
        TrainingLedger.getSegmentFinalizedEventFromLog(log);
    setStatus(window, e.jobId, e.segment.longValueExact(), IndexedSegment.Status.FINALIZED, block);
  }

  private void rewardPaid(Log log, long block, Window window) {
    TrainingLedger.RewardPaidEventResponse e = TrainingLedger.getRewardPaidEventFromLog(log);
    setStatus(window, e.jobId, e.segment.longValueExact(), IndexedSegment.Status.REWARDED, block);
  }

  private void segmentsVoided(Log log, long block, Window window) {
    TrainingLedger.SegmentsVoidedEventResponse e =
        TrainingLedger.getSegmentsVoidedEventFromLog(log);
    long from = e.fromSegment.longValueExact();
    long to = e.toSegment.longValueExact();
    if (to <= from || to - from > MAX_VOIDED_RANGE) {
      throw new IllegalStateException(
          "implausible voided range [" + from + ", " + to + ") in " + log);
    }
    setStatus(window, e.jobId, from, IndexedSegment.Status.FRAUD, block);
    for (long segment = from + 1; segment < to; segment++) {
      setStatus(window, e.jobId, segment, IndexedSegment.Status.VOIDED, block);
    }
  }

  private void compensationPaid(Log log, long block, Window window) {
    TrainingLedger.CompensationPaidEventResponse e =
        TrainingLedger.getCompensationPaidEventFromLog(log);
    setStatus(
        window, e.jobId, e.segment.longValueExact(), IndexedSegment.Status.COMPENSATED, block);
  }

  private void disputeOpened(Log log, long block, Window window) {
    DisputeManager.DisputeOpenedEventResponse e = DisputeManager.getDisputeOpenedEventFromLog(log);
    window.put(
        DISPUTES,
        uint256(e.disputeId),
        encode(
            new IndexedDispute(
                e.disputeId,
                e.jobId,
                e.segment.longValueExact(),
                e.kind.intValueExact(),
                e.challenger,
                e.worker,
                e.step.longValueExact(),
                hex(e.committedStateHash),
                hex(e.challengerStateHash),
                e.drawBlock.longValueExact(),
                List.of(),
                0,
                0,
                0,
                block)));
  }

  private void juryDrawn(Log log, long block, Window window) {
    DisputeManager.JuryDrawnEventResponse e = DisputeManager.getJuryDrawnEventFromLog(log);
    dispute(window, e.disputeId)
        .ifPresent(
            d ->
                window.put(
                    DISPUTES,
                    uint256(e.disputeId),
                    encode(
                        new IndexedDispute(
                            d.disputeId(),
                            d.jobId(),
                            d.segment(),
                            d.kind(),
                            d.challenger(),
                            d.worker(),
                            d.step(),
                            d.committedStateHash(),
                            d.challengerStateHash(),
                            d.drawBlock(),
                            e.jurors,
                            e.commitDeadline.longValueExact(),
                            e.revealDeadline.longValueExact(),
                            d.outcome(),
                            block))));
  }

  private void disputeResolved(Log log, long block, Window window) {
    DisputeManager.DisputeResolvedEventResponse e =
        DisputeManager.getDisputeResolvedEventFromLog(log);
    dispute(window, e.disputeId)
        .ifPresent(
            d ->
                window.put(
                    DISPUTES,
                    uint256(e.disputeId),
                    encode(
                        new IndexedDispute(
                            d.disputeId(),
                            d.jobId(),
                            d.segment(),
                            d.kind(),
                            d.challenger(),
                            d.worker(),
                            d.step(),
                            d.committedStateHash(),
                            d.challengerStateHash(),
                            d.drawBlock(),
                            d.jurors(),
                            d.commitDeadline(),
                            d.revealDeadline(),
                            e.outcome.intValueExact(),
                            block))));
  }

  private void participantRegistered(Log log, long block, Window window) {
    Staking.ParticipantRegisteredEventResponse e =
        Staking.getParticipantRegisteredEventFromLog(log);
    window.put(
        PARTICIPANTS,
        addressKey(e.account),
        encode(
            new IndexedParticipant(
                e.account.toLowerCase(Locale.ROOT),
                e.roles.intValueExact(),
                e.endpoint,
                e.hardware,
                block)));
  }

  private void setStatus(
      Window window, BigInteger jobId, long segment, IndexedSegment.Status status, long block) {
    IndexedSegment current =
        segment(window, jobId, segment)
            .orElseGet(
                () -> new IndexedSegment(jobId, segment, status, null, 0, null, null, null, block));
    putSegment(window, current.withStatus(status, block));
  }

  private void putSegment(Window window, IndexedSegment segment) {
    window.put(SEGMENTS, segmentKey(segment.jobId(), segment.segment()), encode(segment));
  }

  private Optional<IndexedSegment> segment(Window window, BigInteger jobId, long segment) {
    return read(window.get(SEGMENTS, segmentKey(jobId, segment)), IndexedSegment.class);
  }

  private Optional<IndexedDispute> dispute(Window window, BigInteger disputeId) {
    return read(window.get(DISPUTES, uint256(disputeId)), IndexedDispute.class);
  }

  private void on(String contract, Event event, Projection projection) {
    projections.put(projectionKey(contract, EventEncoder.encode(event)), projection);
  }

  /** Events are matched by emitting contract and signature, so no other contract can forge one. */
  private static String projectionKey(String contract, String topic) {
    return (contract + "/" + topic).toLowerCase(Locale.ROOT);
  }

  // ------------------------------------------------------------------ encoding

  static Bytes uint256(BigInteger value) {
    return Bytes32.leftPad(Bytes.wrap(Numeric.toBytesPadded(value, 32)));
  }

  static Bytes segmentKey(BigInteger jobId, long segment) {
    return Bytes.concatenate(uint256(jobId), Bytes.ofUnsignedLong(segment));
  }

  static Bytes addressKey(String address) {
    return Bytes.fromHexString(address);
  }

  private static String hex(byte[] bytes) {
    return Numeric.toHexString(bytes);
  }

  private static Bytes encode(Object record) {
    try {
      return Bytes.wrap(JSON.writeValueAsBytes(record));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + record, e);
    }
  }

  private static <T> Optional<T> read(Optional<Bytes> stored, Class<T> type) {
    return stored.map(bytes -> decode(bytes, type));
  }

  private static <T> T decode(Bytes bytes, Class<T> type) {
    try {
      return JSON.readValue(bytes.toArrayUnsafe(), type);
    } catch (IOException e) {
      throw new IllegalStateException("a stored " + type.getSimpleName() + " does not decode", e);
    }
  }

  /** Applies one decoded log to the records. */
  @FunctionalInterface
  private interface Projection {
    void apply(Log log, long block, Window window);
  }

  /** A write transaction that also reads back what it has written, for events of one window. */
  private final class Window {
    private final KeyValueTransaction transaction;
    private final Map<Column, Map<Bytes, Bytes>> written = new HashMap<>();

    Window(KeyValueTransaction transaction) {
      this.transaction = transaction;
    }

    void put(Column column, Bytes key, Bytes value) {
      transaction.put(column, key, value);
      written.computeIfAbsent(column, c -> new HashMap<>()).put(key, value);
    }

    Optional<Bytes> get(Column column, Bytes key) {
      Bytes pending = written.getOrDefault(column, Map.of()).get(key);
      return pending != null ? Optional.of(pending) : storage.get(column, key);
    }
  }
}
