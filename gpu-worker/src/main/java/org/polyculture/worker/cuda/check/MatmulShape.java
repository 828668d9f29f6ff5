package org.polyculture.worker.cuda.check;

import java.util.List;
import org.polyculture.engine.model.ModelConfig;

/**
 * A matmul of the training step, as the engine's program runs it: {@code out[m,n] = A'[m,k] ·
 * B'[k,n]}. The device check times these on the canonical kernel and, through the PyTorch baseline,
 * on cuBLAS SGEMM with the same operand layouts.
 */
public record MatmulShape(String name, int m, int n, int k, boolean transA, boolean transB) {

  /** {@code 2mnk}. */
  public double flops() {
    return 2.0 * m * n * k;
  }

  /** The distinct products of one step of {@code config} (linear layers forward and backward). */
  public static List<MatmulShape> of(ModelConfig config) {
    int rows = config.batch() * config.context();
    int c = config.channels();
    int v = config.vocab();
    return List.of(
        new MatmulShape("qkv.forward", rows, 3 * c, c, false, true),
        new MatmulShape("attproj.forward", rows, c, c, false, true),
        new MatmulShape("fc.forward", rows, 4 * c, c, false, true),
        new MatmulShape("fcproj.forward", rows, c, 4 * c, false, true),
        new MatmulShape("logits.forward", rows, v, c, false, true),
        new MatmulShape("fcproj.input-gradient", rows, 4 * c, c, false, false),
        new MatmulShape("fc.input-gradient", rows, c, 4 * c, false, false),
        new MatmulShape("fc.weight-gradient", 4 * c, c, rows, true, false),
        new MatmulShape("qkv.weight-gradient", 3 * c, c, rows, true, false));
  }
}
