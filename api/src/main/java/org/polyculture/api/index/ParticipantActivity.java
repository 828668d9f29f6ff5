package org.polyculture.api.index;

import java.math.BigInteger;

/**
 * A worker's or verifier's stake and record, from the staking, ledger and dispute events: bonded
 * and unbonding stake (exactly as the staking contract keeps them), totals slashed and earned, and
 * counts of segments, disputes and jury seats.
 */
public record ParticipantActivity(
    String address,
    BigInteger bonded,
    BigInteger unbonding,
    long unbondingReleaseAt,
    BigInteger slashed,
    BigInteger stakeRewards,
    BigInteger segmentRewards,
    BigInteger compensation,
    long claims,
    long commits,
    long rewardedSegments,
    long fraudSegments,
    long disputesOpened,
    long disputesAgainst,
    long jurySeats,
    long penalties,
    long firstBlock,
    long lastBlock,
    long historyCount) {

  static ParticipantActivity empty(String address, long block) {
    return new ParticipantActivity(
        address,
        BigInteger.ZERO,
        BigInteger.ZERO,
        0,
        BigInteger.ZERO,
        BigInteger.ZERO,
        BigInteger.ZERO,
        BigInteger.ZERO,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        block,
        block,
        0);
  }
}
