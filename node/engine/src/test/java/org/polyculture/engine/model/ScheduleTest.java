package org.polyculture.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.polyculture.engine.ops.StepScalars;

class ScheduleTest {

  private final ModelConfig config =
      ModelConfig.builder()
          .maxLearningRate(1e-3f)
          .minLearningRate(1e-4f)
          .warmupSteps(10)
          .totalSteps(110)
          .beta1(0.9f)
          .beta2(0.95f)
          .build();
  private final Schedule schedule = new Schedule(config);

  @Test
  void shouldWarmUpLinearlyAsTheSpecWritesIt() {
    for (int t = 0; t < 10; t++) {
      assertThat(schedule.learningRate(t)).isEqualTo(1e-3f * ((float) (t + 1) / 10.0f));
    }
    assertThat(schedule.learningRate(9)).isEqualTo(1e-3f);
  }

  @Test
  void shouldDecayByACosineFromTheMaximumToTheMinimum() {
    assertThat(schedule.learningRate(10)).isEqualTo(1e-3f);
    assertThat(schedule.learningRate(60))
        .isCloseTo(5.5e-4f, org.assertj.core.data.Offset.offset(1e-9f));
    assertThat(schedule.learningRate(109))
        .isCloseTo(1e-4f, org.assertj.core.data.Offset.offset(1e-6f));
    float previous = Float.POSITIVE_INFINITY;
    for (int t = 10; t < 110; t++) {
      assertThat(schedule.learningRate(t)).isLessThanOrEqualTo(previous);
      previous = schedule.learningRate(t);
    }
  }

  @Test
  void shouldCarryTheBetaPowersByOneMultiplicationPerStep() {
    float b1 = 1.0f;
    float b2 = 1.0f;
    for (int t = 0; t < 5; t++) {
      Schedule.ScheduledStep step = schedule.forStep(t, b1, b2);
      assertThat(step.nextBeta1Power()).isEqualTo(b1 * 0.9f);
      assertThat(step.nextBeta2Power()).isEqualTo(b2 * 0.95f);
      StepScalars scalars = step.scalars();
      assertThat(scalars.step()).isEqualTo(t);
      assertThat(scalars.biasCorrection1()).isEqualTo(1.0f - b1 * 0.9f);
      assertThat(scalars.biasCorrection2()).isEqualTo(1.0f - b2 * 0.95f);
      assertThat(scalars.learningRate()).isEqualTo(schedule.learningRate(t));
      b1 = step.nextBeta1Power();
      b2 = step.nextBeta2Power();
    }
  }

  @Test
  void shouldRefuseStepsOutsideTheSchedule() {
    assertThatThrownBy(() -> schedule.forStep(110, 1.0f, 1.0f))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> schedule.forStep(-1, 1.0f, 1.0f))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldStartTheCosineAtOnceWithoutWarmup() {
    Schedule noWarmup = new Schedule(config.toBuilder().warmupSteps(0).build());
    assertThat(noWarmup.learningRate(0)).isEqualTo(1e-3f);
  }
}
