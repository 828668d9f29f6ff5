package org.polyculture.verifier.store;

/** Where the audit of one committed segment is. */
public enum AuditStatus {
  /** Waiting for its randomness block, its job, or its turn. */
  PENDING,
  /** Audited; nothing to dispute (or nothing that can be disputed). */
  AUDITED,
  /** A dispute is decided and persisted, not yet known to be on chain. */
  DISPUTING,
  /** The dispute is on chain; waiting for its outcome. */
  DISPUTED,
  /** The dispute is resolved; {@code disputeOutcome} says how. */
  SETTLED,
  /** A finding that could not be disputed (window closed, segment already voided). */
  NOT_DISPUTED,
  /** Never audited: the job cannot be recomputed, or the segment left the chain first. */
  SKIPPED;

  /** Whether the verifier still has something to do for the audit. */
  public boolean isActive() {
    return this == PENDING || this == DISPUTING || this == DISPUTED;
  }
}
