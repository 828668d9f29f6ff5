package org.polyculture.api.index;

import java.math.BigInteger;
import java.util.Optional;
import org.polyculture.governance.index.ChainMoment;

/**
 * What the dispute's events add to the protocol index's record: when it was opened, its jury drawn
 * and it was resolved, the jury's committed and revealed votes, and the settlement.
 */
public record DisputeActivity(
    BigInteger disputeId,
    BigInteger jobId,
    long segment,
    ChainMoment opened,
    Optional<ChainMoment> juryDrawn,
    Optional<ChainMoment> resolved,
    long votesCommitted,
    long votesRevealed,
    long jurorsPenalized,
    Optional<Settlement> settlement) {

  /** The DisputeResolved amounts (token base units). */
  public record Settlement(
      BigInteger slashed,
      BigInteger toWinner,
      BigInteger toJurors,
      BigInteger compensation,
      BigInteger burned) {}
}
