package org.polyculture.worker.cuda;

import java.util.List;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * A {@link Backend} whose tensors live in device memory and whose ops run as planned kernel
 * launches: the CUDA backend with the driver behind it, or the kernel emulation of the tests with
 * Java kernels behind the same plans.
 */
final class DeviceBackend implements Backend {

  private final String name;
  private final DeviceTensors tensors;
  private final OpPlanner planner;
  private final LaunchRunner runner;
  private final Runnable onClose;

  DeviceBackend(String name, DeviceMemory memory, LaunchRunner runner, Runnable onClose) {
    this.name = name;
    this.tensors = new DeviceTensors(memory);
    this.planner = new OpPlanner(tensors);
    this.runner = runner;
    this.onClose = onClose;
  }

  DeviceTensors tensors() {
    return tensors;
  }

  LaunchRunner runner() {
    return runner;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void allocate(List<TensorSpec> specs) {
    specs.forEach(tensors::allocate);
  }

  @Override
  public void write(TensorSpec spec, float[] values) {
    tensors.write(spec, values);
  }

  @Override
  public void read(TensorSpec spec, float[] into) {
    tensors.read(spec, into);
  }

  @Override
  public void writeInts(TensorSpec spec, int[] values) {
    tensors.writeInts(spec, values);
  }

  @Override
  public void execute(Op op, StepScalars scalars) {
    for (Launch launch : planner.plan(op, scalars)) {
      runner.run(launch);
    }
  }

  @Override
  public void close() {
    try {
      tensors.close();
    } finally {
      onClose.run();
    }
  }
}
