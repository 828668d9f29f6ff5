package org.polyculture.api.index;

import java.math.BigInteger;
import java.util.Optional;
import org.polyculture.governance.index.ChainMoment;

/**
 * One event in a participant's history.
 *
 * @param kind registered, staked, unbonding, withdrawn, slashed, stake-rewarded, claimed,
 *     committed, rewarded, compensated, fraud, dispute-opened, disputed, jury-seat, juror-vote,
 *     juror-penalized
 */
public record HistoryEntry(
    long sequence,
    String kind,
    ChainMoment at,
    Optional<BigInteger> amount,
    Optional<BigInteger> jobId,
    Optional<Long> segment,
    Optional<BigInteger> disputeId) {}
