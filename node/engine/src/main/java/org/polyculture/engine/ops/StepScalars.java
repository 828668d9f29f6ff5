package org.polyculture.engine.ops;

/**
 * The per-step scalars the host computes before running a step's program (docs/numerics.md §5.4):
 * the learning rate and the two AdamW bias corrections. They are pure functions of the step index,
 * the config and the carried beta powers: {@code learningRate = lr}, {@code biasCorrection1 = bc1 =
 * 1.0f - b1p'} and {@code biasCorrection2 = bc2 = 1.0f - b2p'} in the notation of §5.4.
 */
public record StepScalars(
    long step, float learningRate, float biasCorrection1, float biasCorrection2) {

  /** Scalars for programs that contain no AdamW op (forward-only evaluation, generation). */
  public static StepScalars forwardOnly(long step) {
    return new StepScalars(step, 0.0f, 1.0f, 1.0f);
  }
}
