package org.polyculture.chain.index;

import java.math.BigInteger;
import java.util.List;

/**
 * A dispute as its events told it: opened, then (maybe) a jury drawn, then resolved. {@code
 * outcome} is 0 while open, then DisputeManager's OUTCOME_* value.
 */
public record IndexedDispute(
    BigInteger disputeId,
    BigInteger jobId,
    long segment,
    int kind,
    String challenger,
    String worker,
    long step,
    String committedStateHash,
    String challengerStateHash,
    long drawBlock,
    List<String> jurors,
    long commitDeadline,
    long revealDeadline,
    int outcome,
    long updatedBlock) {

  public IndexedDispute {
    jurors = List.copyOf(jurors);
  }

  public boolean resolved() {
    return outcome != 0;
  }
}
