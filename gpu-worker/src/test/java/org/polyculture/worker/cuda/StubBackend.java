package org.polyculture.worker.cuda;

import java.util.List;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;

/** A backend that only has a name, for tests of code that chooses backends. */
class StubBackend implements Backend {

  private final String name;

  StubBackend(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void allocate(List<TensorSpec> tensors) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void write(TensorSpec spec, float[] values) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void read(TensorSpec spec, float[] into) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void writeInts(TensorSpec spec, int[] values) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void execute(Op op, StepScalars scalars) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
