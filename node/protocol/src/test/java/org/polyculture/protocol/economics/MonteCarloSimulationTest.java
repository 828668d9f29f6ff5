package org.polyculture.protocol.economics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class MonteCarloSimulationTest {

  private static final Bytes32 SEED = Bytes32.fromHexStringLenient("0x5eed");
  private static final int TRIALS = 4_000;

  @Test
  void measuredDetectionAgreesWithTheClosedFormForEveryStrategy() {
    EconomicParameters parameters = EconomicParameters.builder().segmentLength(20).build();
    MonteCarloSimulation simulation = new MonteCarloSimulation(parameters, SEED);
    for (Cheat cheat : Cheat.values()) {
      SimulatedStrategy measured = simulation.simulate(cheat, TRIALS);
      StrategyEconomics expected = CheatingCalculus.evaluate(parameters, cheat);
      assertWithin(measured.sampleDetectionRate(), expected.sampleDetection(), TRIALS, cheat);
      assertWithin(measured.detectionRate(), expected.detection(), TRIALS, cheat);
      assertWithin(measured.convictionRate(), expected.conviction(), TRIALS, cheat);
      assertThat(Math.abs(measured.meanProfit() - expected.expectedProfit()))
          .as("%s: mean profit %s vs %s", cheat, measured.meanProfit(), expected.expectedProfit())
          .isLessThanOrEqualTo(4.5 * measured.profitStandardError() + 1e-9);
    }
  }

  @Test
  void privatePicksAndConcurrentSegmentsAgreeWithTheClosedForm() {
    EconomicParameters parameters =
        EconomicParameters.builder()
            .segmentLength(16)
            .audits(2)
            .verifiers(4)
            .verifierUptime(0.7)
            .picks(PickSharing.PRIVATE)
            .concurrentSegments(3)
            .stake(300)
            .build();
    MonteCarloSimulation simulation = new MonteCarloSimulation(parameters, SEED);
    for (Cheat cheat : new Cheat[] {Cheat.SKIP_STEP, Cheat.FEWER_STEPS}) {
      SimulatedStrategy measured = simulation.simulate(cheat, TRIALS);
      StrategyEconomics expected = CheatingCalculus.evaluate(parameters, cheat);
      assertWithin(measured.detectionRate(), expected.detection(), 3L * TRIALS, cheat);
      assertThat(Math.abs(measured.meanProfit() - expected.expectedProfit()))
          .as("%s: mean profit %s vs %s", cheat, measured.meanProfit(), expected.expectedProfit())
          .isLessThanOrEqualTo(4.5 * measured.profitStandardError());
    }
  }

  @Test
  void aRunIsReproducibleFromItsSeed() {
    EconomicParameters parameters = EconomicParameters.builder().segmentLength(30).build();
    SimulatedStrategy first =
        new MonteCarloSimulation(parameters, SEED).simulate(Cheat.SKIP_STEP, 500);
    SimulatedStrategy again =
        new MonteCarloSimulation(parameters, SEED).simulate(Cheat.SKIP_STEP, 500);
    SimulatedStrategy other =
        new MonteCarloSimulation(parameters, Bytes32.fromHexStringLenient("0x0711"))
            .simulate(Cheat.SKIP_STEP, 500);
    assertThat(again).isEqualTo(first);
    assertThat(other.meanProfit()).isNotEqualTo(first.meanProfit());
  }

  @Test
  void theWilsonIntervalHoldsTheRateAndStaysInTheUnitInterval() {
    double[] none = SimulatedStrategy.wilson(0, 100);
    double[] all = SimulatedStrategy.wilson(100, 100);
    double[] half = SimulatedStrategy.wilson(50, 100);
    assertThat(none[0]).isZero();
    assertThat(none[1]).isBetween(0.03, 0.04);
    assertThat(all[1]).isEqualTo(1.0);
    assertThat(half[0]).isBetween(0.40, 0.41);
    assertThat(half[1]).isBetween(0.59, 0.60);
  }

  @Test
  void shouldRefuseFewerThanTwoTrials() {
    MonteCarloSimulation simulation = new MonteCarloSimulation(EconomicParameters.defaults(), SEED);
    assertThatThrownBy(() -> simulation.simulate(Cheat.SKIP_STEP, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The measured rate lies within 4.5 standard errors of the expected probability. */
  private static void assertWithin(double measured, double expected, long trials, Cheat cheat) {
    double standardError = Math.sqrt(Math.max(expected * (1 - expected), 1e-12) / trials);
    assertThat(Math.abs(measured - expected))
        .as("%s: measured %s, expected %s", cheat, measured, expected)
        .isLessThanOrEqualTo(4.5 * standardError + 1e-12);
  }
}
