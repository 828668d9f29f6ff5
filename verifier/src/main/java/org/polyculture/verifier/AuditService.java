package org.polyculture.verifier;

import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.verifier.audit.Finding;
import org.polyculture.verifier.audit.SegmentAudit;
import org.polyculture.verifier.audit.SegmentAuditor;
import org.polyculture.verifier.audit.StepCheck;
import org.polyculture.verifier.chain.DisputeKind;
import org.polyculture.verifier.chain.SegmentCommit;
import org.polyculture.verifier.chain.TxResult;
import org.polyculture.verifier.chain.VerifierChain;
import org.polyculture.verifier.job.JobPreparation;
import org.polyculture.verifier.job.JobResources;
import org.polyculture.verifier.report.VerifierMetrics;
import org.polyculture.verifier.report.VerifierMetrics.Counter;
import org.polyculture.verifier.store.AuditRecord;
import org.polyculture.verifier.store.AuditStatus;
import org.polyculture.verifier.store.VerifierStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits pending commitments once their randomness exists, and turns findings into disputes (with
 * no auditor the node serves on juries only, and records commitments as skipped). The finding (with
 * its proofs) is persisted before the dispute is sent; before sending, the chain is asked whether
 * this node already opened it (a crash can fall between sending and recording) and whether a
 * transaction of this key is still pending, so a restart never opens a dispute twice. A finding
 * waits its {@link DisputeStagger} rank in blocks and in stagger steps of time, so that verifiers
 * who found the same cheat leave it to one dispute; a withheld state or step list is asked for once
 * more before the bond is put down, and audited again if it is served now.
 */
public final class AuditService {

  private static final Logger LOG = LoggerFactory.getLogger(AuditService.class);
  private static final int STATUS_COMMITTED = 2;

  private final VerifierChain chain;
  private final VerifierStore store;
  private final JobResources jobs;
  private final Optional<SegmentAuditor> auditor;
  private final VerifierMetrics metrics;

  private final Duration staggerStep;
  private final LongSupplier nanoTime;

  /** Until when each finding's dispute waits (DisputeStagger), by audit sequence. */
  private final Map<Long, Hold> disputeNotBefore = new HashMap<>();

  /** A finding's wait: until both this block and this nanoTime are reached. */
  private record Hold(long block, long nanos) {}

  public AuditService(
      VerifierChain chain,
      VerifierStore store,
      JobResources jobs,
      Optional<SegmentAuditor> auditor,
      VerifierMetrics metrics,
      Duration staggerStep,
      LongSupplier nanoTime) {
    this.chain = chain;
    this.store = store;
    this.jobs = jobs;
    this.auditor = auditor;
    this.metrics = metrics;
    this.staggerStep = staggerStep;
    this.nanoTime = nanoTime;
  }

  /**
   * Sends every dispute that is due and runs up to {@code maxAudits} due audits, oldest first;
   * returns whether anything was done.
   */
  public boolean advance(int maxAudits) {
    boolean changed = false;
    int audited = 0;
    List<AuditRecord> active = store.activeAudits();
    disputeNotBefore
        .keySet()
        .retainAll(
            active.stream()
                .filter(r -> r.status() == AuditStatus.DISPUTING)
                .map(AuditRecord::sequence)
                .toList());
    for (AuditRecord record : active) {
      switch (record.status()) {
        case DISPUTING -> changed |= dispute(record);
        case PENDING -> {
          if (audited < maxAudits && audit(record)) {
            audited++;
            changed = true;
          }
        }
        default -> {}
      }
    }
    return changed;
  }

  private boolean audit(AuditRecord record) {
    if (auditor.isEmpty()) {
      metrics.increment(Counter.SEGMENTS_SKIPPED);
      save(record.withStatus(AuditStatus.SKIPPED, "auditing is off (jury duty only)"));
      return true;
    }
    SegmentCommit commit = record.commit();
    if (commit.worker().equalsIgnoreCase(chain.address())) {
      metrics.increment(Counter.SEGMENTS_SKIPPED);
      save(
          record.withStatus(
              AuditStatus.SKIPPED, "this node's own segment (a worker cannot dispute itself)"));
      return true;
    }
    Optional<Bytes32> randomness = chain.blockHash(commit.randomnessBlock());
    if (randomness.isEmpty()) {
      return false;
    }
    if (!chain.isCurrent(commit)) {
      metrics.increment(Counter.SEGMENTS_SKIPPED);
      save(record.withStatus(AuditStatus.SKIPPED, "the commitment was voided before its audit"));
      return true;
    }
    JobPreparation preparation = jobs.prepare(commit.jobId());
    switch (preparation) {
      case JobPreparation.NotYet notYet -> {
        if (!record.detail().equals(notYet.reason())) {
          save(record.withStatus(AuditStatus.PENDING, notYet.reason()));
        }
        return false;
      }
      case JobPreparation.Unusable unusable -> {
        LOG.warn("job {} cannot be audited: {}", commit.jobId(), unusable.reason());
        metrics.increment(Counter.SEGMENTS_SKIPPED);
        save(record.withStatus(AuditStatus.SKIPPED, unusable.reason()));
        return true;
      }
      case JobPreparation.Ready ready -> {
        String endpoint = chain.endpointOf(commit.worker());
        SegmentAudit audit =
            auditor.get().audit(commit, ready.workspace(), randomness.get(), endpoint);
        count(audit);
        LOG.info(
            "job {} segment {}: {} ({})",
            commit.jobId(),
            commit.segment(),
            audit.outcome(),
            audit.detail());
        AuditRecord audited = record.audited(randomness.get(), audit);
        save(audited);
        if (audited.status() == AuditStatus.DISPUTING) {
          dispute(audited);
        }
        return true;
      }
    }
  }

  private boolean dispute(AuditRecord record) {
    if (chain.hasPendingTransactions()) {
      return false;
    }
    SegmentCommit commit = record.commit();
    Finding finding = record.finding().orElseThrow().toFinding();
    Optional<BigInteger> existing =
        chain.disputeOpenedBy(
            commit.jobId(), commit.segment(), finding.step(), commit.commitBlock());
    if (existing.isPresent()) {
      save(record.disputed(existing.get(), Optional.empty()));
      return true;
    }
    long head = chain.headBlock();
    long now = nanoTime.getAsLong();
    Hold hold =
        disputeNotBefore.computeIfAbsent(
            record.sequence(),
            sequence -> {
              int rank = DisputeStagger.rank(chain.address(), commit.jobId(), commit.segment());
              return new Hold(head + rank, now + rank * staggerStep.toNanos());
            });
    if (head < hold.block() || now - hold.nanos() < 0) {
      return false;
    }
    TrainingLedger.Segment onChain = chain.segmentOf(commit.jobId(), commit.segment());
    if (onChain.status.intValueExact() != STATUS_COMMITTED) {
      return notDisputed(record, "the segment is no longer open to disputes");
    }
    long closesAt = onChain.time.longValueExact() + chain.challengeWindow(commit.jobId());
    if (chain.latestTimestamp() >= closesAt) {
      return notDisputed(record, "the challenge window closed before the dispute could be sent");
    }
    Optional<BigInteger> standing = standingDispute(commit, finding);
    if (standing.isPresent()) {
      // Its verdict settles this finding too; look again next pass in case it ends without one.
      String waiting =
          "dispute " + standing.get() + " by another verifier carries the same evidence";
      if (!record.detail().equals(waiting)) {
        LOG.info("job {} segment {}: {}", commit.jobId(), commit.segment(), waiting);
        save(record.withStatus(AuditStatus.DISPUTING, waiting));
      }
      return false;
    }
    if (servedAfterAll(commit, finding)) {
      LOG.info(
          "job {} segment {}: the worker serves what it withheld; auditing again",
          commit.jobId(),
          commit.segment());
      save(
          record.withStatus(
              AuditStatus.PENDING, "the worker serves what it withheld; auditing again"));
      return true;
    }
    TxResult<BigInteger> sent =
        switch (finding) {
          case Finding.Fraud fraud -> chain.openFraudDispute(commit, fraud);
          case Finding.Unavailable unavailable ->
              chain.openAvailabilityDispute(commit, unavailable);
          case Finding.StepListWithheld withheld -> chain.openStepListDispute(commit);
        };
    switch (sent) {
      case TxResult.Included<BigInteger> included -> {
        metrics.increment(
            switch (finding) {
              case Finding.Fraud fraud -> Counter.DISPUTES_OPENED_FRAUD;
              case Finding.Unavailable unavailable -> Counter.DISPUTES_OPENED_AVAILABILITY;
              case Finding.StepListWithheld withheld -> Counter.DISPUTES_OPENED_STEP_LIST;
            });
        LOG.info(
            "job {} segment {}: opened dispute {} on step {}",
            commit.jobId(),
            commit.segment(),
            included.produced(),
            finding.step());
        save(record.disputed(included.produced(), Optional.of(included.transactionHash())));
        return true;
      }
      case TxResult.Rejected<BigInteger> rejected -> {
        return notDisputed(record, "the chain refused the dispute: " + rejected);
      }
    }
  }

  private Optional<BigInteger> standingDispute(SegmentCommit commit, Finding finding) {
    return switch (finding) {
      case Finding.Fraud fraud ->
          chain.standingDisputeWithSameEvidence(
              commit.jobId(),
              commit.segment(),
              DisputeKind.FRAUD,
              fraud.step(),
              fraud.afterStateHash(),
              fraud.challengerStateHash(),
              commit.commitBlock());
      case Finding.Unavailable unavailable ->
          chain.standingDisputeWithSameEvidence(
              commit.jobId(),
              commit.segment(),
              DisputeKind.AVAILABILITY,
              unavailable.step(),
              unavailable.stateHash(),
              Bytes32.ZERO,
              commit.commitBlock());
      case Finding.StepListWithheld withheld ->
          chain.standingDisputeWithSameEvidence(
              commit.jobId(),
              commit.segment(),
              DisputeKind.STEP_LIST,
              withheld.step(),
              withheld.stepRoot(),
              Bytes32.ZERO,
              commit.commitBlock());
    };
  }

  /**
   * Whether a withheld state or step list is served now: asked once more before the bond is put
   * down, since the jury will ask too and an honest worker may only have been restarting.
   */
  private boolean servedAfterAll(SegmentCommit commit, Finding finding) {
    if (finding instanceof Finding.Fraud || auditor.isEmpty()) {
      return false;
    }
    if (!(jobs.prepare(commit.jobId()) instanceof JobPreparation.Ready ready)) {
      return false;
    }
    String endpoint = chain.endpointOf(commit.worker());
    return !auditor.get().stillWithheld(commit, ready.workspace(), finding, endpoint);
  }

  private boolean notDisputed(AuditRecord record, String why) {
    LOG.warn(
        "job {} segment {}: {}", record.commitment().jobId(), record.commitment().segment(), why);
    metrics.increment(Counter.DISPUTES_NOT_OPENED);
    save(record.withStatus(AuditStatus.NOT_DISPUTED, why));
    return true;
  }

  private void count(SegmentAudit audit) {
    metrics.increment(Counter.SEGMENTS_AUDITED);
    metrics.increment(
        switch (audit.outcome()) {
          case CLEAN -> Counter.SEGMENTS_CLEAN;
          case FRAUD -> Counter.SEGMENTS_FRAUD;
          case UNAVAILABLE, STEPS_UNAVAILABLE -> Counter.SEGMENTS_WITHHELD;
          case INCOMPLETE -> Counter.SEGMENTS_UNVERIFIABLE;
        });
    for (StepCheck check : audit.checks()) {
      switch (check.verdict()) {
        case MATCH -> metrics.increment(Counter.STEPS_MATCHED);
        case MISMATCH -> metrics.increment(Counter.STEPS_MISMATCHED);
        case STATE_UNAVAILABLE -> metrics.increment(Counter.STATES_UNAVAILABLE);
        case INVALID_STATE -> {}
      }
      if (check.recomputedStateHash().isPresent()) {
        metrics.increment(Counter.STEPS_RECOMPUTED);
        metrics.add(Counter.RECOMPUTE_NANOS, check.recomputeNanos());
      }
    }
  }

  private void save(AuditRecord record) {
    store.update(batch -> batch.put(record));
  }
}
