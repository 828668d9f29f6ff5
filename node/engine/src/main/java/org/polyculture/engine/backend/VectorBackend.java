package org.polyculture.engine.backend;

import static org.polyculture.engine.numerics.CanonicalMath.log;
import static org.polyculture.engine.numerics.CanonicalMath.sqrt;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.polyculture.engine.numerics.CanonicalVectorMath;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * The fast CPU backend ({@code cpu}): the ops of docs/numerics.md §5 with the Vector API,
 * parallelised over independent outputs on an injected executor. It gives the bits of {@link
 * ScalarBackend} for every op, every shape, every vector length and every thread count: vectors
 * only ever hold independent outputs or whole canonical lanes, and every output is computed by one
 * chunk (property-tested in {@code VectorBackendPropertyTest}).
 */
public final class VectorBackend extends HostBackend {

  private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
  private static final int L = VectorKernels.LENGTH;

  /** Elements of an elementwise op handled by one chunk. */
  private static final int ELEMENT_CHUNK = 1 << 14;

  private final ParallelRunner runner;

  /**
   * @param executor runs the helper tasks of each op; the calling thread always takes part, so a
   *     busy executor slows an op down but cannot stall it
   * @param threads how many threads (the caller included) may work on one op
   */
  public VectorBackend(ExecutorService executor, int threads) {
    this.runner = new ParallelRunner(executor, threads);
  }

  @Override
  public String name() {
    return "cpu";
  }

  /** A contiguous range {@code [from, to)} of a parallel loop. */
  @FunctionalInterface
  private interface Range {
    void run(int from, int to);
  }

  /** Splits {@code [0, count)} into chunks of about {@code grain} and runs them in parallel. */
  private void forRanges(int count, int grain, Range body) {
    int chunks = Math.max(1, Math.min((count + grain - 1) / grain, 8 * runner.threads()));
    int size = (count + chunks - 1) / chunks;
    runner.run(chunks, chunk -> body.run(chunk * size, Math.min(count, (chunk + 1) * size)));
  }

  /** Like {@link #forRanges} for column ranges, in whole vectors so tails stay at the end. */
  private void forColumns(int columns, Range body) {
    int vectors = (columns + L - 1) / L;
    int chunks = Math.max(1, Math.min(vectors, 4 * runner.threads()));
    int perChunk = (vectors + chunks - 1) / chunks * L;
    runner.run(
        chunks, chunk -> body.run(chunk * perChunk, Math.min(columns, (chunk + 1) * perChunk)));
  }

  @Override
  void encoder(Op.Encoder op) {
    OpShapes.Embedding shape = OpShapes.encoder(op);
    float[] out = tensors.floats(op.out());
    int[] tokens = tensors.ints(op.tokens());
    float[] wte = tensors.floats(op.wte());
    float[] wpe = tensors.floats(op.wpe());
    int channels = shape.channels();
    forRanges(
        shape.batch() * shape.context(),
        Math.max(1, ELEMENT_CHUNK / channels),
        (from, to) -> {
          for (int row = from; row < to; row++) {
            int token = Tokens.require(op.name(), tokens[row], shape.vocab());
            int position = row % shape.context();
            VectorKernels.add(
                out, row * channels, wte, token * channels, wpe, position * channels, channels);
          }
        });
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
    float count = (float) channels;
    forRanges(
        shape.rows(),
        Math.max(1, ELEMENT_CHUNK / channels),
        (from, to) -> {
          float[] d = new float[channels];
          for (int r = from; r < to; r++) {
            int base = r * channels;
            float m = VectorKernels.sum(x, base, channels) / count;
            FloatVector mv = FloatVector.broadcast(S, m);
            int c = 0;
            for (; c + L <= channels; c += L) {
              FloatVector.fromArray(S, x, base + c).sub(mv).intoArray(d, c);
            }
            for (; c < channels; c++) {
              d[c] = x[base + c] - m;
            }
            float variance = VectorKernels.dot(d, 0, d, 0, channels) / count;
            float s = 1.0f / sqrt(variance + ScalarBackend.LAYER_NORM_EPS);
            FloatVector sv = FloatVector.broadcast(S, s);
            c = 0;
            for (; c + L <= channels; c += L) {
              FloatVector.fromArray(S, d, c)
                  .mul(sv)
                  .mul(FloatVector.fromArray(S, w, c))
                  .add(FloatVector.fromArray(S, b, c))
                  .intoArray(out, base + c);
            }
            for (; c < channels; c++) {
              out[base + c] = ((d[c] * s) * w[c]) + b[c];
            }
            mean[r] = m;
            rstd[r] = s;
          }
        });
  }

  @Override
  void matmul(Op.Matmul op) {
    VectorMatmul.multiply(
        VectorMatmul.Problem.of(
            tensors.floats(op.out()),
            tensors.floats(op.a()),
            tensors.floats(op.b()),
            op.bias().map(tensors::floats).orElse(null),
            op.transA(),
            op.transB(),
            op.m(),
            op.n(),
            op.k()),
        runner);
  }

  /**
   * Attention per {@code (b, h)} pair: the scores of all queries as one matmul {@code Q·Kᵀ} (the
   * entries above the diagonal are computed and ignored), the softmax per query, and {@code att·V}
   * as one matmul over all positions — exact because {@code att} is {@code +0} above the diagonal,
   * so those products add nothing when {@code V} is finite; otherwise each output sums only the
   * positions {@code j <= t}, as the spec writes it.
   */
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
    runner.run(
        shape.batch() * shape.heads(),
        task -> {
          int b = task / shape.heads();
          int h = task % shape.heads();
          int head = b * context * rowStride + h * headSize;
          float[] q = gather(qkv, head, rowStride, context, headSize);
          float[] k = gather(qkv, head + channels, rowStride, context, headSize);
          float[] v = gather(qkv, head + 2 * channels, rowStride, context, headSize);
          float[] scores = new float[context * context];
          VectorMatmul.multiply(
              VectorMatmul.Problem.of(scores, q, k, null, false, true, context, context, headSize));
          int attBase = task * context * context;
          for (int t = 0; t < context; t++) {
            int row = t * context;
            scale(scores, row, t + 1, scale);
            float m = VectorKernels.max(scores, row, t + 1);
            CanonicalVectorMath.expShifted(scores, row, m, scores, row, t + 1);
            float inv = 1.0f / VectorKernels.sum(scores, row, t + 1);
            for (int j = 0; j < context; j++) {
              att[attBase + row + j] = j <= t ? scores[row + j] * inv : 0.0f;
            }
          }
          float[] y = new float[context * headSize];
          sumOverKeys(att, attBase, v, y, context, headSize);
          scatter(y, out, b * context * channels + h * headSize, channels, context, headSize);
        });
  }

  /**
   * {@code y[t] = dot over j <= t of (weights[t, j], x[j])} for a lower-triangular {@code [T, T]}
   * weight matrix whose upper part is {@code +0}: one matmul when {@code x} is finite.
   */
  private static void sumOverKeys(
      float[] weights, int offset, float[] x, float[] y, int context, int width) {
    if (allFinite(x)) {
      VectorMatmul.multiply(
          new VectorMatmul.Problem(
              y, 0, weights, offset, x, 0, null, false, false, context, width, context));
      return;
    }
    for (int t = 0; t < context; t++) {
      VectorKernels.weightedRowSum(
          weights, offset + t * context, 1, x, 0, width, t + 1, y, t * width, width, 0);
    }
  }

  /**
   * {@code y[j] = dot over t >= j of (weights[t, j], x[t])}, the term of position {@code t} in lane
   * {@code t mod 16}: one transposed matmul when {@code x} is finite (the zero products of {@code t
   * < j} leave every lane unchanged).
   */
  private static void sumOverQueries(
      float[] weights, int offset, float[] x, float[] y, int context, int width) {
    if (allFinite(x)) {
      VectorMatmul.multiply(
          new VectorMatmul.Problem(
              y, 0, weights, offset, x, 0, null, true, false, context, width, context));
      return;
    }
    for (int j = 0; j < context; j++) {
      VectorKernels.weightedRowSum(
          weights,
          offset + j * context + j,
          context,
          x,
          j * width,
          width,
          context - j,
          y,
          j * width,
          width,
          j);
    }
  }

  private static boolean allFinite(float[] x) {
    for (float value : x) {
      if (!Float.isFinite(value)) {
        return false;
      }
    }
    return true;
  }

  /** {@code result[r * width + d] = x[offset + r * stride + d]}: a strided block, made dense. */
  private static float[] gather(float[] x, int offset, int stride, int rows, int width) {
    float[] result = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(x, offset + r * stride, result, r * width, width);
    }
    return result;
  }

  /** The inverse of {@link #gather}: writes a dense block back into a strided one. */
  private static void scatter(
      float[] block, float[] x, int offset, int stride, int rows, int width) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(block, r * width, x, offset + r * stride, width);
    }
  }

  @Override
  void geluForward(Op.Gelu op) {
    OpShapes.elementwise(op.name(), op.out(), op.x());
    float[] out = tensors.floats(op.out());
    float[] x = tensors.floats(op.x());
    forRanges(out.length, ELEMENT_CHUNK, (from, to) -> CanonicalVectorMath.gelu(x, out, from, to));
  }

  @Override
  void add(Op.Add op) {
    OpShapes.elementwise(op.name(), op.out(), op.a(), op.b());
    float[] out = tensors.floats(op.out());
    float[] a = tensors.floats(op.a());
    float[] b = tensors.floats(op.b());
    forRanges(
        out.length,
        ELEMENT_CHUNK,
        (from, to) -> VectorKernels.add(out, from, a, from, b, from, to - from));
  }

  @Override
  void crossEntropy(Op.CrossEntropy op) {
    OpShapes.Rows shape = OpShapes.crossEntropy(op);
    float[] probs = tensors.floats(op.probs());
    float[] losses = tensors.floats(op.losses());
    float[] logits = tensors.floats(op.logits());
    int[] targets = tensors.ints(op.targets());
    int vocab = shape.width();
    forRanges(
        shape.rows(),
        Math.max(1, ELEMENT_CHUNK / vocab),
        (from, to) -> {
          for (int r = from; r < to; r++) {
            int base = r * vocab;
            int target = Tokens.require(op.name(), targets[r], vocab);
            float m = VectorKernels.max(logits, base, vocab);
            CanonicalVectorMath.expShifted(logits, base, m, probs, base, vocab);
            float z = VectorKernels.sum(probs, base, vocab);
            float inv = 1.0f / z;
            scale(probs, base, vocab, inv);
            losses[r] = log(z) - (logits[base + target] - m);
          }
        });
  }

  /** {@code x[off + i] = x[off + i] * factor} for {@code i < n}. */
  private static void scale(float[] x, int off, int n, float factor) {
    FloatVector f = FloatVector.broadcast(S, factor);
    int i = 0;
    for (; i + L <= n; i += L) {
      FloatVector.fromArray(S, x, off + i).mul(f).intoArray(x, off + i);
    }
    for (; i < n; i++) {
      x[off + i] = x[off + i] * factor;
    }
  }

  @Override
  void meanLoss(Op.MeanLoss op) {
    OpShapes.meanLoss(op);
    float[] losses = tensors.floats(op.losses());
    tensors.floats(op.out())[0] =
        VectorKernels.sum(losses, 0, losses.length) / (float) losses.length;
  }

  @Override
  void crossEntropyBackward(Op.CrossEntropyBackward op) {
    OpShapes.Rows shape = OpShapes.crossEntropyBackward(op);
    float[] dlogits = tensors.floats(op.dlogits());
    float[] probs = tensors.floats(op.probs());
    int[] targets = tensors.ints(op.targets());
    int vocab = shape.width();
    float s = 1.0f / (float) shape.rows();
    forRanges(
        shape.rows(),
        Math.max(1, ELEMENT_CHUNK / vocab),
        (from, to) -> {
          for (int r = from; r < to; r++) {
            int target = Tokens.require(op.name(), targets[r], vocab);
            for (int v = 0; v < vocab; v++) {
              int i = r * vocab + v;
              dlogits[i] = (probs[i] - (v == target ? 1.0f : 0.0f)) * s;
            }
          }
        });
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
    float count = (float) channels;
    float[] norm = new float[rows * channels];
    forRanges(
        rows,
        Math.max(1, ELEMENT_CHUNK / channels),
        (from, to) -> {
          float[] dnorm = new float[channels];
          for (int r = from; r < to; r++) {
            layerNormBackwardRow(r, channels, count, dx, dout, x, mean[r], rstd[r], w, norm, dnorm);
          }
        });
    forColumns(
        channels,
        (from, to) -> {
          VectorKernels.columnDots(dout, from, norm, from, channels, rows, dw, from, to - from);
          VectorKernels.columnSums(dout, from, channels, rows, db, from, to - from);
        });
  }

  private static void layerNormBackwardRow(
      int r,
      int channels,
      float count,
      float[] dx,
      float[] dout,
      float[] x,
      float mean,
      float rstd,
      float[] w,
      float[] norm,
      float[] dnorm) {
    int base = r * channels;
    FloatVector meanV = FloatVector.broadcast(S, mean);
    FloatVector rstdV = FloatVector.broadcast(S, rstd);
    int c = 0;
    for (; c + L <= channels; c += L) {
      FloatVector.fromArray(S, x, base + c).sub(meanV).mul(rstdV).intoArray(norm, base + c);
      FloatVector.fromArray(S, w, c)
          .mul(FloatVector.fromArray(S, dout, base + c))
          .intoArray(dnorm, c);
    }
    for (; c < channels; c++) {
      norm[base + c] = (x[base + c] - mean) * rstd;
      dnorm[c] = w[c] * dout[base + c];
    }
    float a = VectorKernels.sum(dnorm, 0, channels) / count;
    float bb = VectorKernels.dot(dnorm, 0, norm, base, channels) / count;
    FloatVector aV = FloatVector.broadcast(S, a);
    FloatVector bbV = FloatVector.broadcast(S, bb);
    c = 0;
    for (; c + L <= channels; c += L) {
      FloatVector.fromArray(S, dnorm, c)
          .sub(aV)
          .sub(FloatVector.fromArray(S, norm, base + c).mul(bbV))
          .mul(rstdV)
          .intoArray(dx, base + c);
    }
    for (; c < channels; c++) {
      dx[base + c] = ((dnorm[c] - a) - (norm[base + c] * bb)) * rstd;
    }
  }

  @Override
  void biasGrad(Op.BiasGrad op) {
    OpShapes.Rows shape = OpShapes.biasGrad(op);
    float[] db = tensors.floats(op.dbias());
    float[] dout = tensors.floats(op.dout());
    int columns = shape.width();
    forColumns(
        columns,
        (from, to) ->
            VectorKernels.columnSums(dout, from, columns, shape.rows(), db, from, to - from));
  }

  @Override
  void geluBackward(Op.GeluBackward op) {
    OpShapes.elementwise(op.name(), op.dx(), op.dout(), op.x());
    float[] dx = tensors.floats(op.dx());
    float[] dout = tensors.floats(op.dout());
    float[] x = tensors.floats(op.x());
    forRanges(
        dx.length,
        ELEMENT_CHUNK,
        (from, to) -> CanonicalVectorMath.geluBackward(dout, x, dx, from, to));
  }

  /**
   * Attention backward per {@code (b, h)} pair, with the same matmul shapes as the forward pass:
   * {@code datt = dY·Vᵀ}, {@code dq = dpre·K}, {@code dk = dpreᵀ·Q}, {@code dv = attᵀ·dY}, where
   * {@code dpre} and {@code att} are {@code +0} above the diagonal.
   */
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
    runner.run(
        shape.batch() * shape.heads(),
        task -> {
          int b = task / shape.heads();
          int h = task % shape.heads();
          int head = b * context * rowStride + h * headSize;
          int attBase = task * context * context;
          float[] q = gather(qkv, head, rowStride, context, headSize);
          float[] k = gather(qkv, head + channels, rowStride, context, headSize);
          float[] v = gather(qkv, head + 2 * channels, rowStride, context, headSize);
          float[] dy =
              gather(dout, b * context * channels + h * headSize, channels, context, headSize);
          float[] datt = new float[context * context];
          VectorMatmul.multiply(
              VectorMatmul.Problem.of(datt, dy, v, null, false, true, context, context, headSize));
          // The spec reads only the causal (lower) triangle of att: copy it, zero above.
          float[] attLower = new float[context * context];
          float[] dpre = new float[context * context];
          for (int t = 0; t < context; t++) {
            int row = t * context;
            System.arraycopy(att, attBase + row, attLower, row, t + 1);
            float local = VectorKernels.dot(attLower, row, datt, row, t + 1);
            for (int j = 0; j <= t; j++) {
              dpre[row + j] = (attLower[row + j] * (datt[row + j] - local)) * scale;
            }
          }
          float[] dq = new float[context * headSize];
          float[] dk = new float[context * headSize];
          float[] dv = new float[context * headSize];
          sumOverKeys(dpre, 0, k, dq, context, headSize);
          sumOverQueries(dpre, 0, q, dk, context, headSize);
          sumOverQueries(attLower, 0, dy, dv, context, headSize);
          scatter(dq, dqkv, head, rowStride, context, headSize);
          scatter(dk, dqkv, head + channels, rowStride, context, headSize);
          scatter(dv, dqkv, head + 2 * channels, rowStride, context, headSize);
        });
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
    int rows = shape.batch() * context;
    int[] rowsByToken = Tokens.rowsByToken(op.name(), tokens, rows, shape.vocab());
    int[] firstRow = Tokens.firstRowOfToken(op.name(), tokens, rows, shape.vocab());
    runner.run(
        shape.positions() + shape.vocab(),
        task -> {
          if (task < shape.positions()) {
            int t = task;
            if (t < context) {
              VectorKernels.columnSums(
                  dout,
                  t * channels,
                  context * channels,
                  shape.batch(),
                  dwpe,
                  t * channels,
                  channels);
            } else {
              Arrays.fill(dwpe, t * channels, (t + 1) * channels, 0.0f);
            }
          } else {
            int v = task - shape.positions();
            VectorKernels.listedRowSums(
                dout,
                rowsByToken,
                firstRow[v],
                firstRow[v + 1],
                channels,
                dwte,
                v * channels,
                channels);
          }
        });
  }

  @Override
  void gradNormSquared(Op.GradNormSquared op) {
    OpShapes.scalarOutput(op.name(), op.out());
    List<TensorSpec> grads = op.grads();
    float[][] arrays = new float[grads.size()][];
    for (int j = 0; j < arrays.length; j++) {
      arrays[j] = tensors.floats(grads.get(j));
    }
    float[] squares = new float[arrays.length];
    runner.run(
        arrays.length,
        j -> squares[j] = VectorKernels.dot(arrays[j], 0, arrays[j], 0, arrays[j].length));
    float total = 0.0f;
    for (int j = 0; j < squares.length; j++) {
      total = j == 0 ? squares[j] : total + squares[j];
    }
    tensors.floats(op.out())[0] = total;
  }

  @Override
  void clipScale(Op.ClipScale op) {
    OpShapes.scalarOutput(op.name(), op.out(), op.normSquared());
    float n = sqrt(tensors.floats(op.normSquared())[0]);
    tensors.floats(op.out())[0] =
        n > op.maxNorm() ? op.maxNorm() / (n + ScalarBackend.CLIP_EPS) : 1.0f;
  }

  @Override
  void adamW(Op.AdamW op, StepScalars scalars) {
    OpShapes.elementwise(op.name(), op.param(), op.m(), op.v(), op.grad());
    OpShapes.scalarOutput(op.name(), op.clipScale());
    float[] p = tensors.floats(op.param());
    float[] m = tensors.floats(op.m());
    float[] v = tensors.floats(op.v());
    float[] grad = tensors.floats(op.grad());
    AdamWStep step =
        new AdamWStep(
            tensors.floats(op.clipScale())[0],
            op.beta1(),
            op.beta2(),
            1.0f - op.beta1(),
            1.0f - op.beta2(),
            scalars.learningRate(),
            scalars.biasCorrection1(),
            scalars.biasCorrection2(),
            op.eps(),
            op.weightDecay());
    forRanges(p.length, ELEMENT_CHUNK, (from, to) -> step.apply(p, m, v, grad, from, to));
  }

  /** The per-element AdamW update of §5.4 with its scalars. */
  private record AdamWStep(
      float clip,
      float beta1,
      float beta2,
      float oneMinusBeta1,
      float oneMinusBeta2,
      float lr,
      float bc1,
      float bc2,
      float eps,
      float wd) {

    void apply(float[] p, float[] m, float[] v, float[] grad, int from, int to) {
      int i = from;
      for (; i + L <= to; i += L) {
        FloatVector g = FloatVector.fromArray(S, grad, i).mul(clip);
        FloatVector mi = FloatVector.fromArray(S, m, i).mul(beta1).add(g.mul(oneMinusBeta1));
        FloatVector vi = FloatVector.fromArray(S, v, i).mul(beta2).add(g.mul(g).mul(oneMinusBeta2));
        FloatVector mhat = mi.div(bc1);
        FloatVector vhat = vi.div(bc2);
        FloatVector pi = FloatVector.fromArray(S, p, i);
        FloatVector update = mhat.div(vhat.sqrt().add(eps)).add(pi.mul(wd));
        pi.sub(update.mul(lr)).intoArray(p, i);
        mi.intoArray(m, i);
        vi.intoArray(v, i);
      }
      for (; i < to; i++) {
        float g = grad[i] * clip;
        m[i] = (beta1 * m[i]) + (oneMinusBeta1 * g);
        v[i] = (beta2 * v[i]) + (oneMinusBeta2 * (g * g));
        float mhat = m[i] / bc1;
        float vhat = v[i] / bc2;
        p[i] = p[i] - lr * ((mhat / (sqrt(vhat) + eps)) + wd * p[i]);
      }
    }
  }
}
