package org.polyculture.worker.cuda;

import static org.polyculture.worker.cuda.KernelArg.f32;
import static org.polyculture.worker.cuda.KernelArg.i32;
import static org.polyculture.worker.cuda.KernelArg.i64;
import static org.polyculture.worker.cuda.KernelArg.pointer;

import java.util.ArrayList;
import java.util.List;
import org.polyculture.engine.backend.OpAliasing;
import org.polyculture.engine.backend.OpShapes;
import org.polyculture.engine.numerics.CanonicalMath;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;
import org.polyculture.worker.cuda.Launch.Dim3;
import org.polyculture.worker.cuda.MatmulLaunches.Epilogue;
import org.polyculture.worker.cuda.MatmulLaunches.Mask;
import org.polyculture.worker.cuda.MatmulLaunches.View;

/**
 * Turns each canonical op into kernel launches over the device tensors, after checking it ({@link
 * OpShapes}, {@link OpAliasing}, and the launch limits in {@link OpGeometry}) and its tokens.
 * Host-side constants the spec defines by a float expression ({@code 1/(B·T)}, attention's scale,
 * {@code 1 - beta}) are computed here in Java, which rounds them exactly as the CPU backends do.
 * Shared by the CUDA backend and the kernel emulation.
 */
final class OpPlanner {

  private final DeviceTensors tensors;

  OpPlanner(DeviceTensors tensors) {
    this.tensors = tensors;
  }

  List<Launch> plan(Op op, StepScalars scalars) {
    OpAliasing.requireNoForbiddenAliasing(op);
    return switch (op) {
      case Op.Encoder e -> encoder(e);
      case Op.LayerNorm l -> layerNorm(l);
      case Op.Matmul m -> List.of(matmul(m));
      case Op.Attention a -> attention(a);
      case Op.Gelu g -> gelu(g);
      case Op.Add a -> add(a);
      case Op.CrossEntropy c -> crossEntropy(c);
      case Op.MeanLoss m -> meanLoss(m);
      case Op.CrossEntropyBackward c -> crossEntropyBackward(c);
      case Op.LayerNormBackward l -> layerNormBackward(l);
      case Op.BiasGrad b -> biasGrad(b);
      case Op.GeluBackward g -> geluBackward(g);
      case Op.AttentionBackward a -> attentionBackward(a);
      case Op.EncoderBackward e -> encoderBackward(e);
      case Op.GradNormSquared g -> gradNormSquared(g);
      case Op.ClipScale c -> clipScale(c);
      case Op.AdamW a -> adamW(a, scalars);
    };
  }

  private List<Launch> encoder(Op.Encoder op) {
    OpShapes.Embedding shape = OpShapes.encoder(op);
    int rows = shape.batch() * shape.context();
    OpGeometry.requireTokens(op.name(), tensors.hostInts(op.tokens()), rows, shape.vocab());
    long count = (long) rows * shape.channels();
    return List.of(
        elementwise(
            Kernel.ENCODER_FORWARD,
            count,
            pointer(tensors.floats(op.out())),
            pointer(tensors.ints(op.tokens())),
            pointer(tensors.floats(op.wte())),
            pointer(tensors.floats(op.wpe())),
            i32(rows),
            i32(shape.context()),
            i32(shape.channels())));
  }

  private List<Launch> layerNorm(Op.LayerNorm op) {
    OpShapes.Rows shape = OpShapes.layerNorm(op);
    return List.of(
        rowLaunch(
            Kernel.LAYER_NORM_FORWARD,
            shape.rows(),
            pointer(tensors.floats(op.out())),
            pointer(tensors.floats(op.mean())),
            pointer(tensors.floats(op.rstd())),
            pointer(tensors.floats(op.x())),
            pointer(tensors.floats(op.weight())),
            pointer(tensors.floats(op.bias())),
            i32(shape.rows()),
            i32(shape.width())));
  }

  private Launch matmul(Op.Matmul op) {
    OpGeometry.matmul(op);
    int m = op.m();
    int n = op.n();
    int k = op.k();
    // A'[i,p] = a[i*k + p], or a[p*m + i] when transposed; B'[p,j] = b[p*n + j], or b[j*k + p].
    View a =
        op.transA() ? View.of(tensors.floats(op.a()), 1, m) : View.of(tensors.floats(op.a()), k, 1);
    View b =
        op.transB() ? View.of(tensors.floats(op.b()), 1, k) : View.of(tensors.floats(op.b()), n, 1);
    View out = View.of(tensors.floats(op.out()), n, 1);
    Epilogue epilogue = op.bias().isPresent() ? Epilogue.BIAS : Epilogue.NONE;
    long bias = op.bias().map(tensors::floats).orElse(0L);
    return MatmulLaunches.launch(Mask.NONE, m, n, k, 1, 1, a, b, out, epilogue, bias, 1.0f);
  }

  /**
   * §5.2 forward as three launches: the scaled scores {@code Q·Kᵀ} of every head into {@code att}
   * (entries above the diagonal are computed and then overwritten), the softmax of each row in
   * place, and {@code att·V} summing positions {@code j <= t}, each in lane {@code j mod 16}.
   */
  private List<Launch> attention(Op.Attention op) {
    OpShapes.Heads shape = OpGeometry.attention(op);
    int t = shape.context();
    int c = shape.channels();
    int h = shape.heads();
    int hs = shape.headSize();
    int row = 3 * c;
    float scale = 1.0f / CanonicalMath.sqrt((float) hs);
    long qkv = tensors.floats(op.qkv());
    long att = tensors.floats(op.att());
    View q = View.of(qkv, row, 1).batched(t * row, hs);
    View keysTransposed = View.of(qkv, 1, row).batched(t * row, hs).offset(c);
    View values = View.of(qkv, row, 1).batched(t * row, hs).offset(2 * c);
    View scores = View.of(att, t, 1).batched(h * t * t, t * t);
    View out = View.of(tensors.floats(op.out()), c, 1).batched(t * c, hs);
    List<Launch> launches = new ArrayList<>();
    launches.add(
        MatmulLaunches.launch(
            Mask.NONE,
            t,
            t,
            hs,
            shape.batch(),
            h,
            q,
            keysTransposed,
            scores,
            Epilogue.SCALE,
            0L,
            scale));
    launches.add(
        rowLaunch(
            Kernel.ATTENTION_SOFTMAX,
            shape.batch() * h * t,
            pointer(att),
            i32(shape.batch() * h * t),
            i32(t)));
    launches.add(
        MatmulLaunches.launch(
            Mask.LOWER, t, hs, t, shape.batch(), h, scores, values, out, Epilogue.NONE, 0L, 1.0f));
    return launches;
  }

  /**
   * §5.2 backward: {@code datt = dy·Vᵀ} into scratch, {@code dpre} from it row by row in place,
   * then {@code dq = dpre·K} over {@code j <= t}, and {@code dk = dpreᵀ·Q}, {@code dv = attᵀ·dy}
   * over {@code t >= j}, each term in the lane of its absolute position.
   */
  private List<Launch> attentionBackward(Op.AttentionBackward op) {
    OpShapes.Heads shape = OpGeometry.attentionBackward(op);
    int t = shape.context();
    int c = shape.channels();
    int h = shape.heads();
    int hs = shape.headSize();
    int row = 3 * c;
    int batch = shape.batch();
    float scale = 1.0f / CanonicalMath.sqrt((float) hs);
    long qkv = tensors.floats(op.qkv());
    long dqkv = tensors.floats(op.dqkv());
    long att = tensors.floats(op.att());
    long dout = tensors.floats(op.dout());
    long attRows = (long) batch * h * t;
    long gradient = tensors.scratch(ScratchBuffer.ATTENTION_GRADIENT, 4L * attRows * t);

    View dy = View.of(dout, c, 1).batched(t * c, hs);
    View valuesTransposed = View.of(qkv, 1, row).batched(t * row, hs).offset(2 * c);
    View keys = View.of(qkv, row, 1).batched(t * row, hs).offset(c);
    View queries = View.of(qkv, row, 1).batched(t * row, hs);
    View dpre = View.of(gradient, t, 1).batched(h * t * t, t * t);
    View dpreTransposed = View.of(gradient, 1, t).batched(h * t * t, t * t);
    View attTransposed = View.of(att, 1, t).batched(h * t * t, t * t);
    View dq = View.of(dqkv, row, 1).batched(t * row, hs);
    View dk = dq.offset(c);
    View dv = dq.offset(2 * c);

    List<Launch> launches = new ArrayList<>();
    launches.add(
        MatmulLaunches.launch(
            Mask.NONE, t, t, hs, batch, h, dy, valuesTransposed, dpre, Epilogue.NONE, 0L, 1.0f));
    launches.add(
        rowLaunch(
            Kernel.ATTENTION_BACKWARD_ROWS,
            (int) attRows,
            pointer(gradient),
            pointer(att),
            i32((int) attRows),
            i32(t),
            f32(scale)));
    launches.add(
        MatmulLaunches.launch(
            Mask.LOWER, t, hs, t, batch, h, dpre, keys, dq, Epilogue.NONE, 0L, 1.0f));
    launches.add(
        MatmulLaunches.launch(
            Mask.UPPER, t, hs, t, batch, h, dpreTransposed, queries, dk, Epilogue.NONE, 0L, 1.0f));
    launches.add(
        MatmulLaunches.launch(
            Mask.UPPER, t, hs, t, batch, h, attTransposed, dy, dv, Epilogue.NONE, 0L, 1.0f));
    return launches;
  }

  private List<Launch> gelu(Op.Gelu op) {
    OpShapes.elementwise(op.name(), op.out(), op.x());
    long count = op.out().size();
    return List.of(
        elementwise(
            Kernel.GELU_FORWARD,
            count,
            pointer(tensors.floats(op.out())),
            pointer(tensors.floats(op.x())),
            i64(count)));
  }

  private List<Launch> add(Op.Add op) {
    OpShapes.elementwise(op.name(), op.out(), op.a(), op.b());
    long count = op.out().size();
    return List.of(
        elementwise(
            Kernel.ADD,
            count,
            pointer(tensors.floats(op.out())),
            pointer(tensors.floats(op.a())),
            pointer(tensors.floats(op.b())),
            i64(count)));
  }

  private List<Launch> crossEntropy(Op.CrossEntropy op) {
    OpShapes.Rows shape = OpShapes.crossEntropy(op);
    OpGeometry.requireTokens(
        op.name(), tensors.hostInts(op.targets()), shape.rows(), shape.width());
    return List.of(
        rowLaunch(
            Kernel.CROSS_ENTROPY_FORWARD,
            shape.rows(),
            pointer(tensors.floats(op.probs())),
            pointer(tensors.floats(op.losses())),
            pointer(tensors.floats(op.logits())),
            pointer(tensors.ints(op.targets())),
            i32(shape.rows()),
            i32(shape.width())));
  }

  private List<Launch> meanLoss(Op.MeanLoss op) {
    OpShapes.meanLoss(op);
    return List.of(
        Launch.of(
            Kernel.MEAN_LOSS,
            Dim3.of(1),
            Dim3.of(32),
            pointer(tensors.floats(op.out())),
            pointer(tensors.floats(op.losses())),
            i32(op.losses().size())));
  }

  private List<Launch> crossEntropyBackward(Op.CrossEntropyBackward op) {
    OpShapes.Rows shape = OpShapes.crossEntropyBackward(op);
    OpGeometry.requireTokens(
        op.name(), tensors.hostInts(op.targets()), shape.rows(), shape.width());
    float s = 1.0f / (float) shape.rows();
    return List.of(
        elementwise(
            Kernel.CROSS_ENTROPY_BACKWARD,
            (long) shape.rows() * shape.width(),
            pointer(tensors.floats(op.dlogits())),
            pointer(tensors.floats(op.probs())),
            pointer(tensors.ints(op.targets())),
            i32(shape.rows()),
            i32(shape.width()),
            f32(s)));
  }

  private List<Launch> layerNormBackward(Op.LayerNormBackward op) {
    OpShapes.Rows shape = OpShapes.layerNormBackward(op);
    long norm = tensors.scratch(ScratchBuffer.LAYER_NORM, 4L * shape.rows() * shape.width());
    return List.of(
        rowLaunch(
            Kernel.LAYER_NORM_BACKWARD_ROWS,
            shape.rows(),
            pointer(tensors.floats(op.dx())),
            pointer(norm),
            pointer(tensors.floats(op.dout())),
            pointer(tensors.floats(op.x())),
            pointer(tensors.floats(op.mean())),
            pointer(tensors.floats(op.rstd())),
            pointer(tensors.floats(op.weight())),
            i32(shape.rows()),
            i32(shape.width())),
        columnSums(
            tensors.floats(op.dbias()),
            tensors.floats(op.dweight()),
            tensors.floats(op.dout()),
            norm,
            shape.rows(),
            shape.width()));
  }

  private List<Launch> biasGrad(Op.BiasGrad op) {
    OpShapes.Rows shape = OpShapes.biasGrad(op);
    return List.of(
        columnSums(
            tensors.floats(op.dbias()),
            0L,
            tensors.floats(op.dout()),
            0L,
            shape.rows(),
            shape.width()));
  }

  private List<Launch> geluBackward(Op.GeluBackward op) {
    OpShapes.elementwise(op.name(), op.dx(), op.dout(), op.x());
    long count = op.dx().size();
    return List.of(
        elementwise(
            Kernel.GELU_BACKWARD,
            count,
            pointer(tensors.floats(op.dx())),
            pointer(tensors.floats(op.dout())),
            pointer(tensors.floats(op.x())),
            i64(count)));
  }

  /**
   * Token rows are grouped on the host (a stable counting sort of the host copy of the tokens) and
   * uploaded, so that the kernel can sum each token's rows in increasing row order.
   */
  private List<Launch> encoderBackward(Op.EncoderBackward op) {
    OpShapes.Embedding shape = OpShapes.encoderBackward(op);
    int rows = shape.batch() * shape.context();
    int vocab = shape.vocab();
    if (vocab > KernelGeometry.MAX_GRID_YZ) {
      throw new IllegalArgumentException(
          op.name()
              + ": the cuda backend supports at most "
              + KernelGeometry.MAX_GRID_YZ
              + " tokens");
    }
    int[] tokens = tensors.hostInts(op.tokens());
    OpGeometry.requireTokens(op.name(), tokens, rows, vocab);
    int[] firstRow = new int[vocab + 1];
    for (int i = 0; i < rows; i++) {
      firstRow[tokens[i] + 1]++;
    }
    for (int v = 0; v < vocab; v++) {
      firstRow[v + 1] += firstRow[v];
    }
    int[] next = firstRow.clone();
    int[] rowsByToken = new int[rows];
    for (int i = 0; i < rows; i++) {
      rowsByToken[next[tokens[i]]++] = i;
    }
    long rowsAddress = tensors.upload(ScratchBuffer.TOKEN_ROWS, rowsByToken);
    long firstAddress = tensors.upload(ScratchBuffer.TOKEN_FIRST_ROWS, firstRow);
    int channels = shape.channels();
    long positions = (long) shape.positions() * channels;
    return List.of(
        Launch.of(
            Kernel.ENCODER_BACKWARD_TOKENS,
            new Dim3(KernelGeometry.ceilDiv(channels, KernelGeometry.COLUMN_GROUP), vocab, 1),
            Dim3.of(KernelGeometry.COLUMN_GROUP * KernelGeometry.LANES),
            pointer(tensors.floats(op.dwte())),
            pointer(tensors.floats(op.dout())),
            pointer(rowsAddress),
            pointer(firstAddress),
            i32(channels)),
        elementwise(
            Kernel.ENCODER_BACKWARD_POSITIONS,
            positions,
            pointer(tensors.floats(op.dwpe())),
            pointer(tensors.floats(op.dout())),
            i32(shape.batch()),
            i32(shape.context()),
            i32(channels),
            i32(shape.positions())));
  }

  private List<Launch> gradNormSquared(Op.GradNormSquared op) {
    OpShapes.scalarOutput(op.name(), op.out());
    List<TensorSpec> grads = op.grads();
    int count = grads.size();
    long partials = tensors.scratch(ScratchBuffer.SQUARES_PARTIALS, 4L * Math.max(1, count));
    List<Launch> launches = new ArrayList<>();
    if (count > 0) {
      long[] addresses = new long[count];
      long[] lengths = new long[count];
      for (int j = 0; j < count; j++) {
        addresses[j] = tensors.floats(grads.get(j));
        lengths[j] = grads.get(j).size();
      }
      launches.add(
          Launch.of(
              Kernel.SQUARES_PARTIALS,
              Dim3.of(count),
              Dim3.of(KernelGeometry.SQUARES_THREADS),
              pointer(partials),
              pointer(tensors.upload(ScratchBuffer.SQUARES_TENSORS, addresses)),
              pointer(tensors.upload(ScratchBuffer.SQUARES_LENGTHS, lengths))));
    }
    launches.add(
        Launch.of(
            Kernel.SQUARES_COMBINE,
            Dim3.of(1),
            Dim3.of(1),
            pointer(tensors.floats(op.out())),
            pointer(partials),
            i32(count)));
    return launches;
  }

  private List<Launch> clipScale(Op.ClipScale op) {
    OpShapes.scalarOutput(op.name(), op.out(), op.normSquared());
    return List.of(
        Launch.of(
            Kernel.CLIP_SCALE,
            Dim3.of(1),
            Dim3.of(1),
            pointer(tensors.floats(op.out())),
            pointer(tensors.floats(op.normSquared())),
            f32(op.maxNorm())));
  }

  private List<Launch> adamW(Op.AdamW op, StepScalars scalars) {
    OpShapes.elementwise(op.name(), op.param(), op.m(), op.v(), op.grad());
    OpShapes.scalarOutput(op.name(), op.clipScale());
    long count = op.param().size();
    return List.of(
        elementwise(
            Kernel.ADAMW,
            count,
            pointer(tensors.floats(op.param())),
            pointer(tensors.floats(op.m())),
            pointer(tensors.floats(op.v())),
            pointer(tensors.floats(op.grad())),
            pointer(tensors.floats(op.clipScale())),
            f32(scalars.learningRate()),
            f32(scalars.biasCorrection1()),
            f32(scalars.biasCorrection2()),
            f32(op.beta1()),
            f32(op.beta2()),
            f32(1.0f - op.beta1()),
            f32(1.0f - op.beta2()),
            f32(op.eps()),
            f32(op.weightDecay()),
            i64(count)));
  }

  private static Launch columnSums(long sums, long dots, long x, long y, int rows, int columns) {
    return Launch.of(
        Kernel.COLUMN_SUMS,
        Dim3.of(KernelGeometry.ceilDiv(columns, KernelGeometry.COLUMN_GROUP)),
        Dim3.of(KernelGeometry.COLUMN_GROUP * KernelGeometry.LANES),
        pointer(sums),
        pointer(dots),
        pointer(x),
        pointer(y),
        i32(rows),
        i32(columns));
  }

  private static Launch rowLaunch(Kernel kernel, int rows, KernelArg... args) {
    return Launch.of(
        kernel,
        Dim3.of(KernelGeometry.ceilDiv(rows, KernelGeometry.ROWS_PER_BLOCK)),
        Dim3.of(KernelGeometry.ROW_THREADS),
        args);
  }

  private static Launch elementwise(Kernel kernel, long count, KernelArg... args) {
    return Launch.of(
        kernel,
        Dim3.of(KernelGeometry.strideBlocks(count, KernelGeometry.ELEMENTWISE_THREADS)),
        Dim3.of(KernelGeometry.ELEMENTWISE_THREADS),
        args);
  }
}
