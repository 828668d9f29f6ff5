package org.polyculture.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerifierSettingsTest {

  @Test
  void shouldDefaultToFourAuditsPerSegmentAndTheMinimumJurorStake() {
    VerifierSettings settings = VerifierSettings.builder().build();

    assertThat(settings.auditsPerSegment()).isEqualTo(4);
    assertThat(settings.stake()).isEmpty();
    assertThat(settings.disputeStaggerStep()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void shouldListEveryProblemAtOnce() {
    VerifierSettings.Builder builder =
        VerifierSettings.builder()
            .auditsPerSegment(2000)
            .stake(Optional.of(BigInteger.ZERO))
            .endpoint("")
            .pollInterval(Duration.ZERO)
            .disputeStaggerStep(Duration.ofSeconds(-1));

    assertThat(builder.problems()).hasSize(5);
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--audits-per-segment");
  }

  @Test
  void shouldAcceptZeroAuditsForJuryDutyOnly() {
    assertThat(VerifierSettings.builder().auditsPerSegment(0).build().auditsPerSegment()).isZero();
  }
}
