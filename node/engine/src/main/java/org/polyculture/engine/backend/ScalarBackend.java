package org.polyculture.engine.backend;

import static org.polyculture.engine.numerics.CanonicalMath.exp;
import static org.polyculture.engine.numerics.CanonicalMath.gelu;
import static org.polyculture.engine.numerics.CanonicalMath.geluGrad;
import static org.polyculture.engine.numerics.CanonicalMath.log;
import static org.polyculture.engine.numerics.CanonicalMath.sqrt;
import static org.polyculture.engine.numerics.CanonicalReduce.dot;
import static org.polyculture.engine.numerics.CanonicalReduce.max;
import static org.polyculture.engine.numerics.CanonicalReduce.sum;

import java.util.Arrays;
import org.polyculture.engine.numerics.CanonicalReduce;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;

/**
 * The reference backend ({@code scalar}): every op of docs/numerics.md §5 as plain loops that read
 * like the spec, on one thread. Other backends are tested against it bit for bit.
 */
public final class ScalarBackend extends HostBackend {

  static final float LAYER_NORM_EPS = 1e-5f;
  static final float CLIP_EPS = 1e-6f;

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  void encoder(Op.Encoder op) {
    OpShapes.Embedding shape = OpShapes.encoder(op);
    float[] out = tensors.floats(op.out());
    int[] tokens = tensors.ints(op.tokens());
    float[] wte = tensors.floats(op.wte());
    float[] wpe = tensors.floats(op.wpe());
    int channels = shape.channels();
    for (int row = 0; row < shape.batch() * shape.context(); row++) {
      int token = Tokens.require(op.name(), tokens[row], shape.vocab());
      int position = row % shape.context();
      for (int c = 0; c < channels; c++) {
        out[row * channels + c] = wte[token * channels + c] + wpe[position * channels + c];
      }
    }
  }

  @Override
  void layerNorm(Op.LayerNorm op) {
    OpShapes.Rows shape = OpShapes.layerNorm(op);
    float[] out = tensors.floats(op.out());
    float[] mean = tensors.floats(op.mean());
    float[] rstd = tensors.floats(op.rstd());
    float[] x = tensors.floats(op.x());
    float[] w = tensors.floats(op.weight());
    float[] b = tensors.floats(op.bias());
    int channels = shape.width();
    float[] d = new float[channels];
    for (int r = 0; r < shape.rows(); r++) {
      int base = r * channels;
      float m = sum(x, base, 1, channels) / (float) channels;
      for (int c = 0; c < channels; c++) {
        d[c] = x[base + c] - m;
      }
      float variance = dot(d, d, channels) / (float) channels;
      float s = 1.0f / sqrt(variance + LAYER_NORM_EPS);
      for (int c = 0; c < channels; c++) {
        out[base + c] = ((d[c] * s) * w[c]) + b[c];
      }
      mean[r] = m;
      rstd[r] = s;
    }
  }

  @Override
  void matmul(Op.Matmul op) {
    float[] out = tensors.floats(op.out());
    float[] a = tensors.floats(op.a());
    float[] b = tensors.floats(op.b());
    float[] bias = op.bias().map(tensors::floats).orElse(null);
    int m = op.m();
    int n = op.n();
    int k = op.k();
    // A'[i,p] = a[i*k + p], or a[p*m + i] when transposed; B'[p,j] = b[p*n + j], or b[j*k + p].
    int aRowStep = op.transA() ? 1 : k;
    int aDepthStep = op.transA() ? m : 1;
    int bColumnStep = op.transB() ? k : 1;
    int bDepthStep = op.transB() ? 1 : n;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float value = dot(a, i * aRowStep, aDepthStep, b, j * bColumnStep, bDepthStep, k);
        out[i * n + j] = bias == null ? value : value + bias[j];
      }
    }
  }

  @Override
  void attention(Op.Attention op) {
    OpShapes.Heads shape = OpShapes.attention(op);
    float[] out = tensors.floats(op.out());
    float[] att = tensors.floats(op.att());
    float[] qkv = tensors.floats(op.qkv());
    int context = shape.context();
    int channels = shape.channels();
    int headSize = shape.headSize();
    int rowStride = 3 * channels;
    float scale = 1.0f / sqrt((float) headSize);
    float[] scores = new float[context];
    for (int b = 0; b < shape.batch(); b++) {
      for (int h = 0; h < shape.heads(); h++) {
        for (int t = 0; t < context; t++) {
          int q = (b * context + t) * rowStride + h * headSize;
          for (int j = 0; j <= t; j++) {
            int key = (b * context + j) * rowStride + channels + h * headSize;
            scores[j] = dot(qkv, q, 1, qkv, key, 1, headSize) * scale;
          }
          float m = max(scores, 0, 1, t + 1);
          for (int j = 0; j <= t; j++) {
            scores[j] = exp(scores[j] - m);
          }
          float inv = 1.0f / sum(scores, 0, 1, t + 1);
          int attRow = ((b * shape.heads() + h) * context + t) * context;
          for (int j = 0; j < context; j++) {
            att[attRow + j] = j <= t ? scores[j] * inv : 0.0f;
          }
          int value = b * context * rowStride + 2 * channels + h * headSize;
          int outRow = (b * context + t) * channels + h * headSize;
          for (int d = 0; d < headSize; d++) {
            out[outRow + d] = dot(att, attRow, 1, qkv, value + d, rowStride, t + 1);
          }
        }
      }
    }
  }

  @Override
  void geluForward(Op.Gelu op) {
    OpShapes.elementwise(op.name(), op.out(), op.x());
    float[] out = tensors.floats(op.out());
    float[] x = tensors.floats(op.x());
    for (int i = 0; i < out.length; i++) {
      out[i] = gelu(x[i]);
    }
  }

  @Override
  void add(Op.Add op) {
    OpShapes.elementwise(op.name(), op.out(), op.a(), op.b());
    float[] out = tensors.floats(op.out());
    float[] a = tensors.floats(op.a());
    float[] b = tensors.floats(op.b());
    for (int i = 0; i < out.length; i++) {
      out[i] = a[i] + b[i];
    }
  }

  @Override
  void crossEntropy(Op.CrossEntropy op) {
    OpShapes.Rows shape = OpShapes.crossEntropy(op);
    float[] probs = tensors.floats(op.probs());
    float[] losses = tensors.floats(op.losses());
    float[] logits = tensors.floats(op.logits());
    int[] targets = tensors.ints(op.targets());
    int vocab = shape.width();
    for (int r = 0; r < shape.rows(); r++) {
      int base = r * vocab;
      int target = Tokens.require(op.name(), targets[r], vocab);
      float m = max(logits, base, 1, vocab);
      for (int v = 0; v < vocab; v++) {
        probs[base + v] = exp(logits[base + v] - m);
      }
      float z = sum(probs, base, 1, vocab);
      float inv = 1.0f / z;
      for (int v = 0; v < vocab; v++) {
        probs[base + v] = probs[base + v] * inv;
      }
      losses[r] = log(z) - (logits[base + target] - m);
    }
  }

  @Override
  void meanLoss(Op.MeanLoss op) {
    OpShapes.meanLoss(op);
    float[] losses = tensors.floats(op.losses());
    tensors.floats(op.out())[0] = sum(losses, 0, 1, losses.length) / (float) losses.length;
  }

  @Override
  void crossEntropyBackward(Op.CrossEntropyBackward op) {
    OpShapes.Rows shape = OpShapes.crossEntropyBackward(op);
    float[] dlogits = tensors.floats(op.dlogits());
    float[] probs = tensors.floats(op.probs());
    int[] targets = tensors.ints(op.targets());
    int vocab = shape.width();
    float s = 1.0f / (float) shape.rows();
    for (int r = 0; r < shape.rows(); r++) {
      int target = Tokens.require(op.name(), targets[r], vocab);
      for (int v = 0; v < vocab; v++) {
        int i = r * vocab + v;
        dlogits[i] = (probs[i] - (v == target ? 1.0f : 0.0f)) * s;
      }
    }
  }

  @Override
  void layerNormBackward(Op.LayerNormBackward op) {
    OpShapes.Rows shape = OpShapes.layerNormBackward(op);
    float[] dx = tensors.floats(op.dx());
    float[] dw = tensors.floats(op.dweight());
    float[] db = tensors.floats(op.dbias());
    float[] dout = tensors.floats(op.dout());
    float[] x = tensors.floats(op.x());
    float[] mean = tensors.floats(op.mean());
    float[] rstd = tensors.floats(op.rstd());
    float[] w = tensors.floats(op.weight());
    int rows = shape.rows();
    int channels = shape.width();
    float[] norm = new float[rows * channels];
    float[] dnorm = new float[channels];
    for (int r = 0; r < rows; r++) {
      int base = r * channels;
      for (int c = 0; c < channels; c++) {
        norm[base + c] = (x[base + c] - mean[r]) * rstd[r];
        dnorm[c] = w[c] * dout[base + c];
      }
      float a = sum(dnorm, 0, 1, channels) / (float) channels;
      float bb = dot(dnorm, 0, 1, norm, base, 1, channels) / (float) channels;
      for (int c = 0; c < channels; c++) {
        dx[base + c] = ((dnorm[c] - a) - (norm[base + c] * bb)) * rstd[r];
      }
    }
    for (int c = 0; c < channels; c++) {
      dw[c] = dot(dout, c, channels, norm, c, channels, rows);
      db[c] = sum(dout, c, channels, rows);
    }
  }

  @Override
  void biasGrad(Op.BiasGrad op) {
    OpShapes.Rows shape = OpShapes.biasGrad(op);
    float[] db = tensors.floats(op.dbias());
    float[] dout = tensors.floats(op.dout());
    for (int j = 0; j < shape.width(); j++) {
      db[j] = sum(dout, j, shape.width(), shape.rows());
    }
  }

  @Override
  void geluBackward(Op.GeluBackward op) {
    OpShapes.elementwise(op.name(), op.dx(), op.dout(), op.x());
    float[] dx = tensors.floats(op.dx());
    float[] dout = tensors.floats(op.dout());
    float[] x = tensors.floats(op.x());
    for (int i = 0; i < dx.length; i++) {
      dx[i] = dout[i] * geluGrad(x[i]);
    }
  }

  @Override
  void attentionBackward(Op.AttentionBackward op) {
    OpShapes.Heads shape = OpShapes.attentionBackward(op);
    float[] dqkv = tensors.floats(op.dqkv());
    float[] dout = tensors.floats(op.dout());
    float[] qkv = tensors.floats(op.qkv());
    float[] att = tensors.floats(op.att());
    int context = shape.context();
    int channels = shape.channels();
    int headSize = shape.headSize();
    int rowStride = 3 * channels;
    float scale = 1.0f / sqrt((float) headSize);
    float[] datt = new float[context];
    float[] dpre = new float[context * context];
    for (int b = 0; b < shape.batch(); b++) {
      int sequence = b * context * rowStride;
      for (int h = 0; h < shape.heads(); h++) {
        int query = sequence + h * headSize;
        int key = sequence + channels + h * headSize;
        int value = sequence + 2 * channels + h * headSize;
        int attBase = (b * shape.heads() + h) * context * context;
        for (int t = 0; t < context; t++) {
          int dy = (b * context + t) * channels + h * headSize;
          for (int j = 0; j <= t; j++) {
            datt[j] = dot(dout, dy, 1, qkv, value + j * rowStride, 1, headSize);
          }
          int attRow = attBase + t * context;
          float local = dot(att, attRow, 1, datt, 0, 1, t + 1);
          for (int j = 0; j <= t; j++) {
            dpre[t * context + j] = (att[attRow + j] * (datt[j] - local)) * scale;
          }
        }
        for (int t = 0; t < context; t++) {
          for (int d = 0; d < headSize; d++) {
            // dq[t] sums over the keys j <= t; dk[t] and dv[t] sum over the queries u >= t, each
            // term in the lane of its position u (spec §5.2).
            dqkv[query + t * rowStride + d] =
                dot(dpre, t * context, 1, qkv, key + d, rowStride, t + 1);
            int later = context - t;
            dqkv[key + t * rowStride + d] =
                dot(
                    dpre,
                    t * context + t,
                    context,
                    qkv,
                    query + t * rowStride + d,
                    rowStride,
                    later,
                    t);
            int dyFirst = (b * context + t) * channels + h * headSize + d;
            dqkv[value + t * rowStride + d] =
                dot(att, attBase + t * context + t, context, dout, dyFirst, channels, later, t);
          }
        }
      }
    }
  }

  @Override
  void encoderBackward(Op.EncoderBackward op) {
    OpShapes.Embedding shape = OpShapes.encoderBackward(op);
    float[] dwte = tensors.floats(op.dwte());
    float[] dwpe = tensors.floats(op.dwpe());
    float[] dout = tensors.floats(op.dout());
    int[] tokens = tensors.ints(op.tokens());
    int channels = shape.channels();
    int context = shape.context();
    int rowStride = context * channels;
    for (int t = 0; t < shape.positions(); t++) {
      for (int c = 0; c < channels; c++) {
        dwpe[t * channels + c] =
            t < context ? sum(dout, t * channels + c, rowStride, shape.batch()) : 0.0f;
      }
    }
    int rows = shape.batch() * context;
    int[] rowsByToken = Tokens.rowsByToken(op.name(), tokens, rows, shape.vocab());
    int[] firstRow = Tokens.firstRowOfToken(op.name(), tokens, rows, shape.vocab());
    float[] lanes = new float[CanonicalReduce.LANES];
    for (int v = 0; v < shape.vocab(); v++) {
      for (int c = 0; c < channels; c++) {
        Arrays.fill(lanes, 0.0f);
        for (int i = firstRow[v]; i < firstRow[v + 1]; i++) {
          int lane = (i - firstRow[v]) % CanonicalReduce.LANES;
          lanes[lane] = lanes[lane] + dout[rowsByToken[i] * channels + c];
        }
        dwte[v * channels + c] = CanonicalReduce.tree16(lanes);
      }
    }
  }

  @Override
  void gradNormSquared(Op.GradNormSquared op) {
    OpShapes.scalarOutput(op.name(), op.out());
    float total = 0.0f;
    for (int j = 0; j < op.grads().size(); j++) {
      float[] g = tensors.floats(op.grads().get(j));
      float s = dot(g, g, g.length);
      total = j == 0 ? s : total + s;
    }
    tensors.floats(op.out())[0] = total;
  }

  @Override
  void clipScale(Op.ClipScale op) {
    OpShapes.scalarOutput(op.name(), op.out(), op.normSquared());
    float n = sqrt(tensors.floats(op.normSquared())[0]);
    tensors.floats(op.out())[0] = n > op.maxNorm() ? op.maxNorm() / (n + CLIP_EPS) : 1.0f;
  }

  @Override
  void adamW(Op.AdamW op, StepScalars scalars) {
    OpShapes.elementwise(op.name(), op.param(), op.m(), op.v(), op.grad());
    OpShapes.scalarOutput(op.name(), op.clipScale());
    float[] p = tensors.floats(op.param());
    float[] m = tensors.floats(op.m());
    float[] v = tensors.floats(op.v());
    float[] grad = tensors.floats(op.grad());
    float c = tensors.floats(op.clipScale())[0];
    float lr = scalars.learningRate();
    float bc1 = scalars.biasCorrection1();
    float bc2 = scalars.biasCorrection2();
    float oneMinusBeta1 = 1.0f - op.beta1();
    float oneMinusBeta2 = 1.0f - op.beta2();
    float wd = op.weightDecay();
    for (int i = 0; i < p.length; i++) {
      float g = grad[i] * c;
      m[i] = (op.beta1() * m[i]) + (oneMinusBeta1 * g);
      v[i] = (op.beta2() * v[i]) + (oneMinusBeta2 * (g * g));
      float mhat = m[i] / bc1;
      float vhat = v[i] / bc2;
      p[i] = p[i] - lr * ((mhat / (sqrt(vhat) + op.eps())) + wd * p[i]);
    }
  }
}
