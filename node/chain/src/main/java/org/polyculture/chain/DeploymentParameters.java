package org.polyculture.chain;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;
import org.polyculture.contracts.generated.DisputeManager;

/**
 * Everything a deployment sets: the token supply and how much of it the treasury (the timelock)
 * receives, the governance timings, and the staking and dispute parameters. The contracts check
 * each against their bounds; {@link #realNetwork()} and {@link #devnet()} are the two profiles.
 */
public record DeploymentParameters(
    BigInteger tokenSupply,
    BigInteger treasury,
    Duration timelockDelay,
    Duration votingDelay,
    Duration votingPeriod,
    BigInteger proposalThreshold,
    int quorumPercent,
    Duration unbondingDelay,
    Disputes disputes) {

  public static final BigInteger TOKEN = BigInteger.TEN.pow(18);

  public DeploymentParameters {
    Objects.requireNonNull(tokenSupply, "tokenSupply");
    Objects.requireNonNull(treasury, "treasury");
    Objects.requireNonNull(timelockDelay, "timelockDelay");
    Objects.requireNonNull(votingDelay, "votingDelay");
    Objects.requireNonNull(votingPeriod, "votingPeriod");
    Objects.requireNonNull(proposalThreshold, "proposalThreshold");
    Objects.requireNonNull(unbondingDelay, "unbondingDelay");
    Objects.requireNonNull(disputes, "disputes");
    if (tokenSupply.signum() <= 0 || treasury.signum() < 0 || treasury.compareTo(tokenSupply) > 0) {
      throw new IllegalArgumentException("need 0 <= treasury <= tokenSupply and a positive supply");
    }
  }

  public static BigInteger tokens(long whole) {
    return TOKEN.multiply(BigInteger.valueOf(whole));
  }

  /**
   * Defaults for a public network: a day's voting delay, a week of voting, 4% quorum, 2-day
   * timelock.
   */
  public static DeploymentParameters realNetwork() {
    return new DeploymentParameters(
        tokens(1_000_000_000),
        tokens(400_000_000),
        Duration.ofDays(2),
        Duration.ofDays(1),
        Duration.ofDays(7),
        tokens(10_000),
        4,
        Duration.ofDays(7),
        new Disputes(
            tokens(1_000),
            tokens(10_000),
            5,
            2,
            Duration.ofDays(1),
            Duration.ofDays(1),
            1_000,
            500,
            100,
            10_000));
  }

  /** Short timings for a local devnet and tests: governance completes in about two minutes. */
  public static DeploymentParameters devnet() {
    return new DeploymentParameters(
        tokens(1_000_000_000),
        tokens(400_000_000),
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        tokens(1_000),
        4,
        Duration.ofSeconds(60),
        new Disputes(
            tokens(100),
            tokens(1_000),
            3,
            1,
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            1_000,
            500,
            100,
            10_000));
  }

  /** The dispute manager's parameters (see DisputeManager.sol for their bounds). */
  public record Disputes(
      BigInteger bond,
      BigInteger minJurorStake,
      int jurySize,
      int drawDelayBlocks,
      Duration commitPeriod,
      Duration revealPeriod,
      int finderShareBps,
      int jurorRewardBps,
      int jurorPenaltyBps,
      int workerSlashBps) {

    public Disputes {
      Objects.requireNonNull(bond, "bond");
      Objects.requireNonNull(minJurorStake, "minJurorStake");
      Objects.requireNonNull(commitPeriod, "commitPeriod");
      Objects.requireNonNull(revealPeriod, "revealPeriod");
    }

    public DisputeManager.Parameters toContract() {
      return new DisputeManager.Parameters(
          bond,
          minJurorStake,
          BigInteger.valueOf(jurySize),
          BigInteger.valueOf(drawDelayBlocks),
          BigInteger.valueOf(commitPeriod.toSeconds()),
          BigInteger.valueOf(revealPeriod.toSeconds()),
          BigInteger.valueOf(finderShareBps),
          BigInteger.valueOf(jurorRewardBps),
          BigInteger.valueOf(jurorPenaltyBps),
          BigInteger.valueOf(workerSlashBps));
    }
  }
}
