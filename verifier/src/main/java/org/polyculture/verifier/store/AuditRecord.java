package org.polyculture.verifier.store;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.verifier.audit.SegmentAudit;
import org.polyculture.verifier.chain.DisputeOutcome;
import org.polyculture.verifier.chain.SegmentCommit;

/**
 * The audit of one commitment as stored (and reported): the commitment, where the audit is, what it
 * found, and the dispute it opened. Numbered in the order the commitments were seen.
 *
 * @param detail what happened last, for people
 */
public record AuditRecord(
    long sequence,
    CommitmentRecord commitment,
    AuditStatus status,
    String detail,
    Optional<AuditResult> result,
    Optional<DisputeLink> dispute) {

  public AuditRecord {
    Objects.requireNonNull(commitment, "commitment");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(dispute, "dispute");
  }

  /** A new, pending audit of {@code commit}. */
  public static AuditRecord pending(long sequence, SegmentCommit commit) {
    return new AuditRecord(
        sequence,
        CommitmentRecord.of(commit),
        AuditStatus.PENDING,
        "waiting for the randomness block",
        Optional.empty(),
        Optional.empty());
  }

  public SegmentCommit commit() {
    return commitment.toCommit();
  }

  /** The audit's results; a finding makes it {@link AuditStatus#DISPUTING}. */
  public AuditRecord audited(Bytes32 randomness, SegmentAudit audit) {
    return new AuditRecord(
        sequence,
        commitment,
        audit.finding().isPresent() ? AuditStatus.DISPUTING : AuditStatus.AUDITED,
        audit.detail(),
        Optional.of(AuditResult.of(randomness, audit)),
        Optional.empty());
  }

  public AuditRecord withStatus(AuditStatus newStatus, String newDetail) {
    return new AuditRecord(sequence, commitment, newStatus, newDetail, result, dispute);
  }

  /** The dispute this audit opened is on chain. */
  public AuditRecord disputed(BigInteger id, Optional<String> transaction) {
    Optional<String> known = transaction.or(() -> dispute.flatMap(DisputeLink::transaction));
    return new AuditRecord(
        sequence,
        commitment,
        AuditStatus.DISPUTED,
        detail,
        result,
        Optional.of(new DisputeLink(id.toString(), known, Optional.empty())));
  }

  public AuditRecord settled(DisputeOutcome outcome) {
    DisputeLink link = dispute.orElseThrow(() -> new IllegalStateException("no dispute"));
    return new AuditRecord(
        sequence,
        commitment,
        AuditStatus.SETTLED,
        detail,
        result,
        Optional.of(new DisputeLink(link.disputeId(), link.transaction(), Optional.of(outcome))));
  }

  /** The finding this audit made, if any. */
  public Optional<FindingRecord> finding() {
    return result.flatMap(AuditResult::finding);
  }

  /** The id of the dispute this audit opened, once known. */
  public Optional<String> disputeId() {
    return dispute.map(DisputeLink::disputeId);
  }

  public Optional<DisputeOutcome> disputeOutcome() {
    return dispute.flatMap(DisputeLink::outcome);
  }
}
