package org.polyculture.verifier.audit;

/** The overall result of auditing one committed segment. */
public enum AuditOutcome {
  /** Every sampled step recomputed to the committed hash. */
  CLEAN,
  /** A sampled step did not match (or the commitment contradicts itself): a fraud dispute. */
  FRAUD,
  /** The worker withheld a state this node needed: a data-availability dispute. */
  UNAVAILABLE,
  /**
   * The worker did not serve the segment's step hashes, or they do not rebuild the committed step
   * root: a step-list availability dispute (no state can be named or proven without them).
   */
  STEPS_UNAVAILABLE,
  /**
   * A state this node needed could not be had and cannot be disputed against this segment (the
   * segment's start state, which an earlier segment committed).
   */
  INCOMPLETE
}
