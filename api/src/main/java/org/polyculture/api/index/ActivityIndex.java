package org.polyculture.api.index;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongUnaryOperator;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.index.IndexCursor;
import org.polyculture.chain.index.IndexedSegment;
import org.polyculture.chain.index.ProtocolIndex;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.contracts.generated.Staking;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.governance.index.ChainMoment;
import org.polyculture.governance.index.PendingWrites;
import org.polyculture.governance.index.RecordCodec;
import org.polyculture.storage.Column;
import org.polyculture.storage.KeyValue;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.KeyValueTransaction;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The API's views of the protocol's activity, projected from the raw logs the protocol index stores
 * (staking, ledger, disputes), behind its own cursor: job lists and progress counts, each segment's
 * timeline, each worker's part in each job, each participant's stake (bonded and unbonding exactly
 * as the staking contract keeps them), totals and history, disputes by job and by participant with
 * their timing and settlement, and slashes. Read models answer from these without scanning a job's
 * segments.
 */
public final class ActivityIndex {

  /** Raw logs projected per storage transaction. */
  static final int BATCH = 2_000;

  static final Column META = new Column("api-meta");
  static final Column JOBS = new Column("api-jobs");
  static final Column JOB_ORDER = new Column("api-job-order");
  static final Column SEGMENTS = new Column("api-segments");
  static final Column JOB_WORKERS = new Column("api-job-workers");
  static final Column JOB_DISPUTES = new Column("api-job-disputes");
  static final Column PARTICIPANTS = new Column("api-participants");
  static final Column PARTICIPANTS_BY_STAKE = new Column("api-participants-by-stake");
  static final Column HISTORY = new Column("api-history");
  static final Column DISPUTES = new Column("api-disputes");
  static final Column DISPUTE_ORDER = new Column("api-dispute-order");
  static final Column PARTICIPANT_DISPUTES = new Column("api-participant-disputes");
  static final Column SLASHES = new Column("api-slashes");

  private static final Bytes CURSOR = key("cursor");
  private static final Bytes JOB_COUNT = key("job-count");
  private static final Bytes DISPUTE_COUNT = key("dispute-count");
  private static final Bytes SLASH_COUNT = key("slash-count");

  private final KeyValueStorage storage;
  private final ProtocolIndex protocol;
  private final Map<String, Projection> projections = new HashMap<>();

  public ActivityIndex(
      KeyValueStorage storage, ProtocolIndex protocol, ChainDeployment deployment) {
    this.storage = storage;
    this.protocol = protocol;
    String ledger = deployment.ledger();
    String staking = deployment.staking();
    String disputes = deployment.disputes();
    on(ledger, TrainingLedger.JOBCREATED_EVENT, this::jobCreated);
    on(ledger, TrainingLedger.SEGMENTCLAIMED_EVENT, this::segmentClaimed);
    on(ledger, TrainingLedger.SEGMENTCOMMITTED_EVENT, this::segmentCommitted);
    on(ledger, TrainingLedger.SEGMENTFINALIZED_EVENT, this::segmentFinalized);
    on(ledger, TrainingLedger.REWARDPAID_EVENT, this::rewardPaid);
    on(ledger, TrainingLedger.SEGMENTSVOIDED_EVENT, this::segmentsVoided);
    on(ledger, TrainingLedger.COMPENSATIONPAID_EVENT, this::compensationPaid);
    on(staking, Staking.PARTICIPANTREGISTERED_EVENT, this::registered);
    on(staking, Staking.STAKED_EVENT, this::staked);
    on(staking, Staking.UNBONDINGREQUESTED_EVENT, this::unbonding);
    on(staking, Staking.WITHDRAWN_EVENT, this::withdrawn);
    on(staking, Staking.SLASHED_EVENT, this::slashed);
    on(staking, Staking.REWARDED_EVENT, this::stakeRewarded);
    on(disputes, DisputeManager.DISPUTEOPENED_EVENT, this::disputeOpened);
    on(disputes, DisputeManager.JURYDRAWN_EVENT, this::juryDrawn);
    on(disputes, DisputeManager.VOTECOMMITTED_EVENT, this::voteCommitted);
    on(disputes, DisputeManager.VOTEREVEALED_EVENT, this::voteRevealed);
    on(disputes, DisputeManager.JURORPENALIZED_EVENT, this::jurorPenalized);
    on(disputes, DisputeManager.DISPUTERESOLVED_EVENT, this::disputeResolved);
  }

  public ProtocolIndex protocol() {
    return protocol;
  }

  // ------------------------------------------------------------------ reads

  /** The last raw log projected (block, log index), if any. */
  public Optional<long[]> cursor() {
    return storage.get(META, CURSOR).map(b -> new long[] {b.getLong(0), b.getLong(8)});
  }

  public long jobCount() {
    return counter(storage.get(META, JOB_COUNT));
  }

  public Optional<JobActivity> job(BigInteger jobId) {
    return RecordCodec.read(storage.get(JOBS, RecordCodec.uint256(jobId)), JobActivity.class);
  }

  /** Up to {@code limit} job ids, newest first, below {@code before}. */
  public List<BigInteger> jobIds(long before, int limit) {
    if (before <= 0) {
      return List.of();
    }
    List<BigInteger> ids = new ArrayList<>();
    for (KeyValue entry :
        storage.scan(JOB_ORDER, Bytes.EMPTY, RecordCodec.newestFirst(before - 1), limit)) {
      ids.add(Bytes32.wrap(entry.value()).toUnsignedBigInteger());
    }
    return ids;
  }

  public Optional<SegmentActivity> segment(BigInteger jobId, long segment) {
    return RecordCodec.read(
        storage.get(SEGMENTS, segmentKey(jobId, segment)), SegmentActivity.class);
  }

  /** Up to {@code limit} segments of a job from {@code from} on, in order. */
  public List<SegmentActivity> segments(BigInteger jobId, long from, int limit) {
    List<SegmentActivity> segments = new ArrayList<>();
    for (KeyValue entry :
        storage.scan(SEGMENTS, RecordCodec.uint256(jobId), segmentKey(jobId, from), limit)) {
      segments.add(RecordCodec.decode(entry.value(), SegmentActivity.class));
    }
    return segments;
  }

  public List<WorkerOnJob> workersOf(BigInteger jobId, int limit) {
    List<WorkerOnJob> workers = new ArrayList<>();
    Bytes prefix = RecordCodec.uint256(jobId);
    for (KeyValue entry : storage.scan(JOB_WORKERS, prefix, prefix, limit)) {
      workers.add(RecordCodec.decode(entry.value(), WorkerOnJob.class));
    }
    return workers;
  }

  public List<BigInteger> disputesOfJob(BigInteger jobId, int limit) {
    Bytes prefix = RecordCodec.uint256(jobId);
    List<BigInteger> ids = new ArrayList<>();
    for (KeyValue entry : storage.scan(JOB_DISPUTES, prefix, prefix, limit)) {
      ids.add(Bytes32.wrap(entry.key().slice(32)).toUnsignedBigInteger());
    }
    return ids;
  }

  public Optional<ParticipantActivity> participant(String address) {
    return RecordCodec.read(
        storage.get(PARTICIPANTS, RecordCodec.address(address)), ParticipantActivity.class);
  }

  /** Up to {@code limit} participants, most bonded stake first. */
  public List<ParticipantActivity> participantsByStake(int limit) {
    List<ParticipantActivity> participants = new ArrayList<>();
    for (KeyValue entry : storage.scan(PARTICIPANTS_BY_STAKE, Bytes.EMPTY, Bytes.EMPTY, limit)) {
      participant(entry.key().slice(32).toHexString()).ifPresent(participants::add);
    }
    return participants;
  }

  /** Up to {@code limit} history entries of a participant, newest first, below {@code before}. */
  public List<HistoryEntry> history(String address, long before, int limit) {
    if (before <= 0) {
      return List.of();
    }
    Bytes prefix = RecordCodec.address(address);
    List<HistoryEntry> entries = new ArrayList<>();
    for (KeyValue entry :
        storage.scan(
            HISTORY,
            prefix,
            Bytes.concatenate(prefix, RecordCodec.newestFirst(before - 1)),
            limit)) {
      entries.add(RecordCodec.decode(entry.value(), HistoryEntry.class));
    }
    return entries;
  }

  public List<BigInteger> disputesOf(String address, int limit) {
    Bytes prefix = RecordCodec.address(address);
    List<BigInteger> ids = new ArrayList<>();
    for (KeyValue entry : storage.scan(PARTICIPANT_DISPUTES, prefix, prefix, limit)) {
      ids.add(Bytes32.wrap(entry.key().slice(20)).toUnsignedBigInteger());
    }
    return ids;
  }

  public long disputeCount() {
    return counter(storage.get(META, DISPUTE_COUNT));
  }

  public Optional<DisputeActivity> dispute(BigInteger disputeId) {
    return RecordCodec.read(
        storage.get(DISPUTES, RecordCodec.uint256(disputeId)), DisputeActivity.class);
  }

  /** Up to {@code limit} dispute ids, newest first, opened before sequence {@code before}. */
  public List<BigInteger> disputeIds(long before, int limit) {
    if (before <= 0) {
      return List.of();
    }
    List<BigInteger> ids = new ArrayList<>();
    for (KeyValue entry :
        storage.scan(DISPUTE_ORDER, Bytes.EMPTY, RecordCodec.newestFirst(before - 1), limit)) {
      ids.add(Bytes32.wrap(entry.value()).toUnsignedBigInteger());
    }
    return ids;
  }

  public long slashCount() {
    return counter(storage.get(META, SLASH_COUNT));
  }

  /** Up to {@code limit} slashes, newest first, below sequence {@code before}. */
  public List<SlashRecord> slashes(long before, int limit) {
    if (before <= 0) {
      return List.of();
    }
    List<SlashRecord> slashes = new ArrayList<>();
    for (KeyValue entry :
        storage.scan(SLASHES, Bytes.EMPTY, RecordCodec.newestFirst(before - 1), limit)) {
      slashes.add(RecordCodec.decode(entry.value(), SlashRecord.class));
    }
    return slashes;
  }

  // ------------------------------------------------------------------ projection

  /**
   * Projects the raw logs the protocol index holds beyond this index's cursor, in batches; returns
   * the number projected. {@code blockTimes} gives a block's timestamp.
   */
  public synchronized int catchUp(LongUnaryOperator blockTimes) {
    Optional<IndexCursor> protocolCursor = protocol.cursor();
    if (protocolCursor.isEmpty()) {
      return 0;
    }
    int projected = 0;
    while (true) {
      long[] cursor = cursor().orElse(new long[] {-1, -1});
      long fromBlock = Math.max(0, cursor[0]);
      List<Log> logs = protocol.logs(fromBlock, BATCH + 1_024);
      List<Log> fresh = new ArrayList<>();
      for (Log log : logs) {
        long block = log.getBlockNumber().longValueExact();
        long index = log.getLogIndex().longValueExact();
        if (block > cursor[0] || (block == cursor[0] && index > cursor[1])) {
          fresh.add(log);
          if (fresh.size() == BATCH) {
            break;
          }
        }
      }
      if (fresh.isEmpty()) {
        if (logs.size() == BATCH + 1_024) {
          throw new IllegalStateException(
              "more than "
                  + (BATCH + 1_024)
                  + " logs in block "
                  + fromBlock
                  + " already projected");
        }
        return projected;
      }
      apply(fresh, blockTimes);
      projected += fresh.size();
    }
  }

  private void apply(List<Log> logs, LongUnaryOperator blockTimes) {
    try (KeyValueTransaction transaction = storage.begin()) {
      Window window = new Window(new PendingWrites(storage, transaction), blockTimes);
      for (Log log : logs) {
        if (log.getTopics() != null && !log.getTopics().isEmpty()) {
          Projection projection =
              projections.get(projectionKey(log.getAddress(), log.getTopics().get(0)));
          if (projection != null) {
            projection.apply(log, window);
          }
        }
      }
      Log last = logs.get(logs.size() - 1);
      transaction.put(
          META,
          CURSOR,
          Bytes.concatenate(
              Bytes.ofUnsignedLong(last.getBlockNumber().longValueExact()),
              Bytes.ofUnsignedLong(last.getLogIndex().longValueExact())));
      transaction.commit();
    }
  }

  private void jobCreated(Log log, Window w) {
    TrainingLedger.JobCreatedEventResponse e = TrainingLedger.getJobCreatedEventFromLog(log);
    Bytes key = RecordCodec.uint256(e.jobId);
    if (w.writes.get(JOBS, key).isPresent()) {
      return;
    }
    w.writes.put(JOBS, key, RecordCodec.encode(JobActivity.created(e.jobId, w.moment(log))));
    w.writes.put(JOB_ORDER, RecordCodec.newestFirst(e.jobId.longValueExact()), key);
    long count = counter(w.writes.get(META, JOB_COUNT));
    w.writes.put(
        META, JOB_COUNT, Bytes.ofUnsignedLong(Math.max(count, e.jobId.longValueExact() + 1)));
  }

  private void segmentClaimed(Log log, Window w) {
    TrainingLedger.SegmentClaimedEventResponse e =
        TrainingLedger.getSegmentClaimedEventFromLog(log);
    long segment = e.segment.longValueExact();
    String worker = lower(e.worker);
    ChainMoment at = w.moment(log);
    Optional<SegmentActivity> previous = segmentOf(w, e.jobId, segment);
    SegmentActivity next =
        SegmentActivity.claimed(
            e.jobId, segment, worker, at, previous.map(SegmentActivity::claims).orElse(0L) + 1);
    if (previous.isPresent()) {
      next = keepDisputes(next, previous.get());
    }
    putSegment(w, next);
    moveJob(w, e.jobId, previous.map(SegmentActivity::status), IndexedSegment.Status.CLAIMED, at);
    workerOnJob(w, e.jobId, worker, 1, 0, 0, 0);
    participant(
        w,
        worker,
        log,
        p -> p,
        "claimed",
        Optional.empty(),
        Optional.of(e.jobId),
        Optional.of(segment),
        Optional.empty());
    bump(w, worker, Counter.CLAIMS);
  }

  private void segmentCommitted(Log log, Window w) {
    TrainingLedger.SegmentCommittedEventResponse e =
        TrainingLedger.getSegmentCommittedEventFromLog(log);
    long segment = e.segment.longValueExact();
    String worker = lower(e.worker);
    changeStatus(w, log, e.jobId, segment, IndexedSegment.Status.COMMITTED, Optional.of(worker));
    workerOnJob(w, e.jobId, worker, 0, 1, 0, 0);
    participant(
        w,
        worker,
        log,
        p -> p,
        "committed",
        Optional.empty(),
        Optional.of(e.jobId),
        Optional.of(segment),
        Optional.empty());
    bump(w, worker, Counter.COMMITS);
  }

  private void segmentFinalized(Log log, Window w) {
    TrainingLedger.SegmentFinalizedEventResponse e =
        TrainingLedger.getSegmentFinalizedEventFromLog(log);
    changeStatus(
        w,
        log,
        e.jobId,
        e.segment.longValueExact(),
        IndexedSegment.Status.FINALIZED,
        Optional.empty());
  }

  private void rewardPaid(Log log, Window w) {
    TrainingLedger.RewardPaidEventResponse e = TrainingLedger.getRewardPaidEventFromLog(log);
    long segment = e.segment.longValueExact();
    String worker = lower(e.worker);
    changeStatus(w, log, e.jobId, segment, IndexedSegment.Status.REWARDED, Optional.empty());
    workerOnJob(w, e.jobId, worker, 0, 0, 1, 0);
    participant(
        w,
        worker,
        log,
        p -> with(p, Counter.REWARDED, e.amount),
        "rewarded",
        Optional.of(e.amount),
        Optional.of(e.jobId),
        Optional.of(segment),
        Optional.empty());
  }

  private void segmentsVoided(Log log, Window w) {
    TrainingLedger.SegmentsVoidedEventResponse e =
        TrainingLedger.getSegmentsVoidedEventFromLog(log);
    long from = e.fromSegment.longValueExact();
    long to = e.toSegment.longValueExact();
    if (to <= from || to - from > 1_000_000) {
      throw new IllegalStateException("implausible voided range [" + from + ", " + to + ")");
    }
    for (long segment = from; segment < to; segment++) {
      IndexedSegment.Status status =
          segment == from ? IndexedSegment.Status.FRAUD : IndexedSegment.Status.VOIDED;
      Optional<SegmentActivity> previous = segmentOf(w, e.jobId, segment);
      changeStatus(w, log, e.jobId, segment, status, Optional.empty());
      if (segment == from && previous.isPresent()) {
        String worker = previous.get().worker();
        workerOnJob(w, e.jobId, worker, 0, 0, 0, 1);
        participant(
            w,
            worker,
            log,
            p -> p,
            "fraud",
            Optional.empty(),
            Optional.of(e.jobId),
            Optional.of(segment),
            Optional.empty());
        bump(w, worker, Counter.FRAUD);
      }
    }
  }

  private void compensationPaid(Log log, Window w) {
    TrainingLedger.CompensationPaidEventResponse e =
        TrainingLedger.getCompensationPaidEventFromLog(log);
    long segment = e.segment.longValueExact();
    changeStatus(w, log, e.jobId, segment, IndexedSegment.Status.COMPENSATED, Optional.empty());
    participant(
        w,
        lower(e.worker),
        log,
        p -> with(p, Counter.COMPENSATION, e.amount),
        "compensated",
        Optional.of(e.amount),
        Optional.of(e.jobId),
        Optional.of(segment),
        Optional.empty());
  }

  private void registered(Log log, Window w) {
    Staking.ParticipantRegisteredEventResponse e =
        Staking.getParticipantRegisteredEventFromLog(log);
    participant(
        w,
        lower(e.account),
        log,
        p -> p,
        "registered",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private void staked(Log log, Window w) {
    Staking.StakedEventResponse e = Staking.getStakedEventFromLog(log);
    participant(
        w,
        lower(e.account),
        log,
        p -> stake(p, e.bonded, p.unbonding(), p.unbondingReleaseAt()),
        "staked",
        Optional.of(e.amount),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private void unbonding(Log log, Window w) {
    Staking.UnbondingRequestedEventResponse e = Staking.getUnbondingRequestedEventFromLog(log);
    participant(
        w,
        lower(e.account),
        log,
        p ->
            stake(
                p,
                p.bonded().subtract(e.amount).max(BigInteger.ZERO),
                e.unbonding,
                e.releaseAt.longValueExact()),
        "unbonding",
        Optional.of(e.amount),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private void withdrawn(Log log, Window w) {
    Staking.WithdrawnEventResponse e = Staking.getWithdrawnEventFromLog(log);
    participant(
        w,
        lower(e.account),
        log,
        p ->
            stake(
                p,
                p.bonded(),
                p.unbonding().subtract(e.amount).max(BigInteger.ZERO),
                p.unbondingReleaseAt()),
        "withdrawn",
        Optional.of(e.amount),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private void slashed(Log log, Window w) {
    Staking.SlashedEventResponse e = Staking.getSlashedEventFromLog(log);
    String account = lower(e.account);
    participant(
        w,
        account,
        log,
        p -> {
          // Staking.slash takes from bonded stake first, then from unbonding stake.
          BigInteger fromBonded = e.amount.min(p.bonded());
          BigInteger fromUnbonding = e.amount.subtract(fromBonded).min(p.unbonding());
          return with(
              stake(
                  p,
                  p.bonded().subtract(fromBonded),
                  p.unbonding().subtract(fromUnbonding),
                  p.unbondingReleaseAt()),
              Counter.SLASHED,
              e.amount);
        },
        "slashed",
        Optional.of(e.amount),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
    long sequence = counter(w.writes.get(META, SLASH_COUNT));
    w.writes.put(
        SLASHES,
        RecordCodec.newestFirst(sequence),
        RecordCodec.encode(
            new SlashRecord(sequence, account, e.amount, lower(e.recipient), w.moment(log))));
    w.writes.put(META, SLASH_COUNT, Bytes.ofUnsignedLong(sequence + 1));
  }

  private void stakeRewarded(Log log, Window w) {
    Staking.RewardedEventResponse e = Staking.getRewardedEventFromLog(log);
    participant(
        w,
        lower(e.account),
        log,
        p ->
            with(
                stake(p, e.bonded, p.unbonding(), p.unbondingReleaseAt()),
                Counter.STAKE_REWARDS,
                e.amount),
        "stake-rewarded",
        Optional.of(e.amount),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private void disputeOpened(Log log, Window w) {
    DisputeManager.DisputeOpenedEventResponse e = DisputeManager.getDisputeOpenedEventFromLog(log);
    Bytes key = RecordCodec.uint256(e.disputeId);
    if (w.writes.get(DISPUTES, key).isPresent()) {
      return;
    }
    long segment = e.segment.longValueExact();
    ChainMoment at = w.moment(log);
    w.writes.put(
        DISPUTES,
        key,
        RecordCodec.encode(
            new DisputeActivity(
                e.disputeId,
                e.jobId,
                segment,
                at,
                Optional.empty(),
                Optional.empty(),
                0,
                0,
                0,
                Optional.empty())));
    long sequence = counter(w.writes.get(META, DISPUTE_COUNT));
    w.writes.put(DISPUTE_ORDER, RecordCodec.newestFirst(sequence), key);
    w.writes.put(META, DISPUTE_COUNT, Bytes.ofUnsignedLong(sequence + 1));
    w.writes.put(JOB_DISPUTES, Bytes.concatenate(RecordCodec.uint256(e.jobId), key), Bytes.EMPTY);
    segmentOf(w, e.jobId, segment).ifPresent(s -> putSegment(w, s.withDispute(e.disputeId)));
    Bytes jobKey = RecordCodec.uint256(e.jobId);
    RecordCodec.read(w.writes.get(JOBS, jobKey), JobActivity.class)
        .ifPresent(job -> w.writes.put(JOBS, jobKey, RecordCodec.encode(job.withDispute())));
    String challenger = lower(e.challenger);
    String worker = lower(e.worker);
    participant(
        w,
        challenger,
        log,
        p -> p,
        "dispute-opened",
        Optional.empty(),
        Optional.of(e.jobId),
        Optional.of(segment),
        Optional.of(e.disputeId));
    bump(w, challenger, Counter.DISPUTES_OPENED);
    participant(
        w,
        worker,
        log,
        p -> p,
        "disputed",
        Optional.empty(),
        Optional.of(e.jobId),
        Optional.of(segment),
        Optional.of(e.disputeId));
    bump(w, worker, Counter.DISPUTES_AGAINST);
    w.writes.put(
        PARTICIPANT_DISPUTES, Bytes.concatenate(RecordCodec.address(challenger), key), Bytes.EMPTY);
    w.writes.put(
        PARTICIPANT_DISPUTES, Bytes.concatenate(RecordCodec.address(worker), key), Bytes.EMPTY);
  }

  private void juryDrawn(Log log, Window w) {
    DisputeManager.JuryDrawnEventResponse e = DisputeManager.getJuryDrawnEventFromLog(log);
    updateDispute(
        w,
        e.disputeId,
        d ->
            new DisputeActivity(
                d.disputeId(),
                d.jobId(),
                d.segment(),
                d.opened(),
                Optional.of(w.moment(log)),
                d.resolved(),
                d.votesCommitted(),
                d.votesRevealed(),
                d.jurorsPenalized(),
                d.settlement()));
    Bytes key = RecordCodec.uint256(e.disputeId);
    for (String juror : e.jurors) {
      String address = lower(juror);
      participant(
          w,
          address,
          log,
          p -> p,
          "jury-seat",
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.of(e.disputeId));
      bump(w, address, Counter.JURY_SEATS);
      w.writes.put(
          PARTICIPANT_DISPUTES, Bytes.concatenate(RecordCodec.address(address), key), Bytes.EMPTY);
    }
  }

  private void voteCommitted(Log log, Window w) {
    DisputeManager.VoteCommittedEventResponse e = DisputeManager.getVoteCommittedEventFromLog(log);
    updateDispute(
        w,
        e.disputeId,
        d ->
            new DisputeActivity(
                d.disputeId(),
                d.jobId(),
                d.segment(),
                d.opened(),
                d.juryDrawn(),
                d.resolved(),
                d.votesCommitted() + 1,
                d.votesRevealed(),
                d.jurorsPenalized(),
                d.settlement()));
  }

  private void voteRevealed(Log log, Window w) {
    DisputeManager.VoteRevealedEventResponse e = DisputeManager.getVoteRevealedEventFromLog(log);
    updateDispute(
        w,
        e.disputeId,
        d ->
            new DisputeActivity(
                d.disputeId(),
                d.jobId(),
                d.segment(),
                d.opened(),
                d.juryDrawn(),
                d.resolved(),
                d.votesCommitted(),
                d.votesRevealed() + 1,
                d.jurorsPenalized(),
                d.settlement()));
    participant(
        w,
        lower(e.juror),
        log,
        p -> p,
        "juror-vote",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(e.disputeId));
  }

  private void jurorPenalized(Log log, Window w) {
    DisputeManager.JurorPenalizedEventResponse e =
        DisputeManager.getJurorPenalizedEventFromLog(log);
    updateDispute(
        w,
        e.disputeId,
        d ->
            new DisputeActivity(
                d.disputeId(),
                d.jobId(),
                d.segment(),
                d.opened(),
                d.juryDrawn(),
                d.resolved(),
                d.votesCommitted(),
                d.votesRevealed(),
                d.jurorsPenalized() + 1,
                d.settlement()));
    String juror = lower(e.juror);
    participant(
        w,
        juror,
        log,
        p -> p,
        "juror-penalized",
        Optional.of(e.amount),
        Optional.empty(),
        Optional.empty(),
        Optional.of(e.disputeId));
    bump(w, juror, Counter.PENALTIES);
  }

  private void disputeResolved(Log log, Window w) {
    DisputeManager.DisputeResolvedEventResponse e =
        DisputeManager.getDisputeResolvedEventFromLog(log);
    updateDispute(
        w,
        e.disputeId,
        d ->
            new DisputeActivity(
                d.disputeId(),
                d.jobId(),
                d.segment(),
                d.opened(),
                d.juryDrawn(),
                Optional.of(w.moment(log)),
                d.votesCommitted(),
                d.votesRevealed(),
                d.jurorsPenalized(),
                Optional.of(
                    new DisputeActivity.Settlement(
                        e.slashed, e.toWinner, e.toJurors, e.compensation, e.burned))));
  }

  // ------------------------------------------------------------------ helpers

  private void changeStatus(
      Window w,
      Log log,
      BigInteger jobId,
      long segment,
      IndexedSegment.Status status,
      Optional<String> worker) {
    ChainMoment at = w.moment(log);
    Optional<SegmentActivity> previous = segmentOf(w, jobId, segment);
    SegmentActivity base =
        previous.orElseGet(
            () ->
                SegmentActivity.claimed(
                    jobId, segment, worker.orElse("0x" + "0".repeat(40)), at, 0));
    SegmentActivity next = base.withStatus(status, at);
    if (worker.isPresent() && !worker.get().equals(next.worker())) {
      next = next.withWorker(worker.get());
    }
    putSegment(w, next);
    moveJob(w, jobId, previous.map(SegmentActivity::status), status, at);
  }

  private static SegmentActivity keepDisputes(SegmentActivity next, SegmentActivity previous) {
    SegmentActivity kept = next;
    for (BigInteger dispute : previous.disputes()) {
      kept = kept.withDispute(dispute);
    }
    return kept;
  }

  private void moveJob(
      Window w,
      BigInteger jobId,
      Optional<IndexedSegment.Status> from,
      IndexedSegment.Status to,
      ChainMoment at) {
    Bytes key = RecordCodec.uint256(jobId);
    RecordCodec.read(w.writes.get(JOBS, key), JobActivity.class)
        .ifPresent(job -> w.writes.put(JOBS, key, RecordCodec.encode(job.moved(from, to, at))));
  }

  private void workerOnJob(
      Window w,
      BigInteger jobId,
      String worker,
      long claims,
      long commits,
      long rewards,
      long fraud) {
    Bytes key = Bytes.concatenate(RecordCodec.uint256(jobId), RecordCodec.address(worker));
    Optional<WorkerOnJob> current =
        RecordCodec.read(w.writes.get(JOB_WORKERS, key), WorkerOnJob.class);
    if (current.isEmpty()) {
      Bytes jobKey = RecordCodec.uint256(jobId);
      RecordCodec.read(w.writes.get(JOBS, jobKey), JobActivity.class)
          .ifPresent(job -> w.writes.put(JOBS, jobKey, RecordCodec.encode(job.withWorker())));
    }
    WorkerOnJob next =
        current
            .orElse(new WorkerOnJob(jobId, worker, 0, 0, 0, 0))
            .add(claims, commits, rewards, fraud);
    w.writes.put(JOB_WORKERS, key, RecordCodec.encode(next));
  }

  private void putSegment(Window w, SegmentActivity segment) {
    w.writes.put(
        SEGMENTS, segmentKey(segment.jobId(), segment.segment()), RecordCodec.encode(segment));
  }

  private Optional<SegmentActivity> segmentOf(Window w, BigInteger jobId, long segment) {
    return RecordCodec.read(
        w.writes.get(SEGMENTS, segmentKey(jobId, segment)), SegmentActivity.class);
  }

  private void updateDispute(
      Window w, BigInteger disputeId, java.util.function.UnaryOperator<DisputeActivity> change) {
    Bytes key = RecordCodec.uint256(disputeId);
    RecordCodec.read(w.writes.get(DISPUTES, key), DisputeActivity.class)
        .ifPresent(d -> w.writes.put(DISPUTES, key, RecordCodec.encode(change.apply(d))));
  }

  /** Applies {@code change} to the participant's record and appends a history entry. */
  private void participant(
      Window w,
      String address,
      Log log,
      java.util.function.UnaryOperator<ParticipantActivity> change,
      String kind,
      Optional<BigInteger> amount,
      Optional<BigInteger> jobId,
      Optional<Long> segment,
      Optional<BigInteger> disputeId) {
    Bytes key = RecordCodec.address(address);
    long block = log.getBlockNumber().longValueExact();
    ParticipantActivity current =
        RecordCodec.read(w.writes.get(PARTICIPANTS, key), ParticipantActivity.class)
            .orElse(ParticipantActivity.empty(address, block));
    ParticipantActivity changed = change.apply(current);
    long sequence = changed.historyCount();
    ParticipantActivity next =
        new ParticipantActivity(
            changed.address(),
            changed.bonded(),
            changed.unbonding(),
            changed.unbondingReleaseAt(),
            changed.slashed(),
            changed.stakeRewards(),
            changed.segmentRewards(),
            changed.compensation(),
            changed.claims(),
            changed.commits(),
            changed.rewardedSegments(),
            changed.fraudSegments(),
            changed.disputesOpened(),
            changed.disputesAgainst(),
            changed.jurySeats(),
            changed.penalties(),
            changed.firstBlock(),
            block,
            sequence + 1);
    putParticipant(w, current, next);
    w.writes.put(
        HISTORY,
        Bytes.concatenate(key, RecordCodec.newestFirst(sequence)),
        RecordCodec.encode(
            new HistoryEntry(sequence, kind, w.moment(log), amount, jobId, segment, disputeId)));
  }

  private void bump(Window w, String address, Counter counter) {
    Bytes key = RecordCodec.address(address);
    RecordCodec.read(w.writes.get(PARTICIPANTS, key), ParticipantActivity.class)
        .ifPresent(p -> putParticipant(w, p, with(p, counter, BigInteger.ONE)));
  }

  private void putParticipant(Window w, ParticipantActivity previous, ParticipantActivity next) {
    Bytes address = RecordCodec.address(next.address());
    w.writes.remove(PARTICIPANTS_BY_STAKE, byStakeKey(previous.bonded(), address));
    w.writes.put(PARTICIPANTS, address, RecordCodec.encode(next));
    w.writes.put(PARTICIPANTS_BY_STAKE, byStakeKey(next.bonded(), address), Bytes.EMPTY);
  }

  private static ParticipantActivity stake(
      ParticipantActivity p, BigInteger bonded, BigInteger unbonding, long releaseAt) {
    return new ParticipantActivity(
        p.address(),
        bonded,
        unbonding,
        releaseAt,
        p.slashed(),
        p.stakeRewards(),
        p.segmentRewards(),
        p.compensation(),
        p.claims(),
        p.commits(),
        p.rewardedSegments(),
        p.fraudSegments(),
        p.disputesOpened(),
        p.disputesAgainst(),
        p.jurySeats(),
        p.penalties(),
        p.firstBlock(),
        p.lastBlock(),
        p.historyCount());
  }

  /** Counters and totals of a participant's record. */
  private enum Counter {
    CLAIMS,
    COMMITS,
    REWARDED,
    FRAUD,
    DISPUTES_OPENED,
    DISPUTES_AGAINST,
    JURY_SEATS,
    PENALTIES,
    SLASHED,
    STAKE_REWARDS,
    COMPENSATION
  }

  private static ParticipantActivity with(
      ParticipantActivity p, Counter counter, BigInteger amount) {
    long one = amount.equals(BigInteger.ONE) ? 1 : 0;
    return new ParticipantActivity(
        p.address(),
        p.bonded(),
        p.unbonding(),
        p.unbondingReleaseAt(),
        counter == Counter.SLASHED ? p.slashed().add(amount) : p.slashed(),
        counter == Counter.STAKE_REWARDS ? p.stakeRewards().add(amount) : p.stakeRewards(),
        counter == Counter.REWARDED ? p.segmentRewards().add(amount) : p.segmentRewards(),
        counter == Counter.COMPENSATION ? p.compensation().add(amount) : p.compensation(),
        p.claims() + (counter == Counter.CLAIMS ? one : 0),
        p.commits() + (counter == Counter.COMMITS ? one : 0),
        p.rewardedSegments() + (counter == Counter.REWARDED ? 1 : 0),
        p.fraudSegments() + (counter == Counter.FRAUD ? one : 0),
        p.disputesOpened() + (counter == Counter.DISPUTES_OPENED ? one : 0),
        p.disputesAgainst() + (counter == Counter.DISPUTES_AGAINST ? one : 0),
        p.jurySeats() + (counter == Counter.JURY_SEATS ? one : 0),
        p.penalties() + (counter == Counter.PENALTIES ? one : 0),
        p.firstBlock(),
        p.lastBlock(),
        p.historyCount());
  }

  private void on(String contract, Event event, Projection projection) {
    projections.put(projectionKey(contract, EventEncoder.encode(event)), projection);
  }

  private static String projectionKey(String contract, String topic) {
    return (contract + "/" + topic).toLowerCase(Locale.ROOT);
  }

  static Bytes segmentKey(BigInteger jobId, long segment) {
    return Bytes.concatenate(RecordCodec.uint256(jobId), Bytes.ofUnsignedLong(segment));
  }

  private static Bytes byStakeKey(BigInteger bonded, Bytes address) {
    BigInteger inverted = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE).subtract(bonded);
    return Bytes.concatenate(RecordCodec.uint256(inverted), address);
  }

  private static Bytes key(String name) {
    return Bytes.wrap(name.getBytes(StandardCharsets.US_ASCII));
  }

  private static long counter(Optional<Bytes> stored) {
    return stored.map(b -> b.getLong(0)).orElse(0L);
  }

  private static String lower(String address) {
    return address.toLowerCase(Locale.ROOT);
  }

  @FunctionalInterface
  private interface Projection {
    void apply(Log log, Window window);
  }

  private static final class Window {
    final PendingWrites writes;
    final LongUnaryOperator blockTimes;

    Window(PendingWrites writes, LongUnaryOperator blockTimes) {
      this.writes = writes;
      this.blockTimes = blockTimes;
    }

    ChainMoment moment(Log log) {
      long block = log.getBlockNumber().longValueExact();
      return new ChainMoment(
          block, blockTimes.applyAsLong(block), log.getTransactionHash().toLowerCase(Locale.ROOT));
    }
  }
}
