package org.polyculture.worker.cuda;

import java.util.List;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;

/** The CUDA backend's plans, kernels and state hashing, on the kernel emulation. */
final class EmulatedResidentBackend implements ResidentStateBackend {

  private final DeviceBackend backend = EmulatedCuda.backend();
  private final DeviceStateHasher hasher = EmulatedCuda.hasher(backend);

  @Override
  public PendingStateHash hashState(ResidentState state) {
    return hasher.hash(state);
  }

  @Override
  public byte[] stateBytes(ResidentState state) {
    return hasher.bytes(state);
  }

  @Override
  public String name() {
    return backend.name();
  }

  @Override
  public void allocate(List<TensorSpec> tensors) {
    backend.allocate(tensors);
  }

  @Override
  public void write(TensorSpec spec, float[] values) {
    backend.write(spec, values);
  }

  @Override
  public void read(TensorSpec spec, float[] into) {
    backend.read(spec, into);
  }

  @Override
  public void writeInts(TensorSpec spec, int[] values) {
    backend.writeInts(spec, values);
  }

  @Override
  public void execute(Op op, StepScalars scalars) {
    backend.execute(op, scalars);
  }

  @Override
  public void close() {
    hasher.close();
    backend.close();
  }
}
