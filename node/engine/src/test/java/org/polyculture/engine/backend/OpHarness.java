package org.polyculture.engine.backend;

import java.util.ArrayList;
import java.util.List;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;

/** Runs single ops on a backend in tests: writes inputs, executes, reads outputs. */
final class OpHarness {

  private final Backend backend;

  OpHarness(Backend backend) {
    this.backend = backend;
  }

  Backend backend() {
    return backend;
  }

  OpHarness floats(TensorSpec spec, float... values) {
    backend.allocate(List.of(spec));
    backend.write(spec, values);
    return this;
  }

  OpHarness ints(TensorSpec spec, int... values) {
    backend.allocate(List.of(spec));
    backend.writeInts(spec, values);
    return this;
  }

  OpHarness run(Op op) {
    return run(op, StepScalars.forwardOnly(0));
  }

  OpHarness run(Op op, StepScalars scalars) {
    List<TensorSpec> all = new ArrayList<>(op.outputs());
    all.addAll(op.inputs());
    backend.allocate(all);
    backend.execute(op, scalars);
    return this;
  }

  float[] read(TensorSpec spec) {
    float[] values = new float[spec.size()];
    backend.read(spec, values);
    return values;
  }
}
