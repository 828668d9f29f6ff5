package org.polyculture.protocol.economics;

import java.util.Arrays;
import java.util.List;

/**
 * The cheating calculus in closed form (docs/economics.md): how likely an audit is to catch each
 * strategy, how likely a jury is to convict, and what each strategy is worth to a worker.
 *
 * <p>A strategy wrong at m of a segment's S steps escapes one set of k distinct uniform picks with
 * probability C(S−m, k)/C(S, k). Verifiers of protocol v1 all audit the same public picks, so n of
 * them, each auditing with probability q, catch it with probability (1 − (1 − q)^n)(1 −
 * C(S−m,k)/C(S,k)); with private picks it would be 1 − (1 − q(1 − C(S−m,k)/C(S,k)))^n.
 */
public final class CheatingCalculus {

  private CheatingCalculus() {}

  /** C(S−m, k) / C(S, k): the chance that k distinct uniform picks of S all miss m given steps. */
  public static double missProbability(int segmentLength, int tamperedSteps, int audits) {
    if (segmentLength < 1 || tamperedSteps < 0 || tamperedSteps > segmentLength) {
      throw new IllegalArgumentException(
          "need 0 <= m <= S and S >= 1, was m = " + tamperedSteps + ", S = " + segmentLength);
    }
    if (audits < 0 || audits > segmentLength) {
      throw new IllegalArgumentException("need 0 <= k <= S, was k = " + audits);
    }
    double miss = 1.0;
    for (int i = 0; i < audits; i++) {
      int clean = segmentLength - tamperedSteps - i;
      if (clean <= 0) {
        return 0.0;
      }
      miss *= (double) clean / (segmentLength - i);
    }
    return miss;
  }

  /** Probability that one verifier's k picks include one of the m tampered steps. */
  public static double sampleDetection(EconomicParameters parameters, int tamperedSteps) {
    return 1.0
        - missProbability(parameters.segmentLength(), tamperedSteps, parameters.effectiveAudits());
  }

  /** Probability that at least one of the verifiers audits a tampered step. */
  public static double detection(EconomicParameters parameters, int tamperedSteps) {
    double sample = sampleDetection(parameters, tamperedSteps);
    double uptime = parameters.verifierUptime();
    int verifiers = parameters.verifiers();
    return switch (parameters.picks()) {
      case SHARED -> (1.0 - power(1.0 - uptime, verifiers)) * sample;
      case PRIVATE -> 1.0 - power(1.0 - uptime * sample, verifiers);
    };
  }

  /**
   * Probability that fewer than half of {@code jurySize} jurors are dishonest, each drawn dishonest
   * with probability {@code dishonestShare} (a pool much larger than the jury).
   */
  public static double honestMajority(int jurySize, double dishonestShare) {
    if (jurySize < 1 || jurySize % 2 == 0) {
      throw new IllegalArgumentException("jury size must be odd and positive: " + jurySize);
    }
    double honest = 0.0;
    for (int dishonest = 0; dishonest <= jurySize / 2; dishonest++) {
      honest +=
          binomialCoefficient(jurySize, dishonest)
              * power(dishonestShare, dishonest)
              * power(1.0 - dishonestShare, jurySize - dishonest);
    }
    return Math.min(1.0, honest);
  }

  /** What an honest worker makes per segment. */
  public static double honestProfit(EconomicParameters parameters) {
    return parameters.reward() - parameters.segmentCost() - parameters.servingCost();
  }

  /** Every strategy, in {@link Cheat} order. */
  public static List<StrategyEconomics> evaluateAll(EconomicParameters parameters) {
    return Arrays.stream(Cheat.values()).map(cheat -> evaluate(parameters, cheat)).toList();
  }

  /** What {@code cheat} is worth per segment under {@code parameters}. */
  public static StrategyEconomics evaluate(EconomicParameters parameters, Cheat cheat) {
    int segmentLength = parameters.segmentLength();
    int tampered = cheat.tamperedSteps(segmentLength);
    double sample = sampleDetection(parameters, tampered);
    double detection = detection(parameters, tampered);
    double conviction =
        detection * honestMajority(parameters.jurySize(), parameters.dishonestJurorShare());
    double withoutStake = valueBeforeSlashing(parameters, cheat, detection, conviction);
    double slashPerStake = expectedSlashPerSegmentPerStake(parameters, conviction);
    double profit = withoutStake - parameters.stake() * slashPerStake;
    double breakEven;
    if (withoutStake <= 0) {
      breakEven = 0.0;
    } else if (slashPerStake <= 0) {
      breakEven = Double.POSITIVE_INFINITY;
    } else {
      breakEven = withoutStake / slashPerStake;
    }
    return new StrategyEconomics(
        cheat,
        tampered,
        sample,
        detection,
        conviction,
        profit,
        profit - honestProfit(parameters),
        breakEven);
  }

  /** What opening disputes is worth to challengers. */
  public static ChallengeEconomics challenges(EconomicParameters parameters) {
    double honest = honestMajority(parameters.jurySize(), parameters.dishonestJurorShare());
    double slash = parameters.stake() * parameters.slashShare();
    double finder = parameters.finderShare() * slash;
    return new ChallengeEconomics(
        honest,
        honest * finder - (1.0 - honest) * parameters.bond(),
        (1.0 - honest) * finder - honest * parameters.bond(),
        finder - slash);
  }

  /**
   * The expected value per segment before any slash: the reward unless convicted, the finder's
   * share of the bond when a dispute fails, and the strategy's gain less its costs.
   */
  private static double valueBeforeSlashing(
      EconomicParameters parameters, Cheat cheat, double detection, double conviction) {
    return (1.0 - conviction) * parameters.reward()
        + (detection - conviction) * parameters.finderShare() * parameters.bond()
        + gainLessCosts(parameters, cheat);
  }

  /**
   * What the strategy is for (tampering's value) less the work it still does and the serving it
   * still pays for: the part of a segment's value that does not depend on the audit.
   */
  static double gainLessCosts(EconomicParameters parameters, Cheat cheat) {
    int segmentLength = parameters.segmentLength();
    double work =
        parameters.segmentCost() * cheat.computedSteps(segmentLength) / (double) segmentLength;
    double serving = cheat.paysServing() ? parameters.servingCost() : 0.0;
    double gain = cheat.motive() == Cheat.Motive.TAMPERING ? parameters.tamperValue() : 0.0;
    return gain - work - serving;
  }

  /**
   * Expected slash per segment for each POLY of stake: with c segments cheated at once, each
   * convicted independently with probability p and each conviction taking a share s of what is
   * left, the stake lost is 1 − (1 − ps)^c of it, spread over c segments.
   */
  private static double expectedSlashPerSegmentPerStake(
      EconomicParameters parameters, double conviction) {
    int segments = parameters.concurrentSegments();
    double kept = power(1.0 - conviction * parameters.slashShare(), segments);
    return (1.0 - kept) / segments;
  }

  static double power(double base, int exponent) {
    double result = 1.0;
    double factor = base;
    for (int e = exponent; e > 0; e >>= 1) {
      if ((e & 1) == 1) {
        result *= factor;
      }
      factor *= factor;
    }
    return result;
  }

  static double binomialCoefficient(int n, int k) {
    double result = 1.0;
    for (int i = 1; i <= k; i++) {
      result = result * (n - k + i) / i;
    }
    return result;
  }
}
