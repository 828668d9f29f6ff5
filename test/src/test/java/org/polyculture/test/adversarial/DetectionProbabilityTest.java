package org.polyculture.test.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The measured detection rate of every single-step and tail cheat, audited by the verifier's real
 * auditor with fresh randomness each time, agrees with 1 − C(S−m, k)/C(S, k) (docs/security.md):
 * the formula's value lies inside the measured rate's 99.9% Wilson interval in every cell, the
 * strategy touched exactly the m steps it claims, and no audit ever finds fraud at an honest step.
 * The table is docs/adversarial.md's ({@code scripts/bench detection} prints it).
 */
class DetectionProbabilityTest {

  @TempDir Path scratch;

  @Test
  void shouldCatchCheatsAsOftenAsTheSamplingFormulaPredicts() {
    DetectionPlan plan = DetectionPlan.of(AdversarialProfile.current());
    List<DetectionCell> cells = new ArrayList<>();
    for (int length : plan.segmentLengths()) {
      DetectionExperiment experiment =
          DetectionExperiment.on(scratch.resolve("s" + length), length);
      for (DetectionExperiment.Cheat cheat : plan.cheats(length)) {
        List<DetectionCell> measured =
            experiment.measure(cheat, DetectionPlan.audits(length), plan.trials());
        assertThat(measured)
            .as("m of %s", cheat.label())
            .allSatisfy(
                cell ->
                    assertThat(cell.tampered())
                        .isEqualTo(DetectionPlan.expectedTampered(cheat, length)));
        cells.addAll(measured);
      }
    }
    System.out.println(DetectionCell.markdownHeader());
    cells.forEach(cell -> System.out.println(cell.markdownRow()));

    assertThat(cells).allSatisfy(cell -> assertThat(cell.falseFindings()).isZero());
    assertThat(cells)
        .as("cells whose measured rate disagrees with the formula")
        .filteredOn(cell -> !cell.agrees())
        .isEmpty();
    assertThat(cells)
        .filteredOn(cell -> cell.audits() == cell.segmentLength())
        .allSatisfy(cell -> assertThat(cell.caught()).isEqualTo(cell.trials()));
  }

  @Test
  void shouldComputeTheEscapeProbabilityExactly() {
    // C(14, 2) / C(16, 2) = 91 / 120; C(8, 4) / C(16, 4) = 70 / 1820.
    assertThat(AuditOdds.escape(16, 2, 2)).isCloseTo(91.0 / 120, offset(1e-12));
    assertThat(AuditOdds.escape(16, 8, 4)).isCloseTo(70.0 / 1820, offset(1e-12));
    assertThat(AuditOdds.escape(16, 1, 16)).isZero();
    assertThat(AuditOdds.escape(16, 0, 5)).isEqualTo(1.0);
  }

  @Test
  void shouldBracketTheRateWithTheWilsonInterval() {
    AuditOdds.Interval none = AuditOdds.wilson(0, 200, DetectionCell.Z);
    AuditOdds.Interval half = AuditOdds.wilson(100, 200, DetectionCell.Z);

    assertThat(none.low()).isZero();
    assertThat(AuditOdds.wilson(200, 200, DetectionCell.Z).contains(1.0)).isTrue();
    assertThat(none.high()).isBetween(0.04, 0.06);
    assertThat(half.contains(0.5)).isTrue();
    assertThat(half.contains(0.65)).isFalse();
    assertThat(half.contains(0.35)).isFalse();
  }
}
