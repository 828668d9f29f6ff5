package org.polyculture.verifier.audit;

/** What recomputing (or trying to recompute) one sampled step found. */
public enum StepVerdict {
  /** The recomputed state hash equals the committed one, bit for bit. */
  MATCH,
  /** The recomputed state hash differs from the committed one: fraud. */
  MISMATCH,
  /** The worker did not serve the state before the step (or served bytes that fail the hash). */
  STATE_UNAVAILABLE,
  /**
   * The state before the step hashes right but is no valid state of this job at this step; the step
   * before it is audited instead.
   */
  INVALID_STATE
}
