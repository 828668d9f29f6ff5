package org.polyculture.verifier.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.verifier.audit.AuditOutcome;
import org.polyculture.verifier.audit.SegmentAudit;

/**
 * What an audit found, as stored and reported: the randomness used, the offsets it picked (in pick
 * order), each checked step, the outcome, and the finding to dispute.
 */
public record AuditResult(
    String randomness,
    List<Integer> picks,
    List<StepRecord> steps,
    AuditOutcome outcome,
    Optional<FindingRecord> finding) {

  public AuditResult {
    Objects.requireNonNull(randomness, "randomness");
    picks = List.copyOf(picks);
    steps = List.copyOf(steps);
    Objects.requireNonNull(outcome, "outcome");
  }

  public static AuditResult of(Bytes32 randomness, SegmentAudit audit) {
    return new AuditResult(
        randomness.toHexString(),
        audit.pickedOffsets(),
        audit.checks().stream().map(StepRecord::of).toList(),
        audit.outcome(),
        audit.finding().map(FindingRecord::of));
  }
}
