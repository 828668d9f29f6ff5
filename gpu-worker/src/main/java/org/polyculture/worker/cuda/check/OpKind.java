package org.polyculture.worker.cuda.check;

/** The op kinds of the canonical op set, one per record of {@code Op}. */
public enum OpKind {
  ENCODER,
  LAYER_NORM,
  MATMUL,
  ATTENTION,
  GELU,
  ADD,
  CROSS_ENTROPY,
  MEAN_LOSS,
  CROSS_ENTROPY_BACKWARD,
  LAYER_NORM_BACKWARD,
  BIAS_GRAD,
  GELU_BACKWARD,
  ATTENTION_BACKWARD,
  ENCODER_BACKWARD,
  GRAD_NORM_SQUARED,
  CLIP_SCALE,
  ADAMW
}
