package org.polyculture.verifier.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of auditing a segment: the sampled offsets in pick order, what each checked step
 * found, and the finding to dispute, if any.
 */
public record SegmentAudit(
    AuditOutcome outcome,
    List<Integer> pickedOffsets,
    List<StepCheck> checks,
    Optional<Finding> finding,
    String detail) {

  public SegmentAudit {
    Objects.requireNonNull(outcome, "outcome");
    pickedOffsets = List.copyOf(pickedOffsets);
    checks = List.copyOf(checks);
    Objects.requireNonNull(finding, "finding");
    Objects.requireNonNull(detail, "detail");
    boolean disputable =
        switch (outcome) {
          case FRAUD, UNAVAILABLE, STEPS_UNAVAILABLE -> true;
          case CLEAN, INCOMPLETE -> false;
        };
    if (disputable != finding.isPresent()) {
      throw new IllegalArgumentException(outcome + " with finding " + finding);
    }
  }
}
