package org.polyculture.engine.backend;

import org.polyculture.engine.ops.Op;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * The dimensions each op works over, derived from its tensors and checked once, so that every
 * backend (the CPU ones here, the CUDA one in gpu-worker) reads them the same way and rejects the
 * same programs (docs/numerics.md §5.1). A mismatch is a bug in the program and throws {@link
 * IllegalArgumentException}.
 */
public final class OpShapes {

  /** A tensor seen as {@code rows} rows of {@code width} contiguous elements. */
  public record Rows(int rows, int width) {}

  /**
   * Token embedding geometry: tokens {@code [batch, context]}, tables {@code [vocab, channels]}.
   */
  public record Embedding(int batch, int context, int channels, int vocab, int positions) {}

  /** Attention geometry: {@code qkv[batch, context, 3 channels]} with {@code heads} heads. */
  public record Heads(int batch, int context, int channels, int heads) {
    public int headSize() {
      return channels / heads;
    }
  }

  private OpShapes() {}

  public static Embedding encoder(Op.Encoder op) {
    Embedding shape = embedding(op.name(), op.tokens(), op.wte(), op.wpe());
    requireSize(op.name(), op.out(), (long) shape.batch() * shape.context() * shape.channels());
    return shape;
  }

  public static Embedding encoderBackward(Op.EncoderBackward op) {
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

  public static Rows layerNorm(Op.LayerNorm op) {
    Rows shape = rowsOf(op.name(), op.x(), op.weight().size());
    requireSize(op.name(), op.bias(), shape.width());
    requireSize(op.name(), op.out(), op.x().size());
    requireSize(op.name(), op.mean(), shape.rows());
    requireSize(op.name(), op.rstd(), shape.rows());
    return shape;
  }

  public static Rows layerNormBackward(Op.LayerNormBackward op) {
    Rows shape = rowsOf(op.name(), op.x(), op.weight().size());
    requireSize(op.name(), op.dout(), op.x().size());
    requireSize(op.name(), op.dx(), op.x().size());
    requireSize(op.name(), op.dweight(), shape.width());
    requireSize(op.name(), op.dbias(), shape.width());
    requireSize(op.name(), op.mean(), shape.rows());
    requireSize(op.name(), op.rstd(), shape.rows());
    return shape;
  }

  public static Heads attention(Op.Attention op) {
    Heads shape = heads(op.name(), op.batch(), op.context(), op.channels(), op.heads());
    requireAttentionSizes(op.name(), shape, op.qkv(), op.out(), op.att());
    return shape;
  }

  public static Heads attentionBackward(Op.AttentionBackward op) {
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
    return new Heads(batch, context, channels, heads);
  }

  private static void requireAttentionSizes(
      String op, Heads shape, TensorSpec qkv, TensorSpec out, TensorSpec att) {
    long rows = (long) shape.batch() * shape.context();
    requireSize(op, qkv, rows * 3 * shape.channels());
    requireSize(op, out, rows * shape.channels());
    requireSize(op, att, (long) shape.batch() * shape.heads() * shape.context() * shape.context());
  }

  public static Rows crossEntropy(Op.CrossEntropy op) {
    Rows shape = rowsOf(op.name(), op.logits(), lastDim(op.logits()));
    requireSize(op.name(), op.probs(), op.logits().size());
    requireSize(op.name(), op.losses(), shape.rows());
    requireSize(op.name(), op.targets(), shape.rows());
    return shape;
  }

  public static Rows crossEntropyBackward(Op.CrossEntropyBackward op) {
    Rows shape = rowsOf(op.name(), op.probs(), lastDim(op.probs()));
    requireSize(op.name(), op.dlogits(), op.probs().size());
    requireSize(op.name(), op.targets(), shape.rows());
    requireExactCount(op.name(), shape.rows());
    return shape;
  }

  public static Rows biasGrad(Op.BiasGrad op) {
    requireSize(op.name(), op.dout(), (long) op.rows() * op.columns());
    requireSize(op.name(), op.dbias(), op.columns());
    return new Rows(op.rows(), op.columns());
  }

  public static void meanLoss(Op.MeanLoss op) {
    requireSize(op.name(), op.out(), 1);
    requireExactCount(op.name(), op.losses().size());
  }

  public static void elementwise(String op, TensorSpec out, TensorSpec... inputs) {
    for (TensorSpec input : inputs) {
      requireSize(op, input, out.size());
    }
  }

  public static void scalarOutput(String op, TensorSpec... scalars) {
    for (TensorSpec scalar : scalars) {
      requireSize(op, scalar, 1);
    }
  }

  static void requireExactCount(String op, int count) {
    if (count >= 1 << 24) {
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
