package org.polyculture.worker.cuda;

import org.polyculture.engine.backend.OpShapes;
import org.polyculture.engine.backend.Tokens;
import org.polyculture.engine.ops.Op;

/**
 * What the CUDA backend checks beyond the engine's {@link OpShapes}, which it shares with the CPU
 * backends (docs/numerics.md §5.1): the limits of a kernel launch. A program that does not fit is
 * rejected with {@link IllegalArgumentException} before anything is launched. OpGeometryTest holds
 * the rejections to the scalar backend's.
 */
final class OpGeometry {

  private OpGeometry() {}

  /** A matmul launches a grid over {@code m × n}: an empty one is not a launch. */
  static void matmul(Op.Matmul op) {
    if (op.m() < 1 || op.n() < 1 || op.k() < 1) {
      throw new IllegalArgumentException(
          op.name() + ": m, n, k must be positive: " + op.m() + ", " + op.n() + ", " + op.k());
    }
  }

  static OpShapes.Heads attention(Op.Attention op) {
    return requireGrid(op.name(), OpShapes.attention(op));
  }

  static OpShapes.Heads attentionBackward(Op.AttentionBackward op) {
    return requireGrid(op.name(), OpShapes.attentionBackward(op));
  }

  /** Attention runs one block per (batch, head) pair along a grid dimension that has a limit. */
  private static OpShapes.Heads requireGrid(String op, OpShapes.Heads shape) {
    if ((long) shape.batch() * shape.heads() > KernelGeometry.MAX_GRID_YZ) {
      throw new IllegalArgumentException(
          op + ": the cuda backend runs at most " + KernelGeometry.MAX_GRID_YZ + " heads × batch");
    }
    return shape;
  }

  /** The kernels index tables by token without a check, so every token is checked on the host. */
  static void requireTokens(String op, int[] tokens, int count, int vocab) {
    for (int i = 0; i < count; i++) {
      Tokens.require(op, tokens[i], vocab);
    }
  }
}
