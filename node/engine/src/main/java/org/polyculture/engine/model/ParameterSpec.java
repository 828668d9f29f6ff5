package org.polyculture.engine.model;

import org.polyculture.engine.tensor.TensorSpec;

/**
 * One parameter tensor of a model: its position in the canonical parameter order (docs/numerics.md
 * §5), its tensor, whether AdamW applies weight decay to it (rank-2 tensors) and how the genesis
 * state initialises it (§5.5).
 */
public record ParameterSpec(int index, TensorSpec tensor, Initialization initialization) {

  /** How the genesis state fills a parameter tensor. */
  public enum Initialization {
    /** Normal with standard deviation {@code 0.02f}. */
    NORMAL,
    /** Normal with standard deviation {@code 0.02f / sqrt(2L)}: the residual projections. */
    NORMAL_RESIDUAL,
    ZEROS,
    ONES
  }

  public String name() {
    return tensor.name();
  }

  public int size() {
    return tensor.size();
  }

  /** Matrices and embeddings decay; biases and LayerNorm parameters do not. */
  public boolean weightDecay() {
    return tensor.rank() == 2;
  }
}
