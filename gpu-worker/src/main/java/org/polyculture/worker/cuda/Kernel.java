package org.polyculture.worker.cuda;

import static org.polyculture.worker.cuda.Kernel.Param.FLOAT;
import static org.polyculture.worker.cuda.Kernel.Param.INT;
import static org.polyculture.worker.cuda.Kernel.Param.LONG;
import static org.polyculture.worker.cuda.Kernel.Param.POINTER;

import java.util.List;

/**
 * Every kernel of the PTX modules: its module (the {@code .cu} file), its {@code extern "C"} name
 * and its parameters. KernelSignatureTest checks these against the CUDA sources, so a launch built
 * from this list passes exactly what the kernel reads.
 */
enum Kernel {
  CANON_MATMUL("matmul", "canon_matmul", Signatures.MATMUL),
  CANON_MATMUL_LOWER("matmul", "canon_matmul_lower", Signatures.MATMUL),
  CANON_MATMUL_UPPER("matmul", "canon_matmul_upper", Signatures.MATMUL),
  LAYER_NORM_FORWARD(
      "rows", "layer_norm_forward", POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, INT, INT),
  LAYER_NORM_BACKWARD_ROWS(
      "rows",
      "layer_norm_backward_rows",
      POINTER,
      POINTER,
      POINTER,
      POINTER,
      POINTER,
      POINTER,
      POINTER,
      INT,
      INT),
  ATTENTION_SOFTMAX("rows", "attention_softmax", POINTER, INT, INT),
  ATTENTION_BACKWARD_ROWS("rows", "attention_backward_rows", POINTER, POINTER, INT, INT, FLOAT),
  CROSS_ENTROPY_FORWARD(
      "rows", "cross_entropy_forward", POINTER, POINTER, POINTER, POINTER, INT, INT),
  MEAN_LOSS("rows", "mean_loss", POINTER, POINTER, INT),
  ENCODER_FORWARD(
      "elementwise", "encoder_forward", POINTER, POINTER, POINTER, POINTER, INT, INT, INT),
  GELU_FORWARD("elementwise", "gelu_forward", POINTER, POINTER, LONG),
  GELU_BACKWARD("elementwise", "gelu_backward", POINTER, POINTER, POINTER, LONG),
  ADD("elementwise", "add", POINTER, POINTER, POINTER, LONG),
  CROSS_ENTROPY_BACKWARD(
      "elementwise", "cross_entropy_backward", POINTER, POINTER, POINTER, INT, INT, FLOAT),
  ADAMW(
      "elementwise",
      "adamw",
      POINTER,
      POINTER,
      POINTER,
      POINTER,
      POINTER,
      FLOAT,
      FLOAT,
      FLOAT,
      FLOAT,
      FLOAT,
      FLOAT,
      FLOAT,
      FLOAT,
      FLOAT,
      LONG),
  COLUMN_SUMS("reduce", "column_sums", POINTER, POINTER, POINTER, POINTER, INT, INT),
  ENCODER_BACKWARD_POSITIONS(
      "reduce", "encoder_backward_positions", POINTER, POINTER, INT, INT, INT, INT),
  ENCODER_BACKWARD_TOKENS(
      "reduce", "encoder_backward_tokens", POINTER, POINTER, POINTER, POINTER, INT),
  SQUARES_PARTIALS("reduce", "squares_partials", POINTER, POINTER, POINTER),
  SQUARES_COMBINE("reduce", "squares_combine", POINTER, POINTER, INT),
  CLIP_SCALE("reduce", "clip_scale", POINTER, POINTER, FLOAT),
  STATE_GATHER("state_hash", "state_gather", POINTER, POINTER, POINTER, POINTER),
  SHA256_LEAVES("state_hash", "sha256_leaves", POINTER, POINTER, LONG, INT);

  /** How a kernel parameter is passed: a device address, a 32- or 64-bit integer, a float. */
  enum Param {
    POINTER,
    INT,
    LONG,
    FLOAT
  }

  private final String module;
  private final String function;
  private final List<Param> params;

  Kernel(String module, String function, Param... params) {
    this.module = module;
    this.function = function;
    this.params = List.of(params);
  }

  Kernel(String module, String function, List<Param> params) {
    this.module = module;
    this.function = function;
    this.params = params;
  }

  /** The {@code .cu} file (without extension) whose PTX holds the kernel. */
  String module() {
    return module;
  }

  String function() {
    return function;
  }

  List<Param> params() {
    return params;
  }

  private static final class Signatures {
    static final List<Param> MATMUL =
        List.of(
            POINTER, POINTER, POINTER, POINTER, // out, a, b, bias
            INT, INT, INT, // m, n, k
            INT, INT, INT, INT, INT, // a_row, a_depth, b_depth, b_col, out_row
            INT, INT, INT, INT, INT, INT, INT, // batch_inner, a/b/out outer and inner strides
            INT, FLOAT); // epilogue, scale
  }
}
