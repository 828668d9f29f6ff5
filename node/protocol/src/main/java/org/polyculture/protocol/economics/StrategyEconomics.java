package org.polyculture.protocol.economics;

/**
 * What one cheating strategy is worth per segment, in closed form (docs/economics.md).
 *
 * @param cheat the strategy
 * @param tamperedSteps m, the steps an audit can catch it at
 * @param sampleDetection probability that one verifier's k picks include a tampered step
 * @param detection probability that some verifier audits a tampered step and opens a dispute
 * @param conviction probability that the dispute convicts the worker (detection × honest jury)
 * @param expectedProfit the cheater's expected profit per segment, in POLY
 * @param advantageOverHonest expected profit minus an honest worker's, per segment
 * @param breakEvenStake the stake below which the strategy pays ({@code 0} when it never does,
 *     infinite when no stake deters it)
 */
public record StrategyEconomics(
    Cheat cheat,
    int tamperedSteps,
    double sampleDetection,
    double detection,
    double conviction,
    double expectedProfit,
    double advantageOverHonest,
    double breakEvenStake) {

  /** Whether cheating this way loses money on average. */
  public boolean unprofitable() {
    return expectedProfit < 0;
  }
}
