package org.polyculture.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polyculture.engine.tensor.TensorSpec.floats;
import static org.polyculture.engine.tensor.TensorSpec.ints;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * Checks the calculus of every backward op: its float result agrees with central finite differences
 * of the forward op's definition evaluated in double. This is a loose check of the math (relative
 * error {@value #TOLERANCE} of the largest gradient), not of bits: bits are pinned elsewhere.
 */
class GradientCheckTest {

  /** Float backward passes against double differences with step {@value #STEP}. */
  private static final double TOLERANCE = 2e-3;

  private static final double STEP = 1e-3;

  private final SplittableRandom random = new SplittableRandom(42);
  private final OpHarness harness = new OpHarness(new ScalarBackend());

  @Test
  void layerNormBackwardShouldMatchFiniteDifferences() {
    int rows = 3;
    int c = 5;
    float[] x = uniform(rows * c, 2.0);
    float[] w = uniform(c, 1.5);
    float[] b = uniform(c, 0.5);
    float[] dout = uniform(rows * c, 1.0);
    TensorSpec out = floats("out", rows, c);
    TensorSpec mean = floats("mean", rows);
    TensorSpec rstd = floats("rstd", rows);
    TensorSpec xs = floats("x", rows, c);
    TensorSpec ws = floats("w", c);
    TensorSpec bs = floats("b", c);
    TensorSpec douts = floats("dout", rows, c);
    TensorSpec dx = floats("dx", rows, c);
    TensorSpec dw = floats("dw", c);
    TensorSpec db = floats("db", c);

    harness
        .floats(xs, x)
        .floats(ws, w)
        .floats(bs, b)
        .floats(douts, dout)
        .run(new Op.LayerNorm("ln", out, mean, rstd, xs, ws, bs))
        .run(new Op.LayerNormBackward("lnb", dx, dw, db, douts, xs, mean, rstd, ws));

    double[] xd = toDouble(x);
    double[] wd = toDouble(w);
    double[] bd = toDouble(b);
    ToDoubleFunction<double[]> loss = ignored -> weighted(layerNorm(xd, wd, bd, rows, c), dout);
    assertGradient("dx", harness.read(dx), xd, loss);
    assertGradient("dw", harness.read(dw), wd, loss);
    assertGradient("db", harness.read(db), bd, loss);
  }

  @Test
  void linearBackwardThroughMatmulAndBiasGradShouldMatchFiniteDifferences() {
    int m = 4;
    int n = 3;
    int k = 5;
    float[] x = uniform(m * k, 1.0);
    float[] w = uniform(n * k, 1.0);
    float[] bias = uniform(n, 1.0);
    float[] dy = uniform(m * n, 1.0);
    TensorSpec xs = floats("x", m, k);
    TensorSpec ws = floats("w", n, k);
    TensorSpec dys = floats("dy", m, n);
    TensorSpec dx = floats("dx", m, k);
    TensorSpec dw = floats("dw", n, k);
    TensorSpec db = floats("db", n);

    harness
        .floats(xs, x)
        .floats(ws, w)
        .floats(dys, dy)
        .run(new Op.Matmul("dx", dx, dys, ws, Optional.empty(), false, false, m, k, n))
        .run(new Op.Matmul("dw", dw, dys, xs, Optional.empty(), true, false, n, k, m))
        .run(new Op.BiasGrad("db", db, dys, m, n));

    double[] xd = toDouble(x);
    double[] wd = toDouble(w);
    double[] bd = toDouble(bias);
    ToDoubleFunction<double[]> loss = ignored -> weighted(linear(xd, wd, bd, m, n, k), dy);
    assertGradient("dx", harness.read(dx), xd, loss);
    assertGradient("dw", harness.read(dw), wd, loss);
    assertGradient("db", harness.read(db), bd, loss);
  }

  @Test
  void geluBackwardShouldMatchFiniteDifferences() {
    float[] x = uniform(64, 4.0);
    float[] dout = uniform(64, 1.0);
    TensorSpec xs = floats("x", 64);
    TensorSpec douts = floats("dout", 64);
    TensorSpec dx = floats("dx", 64);

    harness.floats(xs, x).floats(douts, dout).run(new Op.GeluBackward("gb", dx, douts, xs));

    double[] xd = toDouble(x);
    ToDoubleFunction<double[]> loss =
        ignored -> {
          double total = 0;
          for (int i = 0; i < xd.length; i++) {
            double u = Math.sqrt(2 / Math.PI) * (xd[i] + 0.044715 * xd[i] * xd[i] * xd[i]);
            total += 0.5 * xd[i] * (1 + Math.tanh(u)) * dout[i];
          }
          return total;
        };
    assertGradient("dx", harness.read(dx), xd, loss);
  }

  @Test
  void attentionBackwardShouldMatchFiniteDifferences() {
    int batch = 2;
    int t = 5;
    int c = 4;
    int heads = 2;
    float[] qkv = uniform(batch * t * 3 * c, 1.5);
    float[] dout = uniform(batch * t * c, 1.0);
    TensorSpec out = floats("out", batch, t, c);
    TensorSpec att = floats("att", batch, heads, t, t);
    TensorSpec qkvs = floats("qkv", batch, t, 3 * c);
    TensorSpec douts = floats("dout", batch, t, c);
    TensorSpec dqkv = floats("dqkv", batch, t, 3 * c);

    harness
        .floats(qkvs, qkv)
        .floats(douts, dout)
        .run(new Op.Attention("attn", out, att, qkvs, batch, t, c, heads))
        .run(new Op.AttentionBackward("attnb", dqkv, douts, qkvs, att, batch, t, c, heads));

    double[] qkvd = toDouble(qkv);
    ToDoubleFunction<double[]> loss =
        ignored -> weighted(attention(qkvd, batch, t, c, heads), dout);
    assertGradient("dqkv", harness.read(dqkv), qkvd, loss);
  }

  @Test
  void crossEntropyBackwardShouldMatchFiniteDifferencesOfTheMeanLoss() {
    int rows = 3;
    int vocab = 7;
    float[] logits = uniform(rows * vocab, 3.0);
    int[] targets = {2, 6, 0};
    TensorSpec probs = floats("probs", rows, vocab);
    TensorSpec losses = floats("losses", rows);
    TensorSpec logitss = floats("logits", rows, vocab);
    TensorSpec targetss = ints("targets", rows);
    TensorSpec dlogits = floats("dlogits", rows, vocab);

    harness
        .floats(logitss, logits)
        .ints(targetss, targets)
        .run(new Op.CrossEntropy("ce", probs, losses, logitss, targetss))
        .run(new Op.CrossEntropyBackward("ceb", dlogits, probs, targetss));

    double[] ld = toDouble(logits);
    ToDoubleFunction<double[]> loss =
        ignored -> {
          double total = 0;
          for (int r = 0; r < rows; r++) {
            double z = 0;
            for (int v = 0; v < vocab; v++) {
              z += Math.exp(ld[r * vocab + v]);
            }
            total += Math.log(z) - ld[r * vocab + targets[r]];
          }
          return total / rows;
        };
    assertGradient("dlogits", harness.read(dlogits), ld, loss);
  }

  @Test
  void encoderBackwardShouldMatchFiniteDifferences() {
    int batch = 2;
    int t = 3;
    int c = 2;
    int vocab = 4;
    int[] tokens = {1, 3, 1, 0, 1, 1};
    float[] wte = uniform(vocab * c, 1.0);
    float[] wpe = uniform(t * c, 1.0);
    float[] dout = uniform(batch * t * c, 1.0);
    TensorSpec tokenss = ints("tokens", batch, t);
    TensorSpec douts = floats("dout", batch, t, c);
    TensorSpec dwte = floats("dwte", vocab, c);
    TensorSpec dwpe = floats("dwpe", t, c);

    harness
        .ints(tokenss, tokens)
        .floats(douts, dout)
        .run(new Op.EncoderBackward("encb", dwte, dwpe, douts, tokenss));

    double[] wted = toDouble(wte);
    double[] wped = toDouble(wpe);
    ToDoubleFunction<double[]> loss =
        ignored -> {
          double total = 0;
          for (int row = 0; row < batch * t; row++) {
            for (int ch = 0; ch < c; ch++) {
              double e = wted[tokens[row] * c + ch] + wped[(row % t) * c + ch];
              total += e * dout[row * c + ch];
            }
          }
          return total;
        };
    assertGradient("dwte", harness.read(dwte), wted, loss);
    assertGradient("dwpe", harness.read(dwpe), wped, loss);
  }

  /**
   * Perturbs each element of {@code parameter} (which {@code loss} reads) by ±{@link #STEP} and
   * compares the central difference with the backward op's float result.
   */
  private static void assertGradient(
      String name, float[] analytic, double[] parameter, ToDoubleFunction<double[]> loss) {
    double[] numeric = new double[parameter.length];
    double largest = 0;
    for (int i = 0; i < parameter.length; i++) {
      double saved = parameter[i];
      parameter[i] = saved + STEP;
      double up = loss.applyAsDouble(parameter);
      parameter[i] = saved - STEP;
      double down = loss.applyAsDouble(parameter);
      parameter[i] = saved;
      numeric[i] = (up - down) / (2 * STEP);
      largest = Math.max(largest, Math.abs(numeric[i]));
    }
    assertThat(largest).as("%s is not trivially zero", name).isGreaterThan(1e-3);
    for (int i = 0; i < parameter.length; i++) {
      assertThat(Math.abs(analytic[i] - numeric[i]))
          .as("%s[%d]: backward %s, finite difference %s", name, i, analytic[i], numeric[i])
          .isLessThanOrEqualTo(TOLERANCE * largest);
    }
  }

  private static double weighted(double[] out, float[] dout) {
    double total = 0;
    for (int i = 0; i < out.length; i++) {
      total += out[i] * dout[i];
    }
    return total;
  }

  private static double[] layerNorm(double[] x, double[] w, double[] b, int rows, int c) {
    double[] out = new double[rows * c];
    for (int r = 0; r < rows; r++) {
      double mean = 0;
      for (int i = 0; i < c; i++) {
        mean += x[r * c + i] / c;
      }
      double variance = 0;
      for (int i = 0; i < c; i++) {
        double d = x[r * c + i] - mean;
        variance += d * d / c;
      }
      double rstd = 1 / Math.sqrt(variance + 1e-5);
      for (int i = 0; i < c; i++) {
        out[r * c + i] = (x[r * c + i] - mean) * rstd * w[i] + b[i];
      }
    }
    return out;
  }

  private static double[] linear(double[] x, double[] w, double[] bias, int m, int n, int k) {
    double[] out = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = bias[j];
        for (int p = 0; p < k; p++) {
          s += x[i * k + p] * w[j * k + p];
        }
        out[i * n + j] = s;
      }
    }
    return out;
  }

  private static double[] attention(double[] qkv, int batch, int t, int c, int heads) {
    int hs = c / heads;
    double scale = 1 / Math.sqrt(hs);
    double[] out = new double[batch * t * c];
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        for (int i = 0; i < t; i++) {
          double[] s = new double[i + 1];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j <= i; j++) {
            for (int d = 0; d < hs; d++) {
              s[j] +=
                  qkv[(b * t + i) * 3 * c + h * hs + d] * qkv[(b * t + j) * 3 * c + c + h * hs + d];
            }
            s[j] *= scale;
            max = Math.max(max, s[j]);
          }
          double z = 0;
          for (int j = 0; j <= i; j++) {
            s[j] = Math.exp(s[j] - max);
            z += s[j];
          }
          for (int j = 0; j <= i; j++) {
            for (int d = 0; d < hs; d++) {
              out[(b * t + i) * c + h * hs + d] +=
                  s[j] / z * qkv[(b * t + j) * 3 * c + 2 * c + h * hs + d];
            }
          }
        }
      }
    }
    return out;
  }

  private float[] uniform(int n, double scale) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
    }
    return values;
  }

  private static double[] toDouble(float[] values) {
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i];
    }
    return result;
  }
}
