package org.polyculture.verifier.audit;

import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * One sampled step as audited.
 *
 * @param step global step index
 * @param offset the step's offset in its segment
 * @param committedStateHash the state hash the worker committed for after the step
 * @param recomputedStateHash what this node computed; empty when it could not recompute
 * @param detail why the verdict is what it is, for people
 * @param recomputeNanos time spent recomputing (0 when it did not)
 */
public record StepCheck(
    long step,
    int offset,
    StepVerdict verdict,
    Bytes32 committedStateHash,
    Optional<Bytes32> recomputedStateHash,
    String detail,
    long recomputeNanos) {

  public StepCheck {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(committedStateHash, "committedStateHash");
    Objects.requireNonNull(recomputedStateHash, "recomputedStateHash");
    Objects.requireNonNull(detail, "detail");
  }
}
