package org.polyculture.worker.cuda;

import java.util.List;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;

/** A backend that hands every call to another one; subclasses add to or change some of them. */
public abstract class ForwardingBackend implements Backend {

  private final Backend delegate;

  protected ForwardingBackend(Backend delegate) {
    this.delegate = delegate;
  }

  protected final Backend delegate() {
    return delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public void allocate(List<TensorSpec> tensors) {
    delegate.allocate(tensors);
  }

  @Override
  public void write(TensorSpec spec, float[] values) {
    delegate.write(spec, values);
  }

  @Override
  public void read(TensorSpec spec, float[] into) {
    delegate.read(spec, into);
  }

  @Override
  public void writeInts(TensorSpec spec, int[] values) {
    delegate.writeInts(spec, values);
  }

  @Override
  public void execute(Op op, StepScalars scalars) {
    delegate.execute(op, scalars);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
