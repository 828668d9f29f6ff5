package org.polyculture.protocol.economics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.polyculture.protocol.audit.AuditSampler;

/**
 * The inputs of the cheating calculus (docs/economics.md). Amounts are in whole POLY (the model
 * estimates; it moves no tokens). Immutable; {@link #defaults()} are the documented defaults and
 * {@link Builder} validates every field.
 *
 * @param stake the worker's bonded stake backing its segments
 * @param reward reward per segment
 * @param segmentCost what computing a whole segment honestly costs the worker
 * @param servingCost what storing and serving a segment's states through its window costs
 * @param tamperValue what a tampering cheat (a nudged weight, a foreign batch) is worth to the
 *     cheater when it goes unnoticed
 * @param segmentLength S, steps per segment
 * @param audits k, steps each verifier recomputes per segment
 * @param verifiers n, verifiers auditing the job
 * @param verifierUptime probability that a given verifier audits a given segment in time
 * @param picks whether verifiers share their picks
 * @param bond the challenger's dispute bond
 * @param finderShareBps the challenger's share of a slash, and the worker's share of a forfeited
 *     bond, in basis points
 * @param workerSlashBps how much of a convicted worker's stake is slashed, in basis points
 * @param jurySize J, jurors drawn per dispute (odd)
 * @param dishonestJurorShare the share of the juror pool that votes for the cheater whatever the
 *     evidence
 * @param concurrentSegments segments the cheater holds at once against the same stake, all cheated
 */
public record EconomicParameters(
    double stake,
    double reward,
    double segmentCost,
    double servingCost,
    double tamperValue,
    int segmentLength,
    int audits,
    int verifiers,
    double verifierUptime,
    PickSharing picks,
    double bond,
    int finderShareBps,
    int workerSlashBps,
    int jurySize,
    double dishonestJurorShare,
    int concurrentSegments) {

  public static final int BPS = 10_000;

  public EconomicParameters {
    Objects.requireNonNull(picks, "picks");
  }

  /**
   * The documented defaults: a public network's dispute parameters (bond 1,000 POLY, finder 10%,
   * full slash, jury of 5), S = 100 audited at k = 4 (the verifier's default), a 10 POLY reward of
   * which half pays the compute, and a 10,000 POLY stake.
   */
  public static EconomicParameters defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .stake(stake)
        .reward(reward)
        .segmentCost(segmentCost)
        .servingCost(servingCost)
        .tamperValue(tamperValue)
        .segmentLength(segmentLength)
        .audits(audits)
        .verifiers(verifiers)
        .verifierUptime(verifierUptime)
        .picks(picks)
        .bond(bond)
        .finderShareBps(finderShareBps)
        .workerSlashBps(workerSlashBps)
        .jurySize(jurySize)
        .dishonestJurorShare(dishonestJurorShare)
        .concurrentSegments(concurrentSegments);
  }

  /** k as the verifiers apply it: never more than the segment has. */
  public int effectiveAudits() {
    return Math.min(audits, segmentLength);
  }

  public double finderShare() {
    return finderShareBps / (double) BPS;
  }

  public double slashShare() {
    return workerSlashBps / (double) BPS;
  }

  /** Collects the parameters and refuses invalid ones, listing every problem. */
  public static final class Builder {
    private double stake = 10_000;
    private double reward = 10;
    private double segmentCost = 5;
    private double servingCost = 0.1;
    private double tamperValue = 10;
    private int segmentLength = 100;
    private int audits = 4;
    private int verifiers = 3;
    private double verifierUptime = 0.9;
    private PickSharing picks = PickSharing.SHARED;
    private double bond = 1_000;
    private int finderShareBps = 1_000;
    private int workerSlashBps = 10_000;
    private int jurySize = 5;
    private double dishonestJurorShare = 0.2;
    private int concurrentSegments = 1;

    private Builder() {}

    public Builder stake(double value) {
      this.stake = value;
      return this;
    }

    public Builder reward(double value) {
      this.reward = value;
      return this;
    }

    public Builder segmentCost(double value) {
      this.segmentCost = value;
      return this;
    }

    public Builder servingCost(double value) {
      this.servingCost = value;
      return this;
    }

    public Builder tamperValue(double value) {
      this.tamperValue = value;
      return this;
    }

    public Builder segmentLength(int value) {
      this.segmentLength = value;
      return this;
    }

    public Builder audits(int value) {
      this.audits = value;
      return this;
    }

    public Builder verifiers(int value) {
      this.verifiers = value;
      return this;
    }

    public Builder verifierUptime(double value) {
      this.verifierUptime = value;
      return this;
    }

    public Builder picks(PickSharing value) {
      this.picks = value;
      return this;
    }

    public Builder bond(double value) {
      this.bond = value;
      return this;
    }

    public Builder finderShareBps(int value) {
      this.finderShareBps = value;
      return this;
    }

    public Builder workerSlashBps(int value) {
      this.workerSlashBps = value;
      return this;
    }

    public Builder jurySize(int value) {
      this.jurySize = value;
      return this;
    }

    public Builder dishonestJurorShare(double value) {
      this.dishonestJurorShare = value;
      return this;
    }

    public Builder concurrentSegments(int value) {
      this.concurrentSegments = value;
      return this;
    }

    /** The parameters, or an {@link IllegalArgumentException} naming every invalid field. */
    public EconomicParameters build() {
      List<String> problems = new ArrayList<>();
      amount("stake", stake, problems);
      amount("reward", reward, problems);
      amount("segment cost", segmentCost, problems);
      amount("serving cost", servingCost, problems);
      amount("tamper value", tamperValue, problems);
      amount("bond", bond, problems);
      if (segmentLength < 1 || segmentLength > 1_000_000) {
        problems.add("segment length must be in [1, 1000000], was " + segmentLength);
      }
      if (audits < 1 || audits > AuditSampler.MAX_PICKS) {
        problems.add("audits must be in [1, " + AuditSampler.MAX_PICKS + "], was " + audits);
      }
      if (verifiers < 1 || verifiers > 1_000) {
        problems.add("verifiers must be in [1, 1000], was " + verifiers);
      }
      share("verifier uptime", verifierUptime, problems);
      share("dishonest juror share", dishonestJurorShare, problems);
      if (picks == null) {
        problems.add("picks must be given");
      }
      if (finderShareBps < 0 || finderShareBps > BPS) {
        problems.add("finder share must be in [0, 10000] bps, was " + finderShareBps);
      }
      if (workerSlashBps < 0 || workerSlashBps > BPS) {
        problems.add("worker slash must be in [0, 10000] bps, was " + workerSlashBps);
      }
      if (jurySize < 1 || jurySize > 99 || jurySize % 2 == 0) {
        problems.add("jury size must be odd and in [1, 99], was " + jurySize);
      }
      if (concurrentSegments < 1 || concurrentSegments > 100_000) {
        problems.add("concurrent segments must be in [1, 100000], was " + concurrentSegments);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      return new EconomicParameters(
          stake,
          reward,
          segmentCost,
          servingCost,
          tamperValue,
          segmentLength,
          audits,
          verifiers,
          verifierUptime,
          picks,
          bond,
          finderShareBps,
          workerSlashBps,
          jurySize,
          dishonestJurorShare,
          concurrentSegments);
    }

    private static void amount(String name, double value, List<String> problems) {
      if (!(value >= 0) || Double.isInfinite(value) || value > 1e15) {
        problems.add(name + " must be a finite amount in [0, 1e15] POLY, was " + value);
      }
    }

    private static void share(String name, double value, List<String> problems) {
      if (!(value >= 0 && value <= 1)) {
        problems.add(name + " must be in [0, 1], was " + value);
      }
    }
  }
}
