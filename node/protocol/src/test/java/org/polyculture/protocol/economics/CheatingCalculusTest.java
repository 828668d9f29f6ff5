package org.polyculture.protocol.economics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.polyculture.protocol.ProtocolGenerators.ints;
import static org.quicktheories.QuickTheory.qt;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

class CheatingCalculusTest {

  @Test
  void missProbabilityIsTheRatioOfBinomialCoefficients() {
    qt().withExamples(300)
        .forAll(ints(1, 300), ints(0, 300), ints(0, 300))
        .checkAssert(
            (s, a, b) -> {
              int m = a % (s + 1);
              int k = b % (s + 1);
              assertThat(CheatingCalculus.missProbability(s, m, k))
                  .as("S = %d, m = %d, k = %d", s, m, k)
                  .isCloseTo(exactMissProbability(s, m, k), within(1e-12));
            });
  }

  @Test
  void missProbabilityAtTheEnds() {
    assertThat(CheatingCalculus.missProbability(100, 0, 4)).isEqualTo(1.0);
    assertThat(CheatingCalculus.missProbability(100, 100, 1)).isEqualTo(0.0);
    assertThat(CheatingCalculus.missProbability(100, 1, 0)).isEqualTo(1.0);
    assertThat(CheatingCalculus.missProbability(10, 7, 4)).isEqualTo(0.0);
    assertThat(CheatingCalculus.missProbability(100, 1, 4)).isCloseTo(0.96, within(1e-15));
  }

  @Test
  void shouldRejectMoreTamperedStepsOrPicksThanTheSegmentHas() {
    assertThatThrownBy(() -> CheatingCalculus.missProbability(10, 11, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CheatingCalculus.missProbability(10, 1, 11))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void honestMajorityMatchesAnEnumerationOfEveryJury() {
    for (int jury = 1; jury <= 11; jury += 2) {
      for (double share : new double[] {0.0, 0.1, 0.2, 0.33, 0.5, 0.8, 1.0}) {
        assertThat(CheatingCalculus.honestMajority(jury, share))
            .as("jury %d, dishonest share %s", jury, share)
            .isCloseTo(enumeratedHonestMajority(jury, share), within(1e-12));
      }
    }
  }

  @Test
  void aJuryOfEvenOddsIsACoinToss() {
    assertThat(CheatingCalculus.honestMajority(5, 0.5)).isCloseTo(0.5, within(1e-15));
    assertThat(CheatingCalculus.honestMajority(5, 0.2)).isCloseTo(0.94208, within(1e-12));
  }

  @Test
  void sharedPicksMakeMoreVerifiersRaiseOnlyTheChanceThatSomeoneAudits() {
    EconomicParameters one = EconomicParameters.builder().verifiers(1).verifierUptime(1).build();
    EconomicParameters five = one.toBuilder().verifiers(5).build();
    assertThat(CheatingCalculus.detection(five, 1))
        .isEqualTo(CheatingCalculus.detection(one, 1))
        .isCloseTo(0.04, within(1e-15));
    EconomicParameters privateFive = five.toBuilder().picks(PickSharing.PRIVATE).build();
    assertThat(CheatingCalculus.detection(privateFive, 1))
        .isCloseTo(1 - Math.pow(0.96, 5), within(1e-12));
  }

  @Test
  void detectionGrowsWithTheAuditsAndTheTamperedSteps() {
    qt().withExamples(200)
        .forAll(ints(2, 500), ints(1, 64), ints(0, 499))
        .checkAssert(
            (s, a, b) -> {
              int k = 1 + a % (s - 1);
              int m = b % s;
              EconomicParameters fewer =
                  EconomicParameters.builder().segmentLength(s).audits(k).build();
              EconomicParameters more = fewer.toBuilder().audits(k + 1).build();
              assertThat(CheatingCalculus.detection(more, m))
                  .isGreaterThanOrEqualTo(CheatingCalculus.detection(fewer, m));
              assertThat(CheatingCalculus.detection(fewer, m + 1))
                  .isGreaterThanOrEqualTo(CheatingCalculus.detection(fewer, m));
            });
  }

  @Test
  void everyStrategyLosesMoneyAtTheDefaults() {
    EconomicParameters defaults = EconomicParameters.defaults();
    assertThat(CheatingCalculus.honestProfit(defaults)).isPositive();
    for (StrategyEconomics strategy : CheatingCalculus.evaluateAll(defaults)) {
      assertThat(strategy.unprofitable()).as(strategy.cheat().cliName()).isTrue();
      assertThat(strategy.advantageOverHonest()).as(strategy.cheat().cliName()).isNegative();
      assertThat(strategy.breakEvenStake()).isLessThan(defaults.stake());
    }
  }

  @Test
  void skippingAStepPaysWhenTheStakeIsSmall() {
    EconomicParameters tiny = EconomicParameters.builder().stake(1).build();
    StrategyEconomics skip = CheatingCalculus.evaluate(tiny, Cheat.SKIP_STEP);
    assertThat(skip.unprofitable()).isFalse();
  }

  @Test
  void theBreakEvenStakeZeroesTheExpectedProfit() {
    qt().withExamples(100)
        .forAll(ints(0, Cheat.values().length - 1), ints(1, 50), ints(10, 400))
        .checkAssert(
            (index, concurrent, length) -> {
              Cheat cheat = Cheat.values()[index];
              EconomicParameters parameters =
                  EconomicParameters.builder()
                      .concurrentSegments(concurrent)
                      .segmentLength(length)
                      .tamperValue(100)
                      .build();
              double breakEven = CheatingCalculus.evaluate(parameters, cheat).breakEvenStake();
              if (breakEven > 0 && Double.isFinite(breakEven)) {
                StrategyEconomics atBreakEven =
                    CheatingCalculus.evaluate(
                        parameters.toBuilder().stake(breakEven).build(), cheat);
                assertThat(atBreakEven.expectedProfit()).isCloseTo(0.0, within(1e-6));
              }
            });
  }

  @Test
  void cheatingOnManySegmentsAtOnceSpreadsTheStake() {
    EconomicParameters one = EconomicParameters.defaults();
    EconomicParameters many = one.toBuilder().concurrentSegments(5_000).build();
    assertThat(CheatingCalculus.evaluate(many, Cheat.SKIP_STEP).expectedProfit())
        .isGreaterThan(CheatingCalculus.evaluate(one, Cheat.SKIP_STEP).expectedProfit());
    assertThat(CheatingCalculus.evaluate(many, Cheat.SKIP_STEP).unprofitable()).isFalse();
  }

  @Test
  void challengingFraudPaysAndGriefingDoesNot() {
    ChallengeEconomics challenges = CheatingCalculus.challenges(EconomicParameters.defaults());
    assertThat(challenges.fraudChallengeValue()).isPositive();
    assertThat(challenges.griefingValue()).isNegative();
    assertThat(challenges.selfReportValue()).isCloseTo(-9_000, within(1e-9));
  }

  @Test
  void tamperedOffsetsAndComputedStepsFollowTheWorkersStrategies() {
    assertThat(Cheat.SKIP_STEP.tamperedOffsets(100).stream().boxed()).containsExactly(50);
    assertThat(Cheat.SKIP_STEP.computedSteps(100)).isEqualTo(99);
    assertThat(Cheat.FEWER_STEPS.tamperedSteps(100)).isEqualTo(50);
    assertThat(Cheat.FEWER_STEPS.computedSteps(100)).isEqualTo(50);
    assertThat(Cheat.CORRUPT_SERVED_STATES.tamperedSteps(100)).isEqualTo(99);
    assertThat(Cheat.RANDOM_HASHES.computedSteps(100)).isZero();
    assertThat(Cheat.VANISH_AFTER_COMMIT.tamperedSteps(100)).isEqualTo(100);
    assertThat(Cheat.SKIP_STEP.tamperedOffsets(1).stream().boxed()).containsExactly(0);
    for (Cheat cheat : Cheat.values()) {
      for (int length = 1; length <= 40; length++) {
        assertThat(cheat.computedSteps(length)).isBetween(0, length);
        assertThat(cheat.tamperedOffsets(length).length()).isLessThanOrEqualTo(length);
      }
    }
  }

  @Test
  void shouldListEveryInvalidParameter() {
    assertThatThrownBy(
            () ->
                EconomicParameters.builder()
                    .stake(-1)
                    .jurySize(4)
                    .audits(0)
                    .verifierUptime(1.5)
                    .reward(Double.NaN)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stake")
        .hasMessageContaining("jury size")
        .hasMessageContaining("audits")
        .hasMessageContaining("verifier uptime")
        .hasMessageContaining("reward");
  }

  private static double exactMissProbability(int s, int m, int k) {
    BigInteger clean = binomial(s - m, k);
    BigInteger all = binomial(s, k);
    return new BigDecimal(clean).divide(new BigDecimal(all), MathContext.DECIMAL128).doubleValue();
  }

  private static BigInteger binomial(int n, int k) {
    if (k > n) {
      return BigInteger.ZERO;
    }
    BigInteger result = BigInteger.ONE;
    for (int i = 1; i <= k; i++) {
      result = result.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
    }
    return result;
  }

  private static double enumeratedHonestMajority(int jury, double share) {
    double honest = 0;
    for (int mask = 0; mask < 1 << jury; mask++) {
      int dishonest = Integer.bitCount(mask);
      double probability = 1;
      for (int seat = 0; seat < jury; seat++) {
        probability *= (mask >> seat & 1) == 1 ? share : 1 - share;
      }
      if (dishonest <= jury / 2) {
        honest += probability;
      }
    }
    return honest;
  }
}
