package org.polyculture.governance;

import java.math.BigInteger;

/**
 * The governor's and timelock's current settings (seconds, base units, percent).
 *
 * @param votingDelaySeconds between a proposal and the start of its vote
 * @param votingPeriodSeconds how long a vote lasts
 * @param proposalThreshold votes a proposer needs
 * @param quorumPercent share of the supply at the snapshot that must vote For or Abstain
 * @param timelockDelaySeconds between queueing and execution
 */
public record GovernanceSettings(
    long votingDelaySeconds,
    long votingPeriodSeconds,
    BigInteger proposalThreshold,
    int quorumPercent,
    long timelockDelaySeconds) {}
