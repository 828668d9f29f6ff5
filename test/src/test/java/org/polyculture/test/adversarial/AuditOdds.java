package org.polyculture.test.adversarial;

/**
 * The spot-check arithmetic of docs/security.md: a cheat that touches m of a segment's S steps
 * escapes k distinct uniformly sampled audits with probability C(S−m, k) / C(S, k), and the
 * confidence interval a measured rate is compared against.
 */
final class AuditOdds {

  private AuditOdds() {}

  /**
   * C(S−m, k) / C(S, k), as the product of (S−m−i)/(S−i) for i &lt; k (exact enough in doubles for
   * any S this suite uses, and 0 once k &gt; S−m).
   */
  static double escape(int segmentLength, int tampered, int audits) {
    if (segmentLength < 1
        || tampered < 0
        || tampered > segmentLength
        || audits < 0
        || audits > segmentLength) {
      throw new IllegalArgumentException(
          "need 0 <= m <= S and 0 <= k <= S: S="
              + segmentLength
              + " m="
              + tampered
              + " k="
              + audits);
    }
    double escape = 1;
    for (int i = 0; i < audits; i++) {
      escape *= (double) (segmentLength - tampered - i) / (segmentLength - i);
      if (escape <= 0) {
        return 0;
      }
    }
    return escape;
  }

  /** The probability that at least one of the k audits lands on a tampered step. */
  static double detection(int segmentLength, int tampered, int audits) {
    return 1 - escape(segmentLength, tampered, audits);
  }

  /**
   * The Wilson score interval for {@code successes} of {@code trials} at normal quantile {@code z}
   * (3.29 for 99.9%): unlike the plain normal interval it stays inside [0, 1] and is sound at rates
   * near 0 and 1, where most of the table lives.
   */
  static Interval wilson(int successes, int trials, double z) {
    if (trials < 1 || successes < 0 || successes > trials) {
      throw new IllegalArgumentException(successes + " of " + trials);
    }
    double p = (double) successes / trials;
    double z2 = z * z;
    double denominator = 1 + z2 / trials;
    double centre = (p + z2 / (2.0 * trials)) / denominator;
    double half = z * Math.sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials)) / denominator;
    // At 0 or all successes the bound is exactly 0 or 1; rounding must not exclude it.
    double low = successes == 0 ? 0 : Math.max(0, centre - half);
    double high = successes == trials ? 1 : Math.min(1, centre + half);
    return new Interval(low, high);
  }

  /** A closed interval of probabilities. */
  record Interval(double low, double high) {
    boolean contains(double value) {
      return value >= low && value <= high;
    }
  }
}
