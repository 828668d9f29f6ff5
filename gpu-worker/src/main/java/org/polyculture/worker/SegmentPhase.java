package org.polyculture.worker;

/**
 * Where one of this worker's segments is (docs/worker.md has the diagram). Every phase is stored
 * before the chain transaction that leaves it is sent, so that after a crash the worker knows what
 * it may have sent and asks the chain rather than sending again.
 */
public enum SegmentPhase {
  /** The start state is stored and the claim is (about to be) sent. */
  CLAIMING(false),
  /** The lease is held; training, with checkpoints, from the latest one. */
  TRAINING(false),
  /** Every step is done and the commitment computed; not yet sent. */
  TRAINED(false),
  /** The commitment is (about to be) sent: never sent again without asking the chain. */
  COMMITTING(false),
  /** Committed on chain; serving states until the challenge window closes. */
  COMMITTED(false),
  /** Final on chain; the reward is (about to be) claimed. */
  FINALIZED(false),
  /** Voided by a fraud earlier in the job; compensation is (about to be) claimed. */
  VOIDED(false),
  /** The reward was paid. */
  REWARDED(true),
  /** The compensation for a voided segment was paid. */
  COMPENSATED(true),
  /** A dispute proved this segment wrong. */
  FRAUD(true),
  /** The lease was lost before the commitment landed (expired, or another worker claimed). */
  ABANDONED(true);

  private final boolean terminal;

  SegmentPhase(boolean terminal) {
    this.terminal = terminal;
  }

  /** Whether nothing more happens to the segment. */
  public boolean isTerminal() {
    return terminal;
  }

  /** Whether the segment is being claimed, trained or committed: at most one at a time. */
  public boolean isActive() {
    return this == CLAIMING || this == TRAINING || this == TRAINED || this == COMMITTING;
  }

  /** Whether the segment's commitment is on chain (or may be). */
  public boolean isCommitted() {
    return this == COMMITTED || this == FINALIZED || this == VOIDED || this == REWARDED;
  }
}
