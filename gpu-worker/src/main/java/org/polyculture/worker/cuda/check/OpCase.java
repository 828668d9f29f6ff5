package org.polyculture.worker.cuda.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * One op with its inputs: what the bit-exactness checks run on two backends and compare.
 *
 * @param description the op kind and its sizes, for reports
 */
public record OpCase(
    String description,
    Op op,
    StepScalars scalars,
    Map<TensorSpec, float[]> floats,
    Map<TensorSpec, int[]> ints) {

  public OpCase {
    floats = copy(floats);
    ints = copyInts(ints);
  }

  /** Runs the op on {@code backend} (which must be fresh) and returns its outputs in order. */
  public List<float[]> run(Backend backend) {
    List<TensorSpec> all = new ArrayList<>(op.outputs());
    all.addAll(op.inputs());
    all.addAll(floats.keySet());
    all.addAll(ints.keySet());
    backend.allocate(all);
    floats.forEach((spec, values) -> backend.write(spec, values.clone()));
    ints.forEach((spec, values) -> backend.writeInts(spec, values.clone()));
    backend.execute(op, scalars);
    List<float[]> outputs = new ArrayList<>();
    for (TensorSpec out : op.outputs()) {
      float[] values = new float[out.size()];
      backend.read(out, values);
      outputs.add(values);
    }
    return outputs;
  }

  @Override
  public String toString() {
    return description;
  }

  private static Map<TensorSpec, float[]> copy(Map<TensorSpec, float[]> values) {
    Map<TensorSpec, float[]> copy = new LinkedHashMap<>();
    values.forEach((spec, array) -> copy.put(spec, array.clone()));
    return copy;
  }

  private static Map<TensorSpec, int[]> copyInts(Map<TensorSpec, int[]> values) {
    Map<TensorSpec, int[]> copy = new LinkedHashMap<>();
    values.forEach((spec, array) -> copy.put(spec, array.clone()));
    return copy;
  }
}
