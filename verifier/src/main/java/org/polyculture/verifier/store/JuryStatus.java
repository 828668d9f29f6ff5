package org.polyculture.verifier.store;

/** Where one jury duty is. */
public enum JuryStatus {
  /** Drawn; the vote is not decided yet. */
  DRAWN,
  /** The vote and its salt are persisted; the commitment may or may not be on chain yet. */
  DECIDED,
  /** The commitment is on chain. */
  COMMITTED,
  /** The vote is revealed on chain. */
  REVEALED,
  /** A deadline passed before this node could commit or reveal. */
  MISSED,
  /** The dispute is resolved. */
  SETTLED;

  public boolean isActive() {
    return this == DRAWN || this == DECIDED || this == COMMITTED || this == REVEALED;
  }
}
