package org.polyculture.engine.backend;

import java.util.List;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * A backend whose tensors live in heap arrays ({@link HostTensors}): the storage calls and the
 * dispatch of each op kind to its implementation, after the checks every backend shares.
 */
abstract sealed class HostBackend implements Backend permits ScalarBackend, VectorBackend {

  /** The storage of every tensor of the program. */
  final HostTensors tensors = new HostTensors();

  @Override
  public final void allocate(List<TensorSpec> specs) {
    tensors.allocate(specs);
  }

  @Override
  public final void write(TensorSpec spec, float[] values) {
    tensors.write(spec, values);
  }

  @Override
  public final void read(TensorSpec spec, float[] into) {
    tensors.read(spec, into);
  }

  @Override
  public final void writeInts(TensorSpec spec, int[] values) {
    tensors.writeInts(spec, values);
  }

  @Override
  public final void execute(Op op, StepScalars scalars) {
    OpAliasing.requireNoForbiddenAliasing(op);
    switch (op) {
      case Op.Encoder e -> encoder(e);
      case Op.LayerNorm l -> layerNorm(l);
      case Op.Matmul m -> matmul(m);
      case Op.Attention a -> attention(a);
      case Op.Gelu g -> geluForward(g);
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
    }
  }

  @Override
  public final void close() {
    tensors.close();
  }

  abstract void encoder(Op.Encoder op);

  abstract void layerNorm(Op.LayerNorm op);

  abstract void matmul(Op.Matmul op);

  abstract void attention(Op.Attention op);

  abstract void geluForward(Op.Gelu op);

  abstract void add(Op.Add op);

  abstract void crossEntropy(Op.CrossEntropy op);

  abstract void meanLoss(Op.MeanLoss op);

  abstract void crossEntropyBackward(Op.CrossEntropyBackward op);

  abstract void layerNormBackward(Op.LayerNormBackward op);

  abstract void biasGrad(Op.BiasGrad op);

  abstract void geluBackward(Op.GeluBackward op);

  abstract void attentionBackward(Op.AttentionBackward op);

  abstract void encoderBackward(Op.EncoderBackward op);

  abstract void gradNormSquared(Op.GradNormSquared op);

  abstract void clipScale(Op.ClipScale op);

  abstract void adamW(Op.AdamW op, StepScalars scalars);
}
