package org.polyculture.worker.cuda.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * Random op cases for the bit-exactness checks: sizes drawn up to a bound (so lengths that are not
 * multiples of 16 or of a tile, and size 1, come up often), values of magnitude up to a scale, and
 * with a given probability the edge values: signed zeros, subnormals, huge values, infinities and
 * NaN. Every case is a pure function of the seed.
 */
public final class OpCases {

  /**
   * @param maxSize the largest size of a dimension (rows, width, matmul sides, context...)
   * @param specialPercent how many values in a hundred are edge values
   */
  public record Bounds(int maxSize, int specialPercent) {
    public Bounds {
      if (maxSize < 1 || specialPercent < 0 || specialPercent > 100) {
        throw new IllegalArgumentException("maxSize >= 1 and specialPercent in [0, 100]");
      }
    }
  }

  private final SplittableRandom random;
  private final Bounds bounds;
  private final Map<TensorSpec, float[]> floats = new LinkedHashMap<>();
  private final Map<TensorSpec, int[]> ints = new LinkedHashMap<>();

  private OpCases(long seed, Bounds bounds) {
    this.random = new SplittableRandom(seed);
    this.bounds = bounds;
  }

  /** The case of {@code kind} for {@code seed}. */
  public static OpCase of(OpKind kind, long seed, Bounds bounds) {
    return new OpCases(seed, bounds).build(kind, seed);
  }

  private OpCase build(OpKind kind, long seed) {
    StepScalars scalars = StepScalars.forwardOnly(0);
    String sizes;
    Op op;
    switch (kind) {
      case ENCODER -> {
        int b = size(4);
        int t = size(bounds.maxSize());
        int c = size(bounds.maxSize());
        int v = size(20);
        int p = t + random.nextInt(3);
        TensorSpec tokens = tokens("tokens", b, t, v);
        op =
            new Op.Encoder(
                "encoder", out("out", b, t, c), tokens, input("wte", v, c), input("wpe", p, c));
        sizes = "B=" + b + " T=" + t + " C=" + c + " V=" + v + " P=" + p;
      }
      case LAYER_NORM -> {
        int rows = size(bounds.maxSize());
        int c = size(bounds.maxSize());
        op =
            new Op.LayerNorm(
                "ln",
                out("out", rows, c),
                out("mean", rows),
                out("rstd", rows),
                input("x", rows, c),
                input("w", c),
                input("b", c));
        sizes = "rows=" + rows + " C=" + c;
      }
      case MATMUL -> {
        int m = size(bounds.maxSize());
        int n = size(bounds.maxSize());
        int k = size(2 * bounds.maxSize());
        boolean transA = random.nextBoolean();
        boolean transB = random.nextBoolean();
        boolean bias = random.nextBoolean();
        TensorSpec a = transA ? input("a", k, m) : input("a", m, k);
        TensorSpec b = transB ? input("b", n, k) : input("b", k, n);
        op =
            new Op.Matmul(
                "matmul",
                out("out", m, n),
                a,
                b,
                bias ? Optional.of(input("bias", n)) : Optional.empty(),
                transA,
                transB,
                m,
                n,
                k);
        sizes = "m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB;
        sizes += " bias=" + bias;
      }
      case ATTENTION -> {
        int b = size(3);
        int t = size(bounds.maxSize());
        int h = size(3);
        int hs = size(24);
        int c = h * hs;
        op =
            new Op.Attention(
                "attention",
                out("out", b, t, c),
                out("att", b, h, t, t),
                input("qkv", b, t, 3 * c),
                b,
                t,
                c,
                h);
        sizes = "B=" + b + " T=" + t + " C=" + c + " H=" + h;
      }
      case GELU -> {
        int n = size(8 * bounds.maxSize());
        TensorSpec x = input("x", n);
        op = new Op.Gelu("gelu", random.nextBoolean() ? x : out("out", n), x);
        sizes = "n=" + n;
      }
      case ADD -> {
        int n = size(8 * bounds.maxSize());
        TensorSpec a = input("a", n);
        op = new Op.Add("add", random.nextBoolean() ? a : out("out", n), a, input("b", n));
        sizes = "n=" + n;
      }
      case CROSS_ENTROPY -> {
        int rows = size(bounds.maxSize());
        int v = size(2 * bounds.maxSize());
        op =
            new Op.CrossEntropy(
                "ce",
                out("probs", rows, v),
                out("losses", rows),
                input("logits", rows, v),
                tokens("targets", rows, 1, v));
        sizes = "rows=" + rows + " V=" + v;
      }
      case MEAN_LOSS -> {
        int n = size(8 * bounds.maxSize());
        op = new Op.MeanLoss("loss", out("out", 1), input("losses", n));
        sizes = "n=" + n;
      }
      case CROSS_ENTROPY_BACKWARD -> {
        int rows = size(bounds.maxSize());
        int v = size(2 * bounds.maxSize());
        TensorSpec probs = input("probs", rows, v);
        op =
            new Op.CrossEntropyBackward(
                "ce.backward",
                random.nextBoolean() ? probs : out("dlogits", rows, v),
                probs,
                tokens("targets", rows, 1, v));
        sizes = "rows=" + rows + " V=" + v;
      }
      case LAYER_NORM_BACKWARD -> {
        int rows = size(bounds.maxSize());
        int c = size(bounds.maxSize());
        op =
            new Op.LayerNormBackward(
                "ln.backward",
                out("dx", rows, c),
                out("dw", c),
                out("db", c),
                input("dout", rows, c),
                input("x", rows, c),
                input("mean", rows),
                input("rstd", rows),
                input("w", c));
        sizes = "rows=" + rows + " C=" + c;
      }
      case BIAS_GRAD -> {
        int rows = size(2 * bounds.maxSize());
        int columns = size(bounds.maxSize());
        op =
            new Op.BiasGrad(
                "bias.grad", out("db", columns), input("dout", rows, columns), rows, columns);
        sizes = "rows=" + rows + " columns=" + columns;
      }
      case GELU_BACKWARD -> {
        int n = size(8 * bounds.maxSize());
        TensorSpec dout = input("dout", n);
        TensorSpec x = input("x", n);
        TensorSpec dx =
            switch (random.nextInt(3)) {
              case 0 -> dout;
              case 1 -> x;
              default -> out("dx", n);
            };
        op = new Op.GeluBackward("gelu.backward", dx, dout, x);
        sizes = "n=" + n;
      }
      case ATTENTION_BACKWARD -> {
        int b = size(3);
        int t = size(bounds.maxSize());
        int h = size(3);
        int hs = size(24);
        int c = h * hs;
        op =
            new Op.AttentionBackward(
                "attention.backward",
                out("dqkv", b, t, 3 * c),
                input("dout", b, t, c),
                input("qkv", b, t, 3 * c),
                attention("att", b, h, t),
                b,
                t,
                c,
                h);
        sizes = "B=" + b + " T=" + t + " C=" + c + " H=" + h;
      }
      case ENCODER_BACKWARD -> {
        int b = size(20);
        int t = size(bounds.maxSize());
        int c = size(bounds.maxSize());
        int v = size(20);
        int p = t + random.nextInt(3);
        op =
            new Op.EncoderBackward(
                "encoder.backward",
                out("dwte", v, c),
                out("dwpe", p, c),
                input("dout", b, t, c),
                tokens("tokens", b, t, v));
        sizes = "B=" + b + " T=" + t + " C=" + c + " V=" + v + " P=" + p;
      }
      case GRAD_NORM_SQUARED -> {
        int count = random.nextInt(5);
        List<TensorSpec> grads = new ArrayList<>();
        StringBuilder lengths = new StringBuilder();
        for (int j = 0; j < count; j++) {
          // Some tensors span several of the kernel's shared-memory chunks.
          int n = random.nextInt(4) == 0 ? 4096 + size(6000) : size(16 * bounds.maxSize());
          grads.add(input("g" + j, n));
          lengths.append(j == 0 ? "" : ",").append(n);
        }
        op = new Op.GradNormSquared("gradnorm", out("out", 1), grads);
        sizes = "tensors=[" + lengths + "]";
      }
      case CLIP_SCALE -> {
        float maxNorm = 0.25f + random.nextInt(8) * 0.25f;
        float[] normSquared = {
          random.nextInt(3) == 0 ? special() : (float) (random.nextDouble() * 4)
        };
        TensorSpec in = TensorSpec.floats("normsq", 1);
        floats.put(in, normSquared);
        op = new Op.ClipScale("clip", out("out", 1), in, maxNorm);
        sizes = "maxNorm=" + maxNorm;
      }
      case ADAMW -> {
        int n = size(8 * bounds.maxSize());
        TensorSpec clip = TensorSpec.floats("clip", 1);
        floats.put(clip, new float[] {random.nextBoolean() ? 1.0f : (float) random.nextDouble()});
        float beta1 = 0.9f;
        float beta2 = 0.95f;
        int step = random.nextInt(100);
        float b1p = 1.0f;
        float b2p = 1.0f;
        for (int s = 0; s <= step; s++) {
          b1p = b1p * beta1;
          b2p = b2p * beta2;
        }
        scalars =
            new StepScalars(step, (float) random.nextDouble() * 1e-2f, 1.0f - b1p, 1.0f - b2p);
        op =
            new Op.AdamW(
                "adamw",
                input("p", n),
                positive("m", n),
                positive("v", n),
                input("g", n),
                clip,
                beta1,
                beta2,
                1e-8f,
                random.nextBoolean() ? 0.1f : 0.0f);
        sizes = "n=" + n + " step=" + step;
      }
      default -> throw new IllegalArgumentException("no case for " + kind);
    }
    return new OpCase(kind + " " + sizes + " seed=" + seed, op, scalars, floats, ints);
  }

  /** A size in [1, max], with 1 and max drawn more often than the others. */
  private int size(int max) {
    return switch (random.nextInt(10)) {
      case 0 -> 1;
      case 1 -> max;
      default -> 1 + random.nextInt(max);
    };
  }

  private static TensorSpec out(String name, int... shape) {
    return TensorSpec.floats(name, shape);
  }

  private TensorSpec input(String name, int... shape) {
    TensorSpec spec = TensorSpec.floats(name, shape);
    floats.put(spec, values(spec.size(), 2.0f));
    return spec;
  }

  /** AdamW's second moment must be non-negative in a real run; keep the first one honest too. */
  private TensorSpec positive(String name, int n) {
    TensorSpec spec = TensorSpec.floats(name, n);
    float[] values = values(n, 1e-2f);
    for (int i = 0; i < n; i++) {
      if (!Float.isNaN(values[i])) {
        values[i] = Math.abs(values[i]);
      }
    }
    floats.put(spec, values);
    return spec;
  }

  /**
   * An attention matrix as the forward op leaves it: probabilities on and below the diagonal (with
   * the edge values mixed in when asked for), +0 above it.
   */
  private TensorSpec attention(String name, int b, int h, int t) {
    TensorSpec spec = TensorSpec.floats(name, b, h, t, t);
    float[] values = values(spec.size(), 1.0f);
    for (int i = 0; i < values.length; i++) {
      int row = (i / t) % t;
      int column = i % t;
      if (column > row) {
        values[i] = 0.0f;
      } else if (!Float.isNaN(values[i])) {
        values[i] = Math.abs(values[i]) / (row + 1);
      }
    }
    floats.put(spec, values);
    return spec;
  }

  private TensorSpec tokens(String name, int b, int t, int vocab) {
    TensorSpec spec = TensorSpec.ints(name, b, t);
    int[] tokens = new int[b * t];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = random.nextInt(vocab);
    }
    ints.put(spec, tokens);
    return spec;
  }

  private float[] values(int n, float scale) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] =
          random.nextInt(100) < bounds.specialPercent()
              ? special()
              : (float) ((random.nextDouble() * 2 - 1) * scale);
    }
    return values;
  }

  private float special() {
    return switch (random.nextInt(8)) {
      case 0 -> 0.0f;
      case 1 -> -0.0f;
      case 2 -> Float.intBitsToFloat(random.nextInt(1, 0x007FFFFF));
      case 3 -> -Float.intBitsToFloat(random.nextInt(1, 0x007FFFFF));
      case 4 -> random.nextBoolean() ? 3e38f : -3e38f;
      case 5 -> Float.POSITIVE_INFINITY;
      case 6 -> Float.NEGATIVE_INFINITY;
      default -> Float.NaN;
    };
  }
}
