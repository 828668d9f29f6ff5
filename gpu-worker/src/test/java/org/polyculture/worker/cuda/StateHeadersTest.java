package org.polyculture.worker.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.polyculture.engine.state.StateCodec;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.state.TrainingStateFixture;

class StateHeadersTest {

  @Test
  void shouldWriteTheHeaderOfTheCanonicalEncoding() {
    for (long seed = 0; seed < 20; seed++) {
      TrainingState state =
          TrainingStateFixture.aState().values(seed).step(seed * 1000).jobSeed(-seed).build();
      assertThat(StateHeaders.of(state))
          .isEqualTo(StateCodec.encode(state).slice(0, ResidentState.HEADER_LENGTH).toArray());
    }
  }

  @Test
  void shouldWriteANaNBetaPowerAsTheCanonicalNaN() {
    TrainingState state = TrainingStateFixture.aState().build();
    TrainingState nan =
        new TrainingState(
            state.specVersion(),
            state.config(),
            state.jobSeed(),
            state.datasetRoot(),
            state.step(),
            Float.intBitsToFloat(0xFFC01234),
            state.beta2Power(),
            state.parameters(),
            state.firstMoments(),
            state.secondMoments());
    assertThat(StateHeaders.of(nan))
        .isEqualTo(StateCodec.encode(nan).slice(0, ResidentState.HEADER_LENGTH).toArray());
  }
}
