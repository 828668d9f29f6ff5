package org.polyculture.verifier.store;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.verifier.audit.AuditOutcome;
import org.polyculture.verifier.audit.SegmentAudit;
import org.polyculture.verifier.chain.DisputeOutcome;
import org.polyculture.verifier.chain.SegmentCommit;

/**
 * The audit of one commitment as stored (and reported): the commitment, then what the audit found,
 * then the dispute it led to. Numbered in the order the commitments were seen.
 */
public record AuditRecord(
    long sequence,
    String jobId,
    long segment,
    String worker,
    String startStateHash,
    String stepRoot,
    String endStateHash,
    long commitBlock,
    AuditStatus status,
    Optional<String> randomness,
    List<Integer> picks,
    List<StepRecord> steps,
    Optional<AuditOutcome> outcome,
    String detail,
    Optional<FindingRecord> finding,
    Optional<String> disputeId,
    Optional<String> disputeTransaction,
    Optional<DisputeOutcome> disputeOutcome) {

  public AuditRecord {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(status, "status");
    picks = List.copyOf(picks);
    steps = List.copyOf(steps);
  }

  /** A new, pending audit of {@code commit}. */
  public static AuditRecord pending(long sequence, SegmentCommit commit) {
    return new AuditRecord(
        sequence,
        commit.jobId().toString(),
        commit.segment(),
        commit.worker(),
        commit.startStateHash().toHexString(),
        commit.stepRoot().toHexString(),
        commit.endStateHash().toHexString(),
        commit.commitBlock(),
        AuditStatus.PENDING,
        Optional.empty(),
        List.of(),
        List.of(),
        Optional.empty(),
        "waiting for the randomness block",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public SegmentCommit commit() {
    return new SegmentCommit(
        new BigInteger(jobId),
        segment,
        worker,
        Bytes32.fromHexString(startStateHash),
        Bytes32.fromHexString(stepRoot),
        Bytes32.fromHexString(endStateHash),
        commitBlock);
  }

  /** The audit's results; a finding makes it {@link AuditStatus#DISPUTING}. */
  public AuditRecord audited(Bytes32 randomnessUsed, SegmentAudit audit) {
    return new AuditRecord(
        sequence,
        jobId,
        segment,
        worker,
        startStateHash,
        stepRoot,
        endStateHash,
        commitBlock,
        audit.finding().isPresent() ? AuditStatus.DISPUTING : AuditStatus.AUDITED,
        Optional.of(randomnessUsed.toHexString()),
        audit.pickedOffsets(),
        audit.checks().stream().map(StepRecord::of).toList(),
        Optional.of(audit.outcome()),
        audit.detail(),
        audit.finding().map(FindingRecord::of),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public AuditRecord withStatus(AuditStatus newStatus, String newDetail) {
    return new AuditRecord(
        sequence,
        jobId,
        segment,
        worker,
        startStateHash,
        stepRoot,
        endStateHash,
        commitBlock,
        newStatus,
        randomness,
        picks,
        steps,
        outcome,
        newDetail,
        finding,
        disputeId,
        disputeTransaction,
        disputeOutcome);
  }

  public AuditRecord disputed(BigInteger id, Optional<String> transaction) {
    return new AuditRecord(
        sequence,
        jobId,
        segment,
        worker,
        startStateHash,
        stepRoot,
        endStateHash,
        commitBlock,
        AuditStatus.DISPUTED,
        randomness,
        picks,
        steps,
        outcome,
        detail,
        finding,
        Optional.of(id.toString()),
        transaction.or(() -> disputeTransaction),
        disputeOutcome);
  }

  public AuditRecord settled(DisputeOutcome settledAs) {
    return new AuditRecord(
        sequence,
        jobId,
        segment,
        worker,
        startStateHash,
        stepRoot,
        endStateHash,
        commitBlock,
        AuditStatus.SETTLED,
        randomness,
        picks,
        steps,
        outcome,
        detail,
        finding,
        disputeId,
        disputeTransaction,
        Optional.of(settledAs));
  }
}
