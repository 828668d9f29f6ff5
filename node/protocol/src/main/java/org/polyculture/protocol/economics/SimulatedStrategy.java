package org.polyculture.protocol.economics;

/**
 * What a Monte Carlo run measured for one strategy.
 *
 * @param cheat the strategy
 * @param segments segments simulated (trials × concurrent segments)
 * @param sampleHits segments where the first verifier's picks hit a tampered step
 * @param detected segments where some auditing verifier hit a tampered step
 * @param convicted detected segments whose jury had an honest majority
 * @param meanProfit the cheater's mean profit per segment, in POLY
 * @param profitStandardError the standard error of {@code meanProfit}
 */
public record SimulatedStrategy(
    Cheat cheat,
    long segments,
    long sampleHits,
    long detected,
    long convicted,
    double meanProfit,
    double profitStandardError) {

  /** 1.96: the two-sided 95% quantile of the normal distribution. */
  public static final double Z_95 = 1.959964;

  public double sampleDetectionRate() {
    return sampleHits / (double) segments;
  }

  public double detectionRate() {
    return detected / (double) segments;
  }

  public double convictionRate() {
    return convicted / (double) segments;
  }

  /** The 95% Wilson score interval of the sample detection rate, as {@code {low, high}}. */
  public double[] sampleDetectionInterval() {
    return wilson(sampleHits, segments);
  }

  /** The 95% Wilson score interval of the detection rate, as {@code {low, high}}. */
  public double[] detectionInterval() {
    return wilson(detected, segments);
  }

  static double[] wilson(long successes, long trials) {
    double n = trials;
    double p = successes / n;
    double z2 = Z_95 * Z_95;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = Z_95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
    return new double[] {Math.max(0.0, centre - half), Math.min(1.0, centre + half)};
  }
}
