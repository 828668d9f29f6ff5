package org.polyculture.engine.model;

import org.polyculture.engine.numerics.CanonicalMath;
import org.polyculture.engine.ops.StepScalars;

/**
 * The learning-rate schedule and AdamW bias corrections of docs/numerics.md §5.4: linear warmup to
 * {@code maxLr}, then a cosine decay to {@code minLr} at {@code totalSteps}. The beta powers are
 * carried in the training state and multiplied once per step, never raised to a power.
 */
public final class Schedule {

  private final ModelConfig config;

  public Schedule(ModelConfig config) {
    this.config = config;
  }

  /** The scalars of step {@code step} and the beta powers the state carries after it. */
  public ScheduledStep forStep(long step, float beta1Power, float beta2Power) {
    if (step < 0 || step >= config.totalSteps()) {
      throw new IllegalArgumentException(
          "step " + step + " is outside the schedule of " + config.totalSteps() + " steps");
    }
    float nextBeta1Power = beta1Power * config.beta1();
    float nextBeta2Power = beta2Power * config.beta2();
    float biasCorrection1 = 1.0f - nextBeta1Power;
    float biasCorrection2 = 1.0f - nextBeta2Power;
    return new ScheduledStep(
        new StepScalars(step, learningRate((int) step), biasCorrection1, biasCorrection2),
        nextBeta1Power,
        nextBeta2Power);
  }

  /** The learning rate of step {@code t}, {@code 0 ≤ t < totalSteps}. */
  public float learningRate(int t) {
    int warmup = config.warmupSteps();
    float maxLr = config.maxLearningRate();
    float minLr = config.minLearningRate();
    if (t < warmup) {
      return maxLr * ((float) (t + 1) / (float) warmup);
    }
    float progress = (float) (t - warmup) / (float) (config.totalSteps() - warmup);
    return minLr + (0.5f * (maxLr - minLr)) * (1.0f + CanonicalMath.cosPi(progress));
  }

  /** One step's scalars and the carried state it leaves behind. */
  public record ScheduledStep(StepScalars scalars, float nextBeta1Power, float nextBeta2Power) {}
}
