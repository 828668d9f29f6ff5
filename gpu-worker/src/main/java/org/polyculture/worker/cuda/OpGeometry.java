package org.polyculture.worker.cuda;

import java.util.List;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * The dimensions each op works over, read from its tensors and checked as the CPU backends check
 * them (docs/numerics.md §5.1): a program that does not fit, or aliases what only elementwise ops
 * may alias, is rejected with {@link IllegalArgumentException} before anything is launched.
 * OpGeometryTest holds the rejections to the scalar backend's.
 */
final class OpGeometry {

  /** A tensor seen as {@code rows} rows of {@code width} contiguous elements. */
  record Rows(int rows, int width) {}

  /** Embedding tables {@code [vocab, channels]} and tokens {@code [batch, context]}. */
  record Embedding(int batch, int context, int channels, int vocab, int positions) {}

  /** Attention over {@code qkv[batch, context, 3 channels]} with {@code heads} heads. */
  record Heads(int batch, int context, int channels, int heads) {
    int headSize() {
      return channels / heads;
    }

    int rows() {
      return batch * context;
    }
  }

  private static final int MAX_EXACT_COUNT = 1 << 24;

  private OpGeometry() {}

  static Embedding encoder(Op.Encoder op) {
    Embedding shape = embedding(op.name(), op.tokens(), op.wte(), op.wpe());
    requireSize(op.name(), op.out(), (long) shape.batch() * shape.context() * shape.channels());
    return shape;
  }

  static Embedding encoderBackward(Op.EncoderBackward op) {
    Embedding shape = embedding(op.name(), op.tokens(), op.dwte(), op.dwpe());
    requireSize(op.name(), op.dout(), (long) shape.batch() * shape.context() * shape.channels());
    return shape;
  }

  private static Embedding embedding(String op, TensorSpec tokens, TensorSpec wte, TensorSpec wpe) {
    if (tokens.rank() != 2 || wte.rank() != 2 || wpe.rank() != 2) {
      throw new IllegalArgumentException(
          op + ": tokens [B,T], wte [V,C] and wpe [T,C] must have rank 2");
    }
    int channels = wte.dim(1);
    if (wpe.dim(1) != channels) {
      throw new IllegalArgumentException(op + ": " + wte + " and " + wpe + " differ in width");
    }
    int context = tokens.dim(1);
    if (context > wpe.dim(0)) {
      throw new IllegalArgumentException(
          op + ": " + tokens + " is longer than the " + wpe.dim(0) + " positions of " + wpe);
    }
    return new Embedding(tokens.dim(0), context, channels, wte.dim(0), wpe.dim(0));
  }

  static Rows layerNorm(Op.LayerNorm op) {
    Rows shape = rowsOf(op.name(), op.x(), op.weight().size());
    requireSize(op.name(), op.bias(), shape.width());
    requireSize(op.name(), op.out(), op.x().size());
    requireSize(op.name(), op.mean(), shape.rows());
    requireSize(op.name(), op.rstd(), shape.rows());
    return shape;
  }

  static Rows layerNormBackward(Op.LayerNormBackward op) {
    Rows shape = rowsOf(op.name(), op.x(), op.weight().size());
    requireSize(op.name(), op.dout(), op.x().size());
    requireSize(op.name(), op.dx(), op.x().size());
    requireSize(op.name(), op.dweight(), shape.width());
    requireSize(op.name(), op.dbias(), shape.width());
    requireSize(op.name(), op.mean(), shape.rows());
    requireSize(op.name(), op.rstd(), shape.rows());
    return shape;
  }

  static void matmul(Op.Matmul op) {
    if (op.m() < 1 || op.n() < 1 || op.k() < 1) {
      throw new IllegalArgumentException(
          op.name() + ": m, n, k must be positive: " + op.m() + ", " + op.n() + ", " + op.k());
    }
  }

  static Heads attention(Op.Attention op) {
    Heads shape = heads(op.name(), op.batch(), op.context(), op.channels(), op.heads());
    requireAttentionSizes(op.name(), shape, op.qkv(), op.out(), op.att());
    return shape;
  }

  static Heads attentionBackward(Op.AttentionBackward op) {
    Heads shape = heads(op.name(), op.batch(), op.context(), op.channels(), op.heads());
    requireAttentionSizes(op.name(), shape, op.qkv(), op.dout(), op.att());
    requireSize(op.name(), op.dqkv(), op.qkv().size());
    return shape;
  }

  private static Heads heads(String op, int batch, int context, int channels, int heads) {
    if (batch <= 0 || context <= 0 || channels <= 0 || heads <= 0 || channels % heads != 0) {
      throw new IllegalArgumentException(
          op
              + ": need positive B, T, C, H with H dividing C; got B="
              + batch
              + " T="
              + context
              + " C="
              + channels
              + " H="
              + heads);
    }
    if ((long) batch * heads > KernelGeometry.MAX_GRID_YZ) {
      throw new IllegalArgumentException(
          op + ": the cuda backend runs at most " + KernelGeometry.MAX_GRID_YZ + " heads × batch");
    }
    return new Heads(batch, context, channels, heads);
  }

  private static void requireAttentionSizes(
      String op, Heads shape, TensorSpec qkv, TensorSpec out, TensorSpec att) {
    long rows = (long) shape.batch() * shape.context();
    requireSize(op, qkv, rows * 3 * shape.channels());
    requireSize(op, out, rows * shape.channels());
    requireSize(op, att, (long) shape.batch() * shape.heads() * shape.context() * shape.context());
  }

  static Rows crossEntropy(Op.CrossEntropy op) {
    Rows shape = rowsOf(op.name(), op.logits(), lastDim(op.logits()));
    requireSize(op.name(), op.probs(), op.logits().size());
    requireSize(op.name(), op.losses(), shape.rows());
    requireSize(op.name(), op.targets(), shape.rows());
    return shape;
  }

  static Rows crossEntropyBackward(Op.CrossEntropyBackward op) {
    Rows shape = rowsOf(op.name(), op.probs(), lastDim(op.probs()));
    requireSize(op.name(), op.dlogits(), op.probs().size());
    requireSize(op.name(), op.targets(), shape.rows());
    requireExactCount(op.name(), shape.rows());
    return shape;
  }

  static Rows biasGrad(Op.BiasGrad op) {
    requireSize(op.name(), op.dout(), (long) op.rows() * op.columns());
    requireSize(op.name(), op.dbias(), op.columns());
    return new Rows(op.rows(), op.columns());
  }

  static void meanLoss(Op.MeanLoss op) {
    requireSize(op.name(), op.out(), 1);
    requireExactCount(op.name(), op.losses().size());
  }

  static void elementwise(String op, TensorSpec out, TensorSpec... inputs) {
    for (TensorSpec input : inputs) {
      requireSize(op, input, out.size());
    }
  }

  static void scalarOutput(String op, TensorSpec... scalars) {
    for (TensorSpec scalar : scalars) {
      requireSize(op, scalar, 1);
    }
  }

  /** Only elementwise ops may write a tensor they read; no op may write a tensor twice. */
  static void requireNoForbiddenAliasing(Op op) {
    if (op instanceof Op.Add
        || op instanceof Op.Gelu
        || op instanceof Op.GeluBackward
        || op instanceof Op.CrossEntropyBackward
        || op instanceof Op.AdamW) {
      return;
    }
    List<TensorSpec> inputs = op.inputs();
    List<TensorSpec> outputs = op.outputs();
    for (TensorSpec output : outputs) {
      for (TensorSpec input : inputs) {
        if (output.name().equals(input.name())) {
          throw new IllegalArgumentException(
              op.name() + ": writes " + output.name() + ", which it also reads");
        }
      }
    }
    for (int i = 0; i < outputs.size(); i++) {
      for (int j = i + 1; j < outputs.size(); j++) {
        if (outputs.get(i).name().equals(outputs.get(j).name())) {
          throw new IllegalArgumentException(
              op.name() + ": writes " + outputs.get(i).name() + " twice");
        }
      }
    }
  }

  /** Returns {@code token} when it is a row of a table with {@code vocab} rows. */
  static int requireToken(String op, int token, int vocab) {
    if (token < 0 || token >= vocab) {
      throw new IllegalArgumentException(
          op + ": token " + token + " is outside the vocabulary [0, " + vocab + ")");
    }
    return token;
  }

  static void requireTokens(String op, int[] tokens, int count, int vocab) {
    for (int i = 0; i < count; i++) {
      requireToken(op, tokens[i], vocab);
    }
  }

  static void requireExactCount(String op, int count) {
    if (count >= MAX_EXACT_COUNT) {
      throw new IllegalArgumentException(
          op + ": " + count + " elements; counts used as floats must be below 2^24");
    }
  }

  private static Rows rowsOf(String op, TensorSpec tensor, int width) {
    if (width <= 0 || tensor.size() % width != 0) {
      throw new IllegalArgumentException(op + ": " + tensor + " is not made of rows of " + width);
    }
    requireExactCount(op, width);
    return new Rows(tensor.size() / width, width);
  }

  private static int lastDim(TensorSpec tensor) {
    return tensor.dim(tensor.rank() - 1);
  }

  static void requireSize(String op, TensorSpec tensor, long expected) {
    if (tensor.size() != expected) {
      throw new IllegalArgumentException(
          op + ": " + tensor + " has " + tensor.size() + " elements, expected " + expected);
    }
  }
}
