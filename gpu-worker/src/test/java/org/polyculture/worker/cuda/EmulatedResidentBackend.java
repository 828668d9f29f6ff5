package org.polyculture.worker.cuda;

/** The CUDA backend's plans, kernels and state hashing, on the kernel emulation. */
final class EmulatedResidentBackend extends ForwardingBackend implements ResidentStateBackend {

  private final DeviceStateHasher hasher;

  EmulatedResidentBackend() {
    this(EmulatedCuda.backend());
  }

  private EmulatedResidentBackend(DeviceBackend backend) {
    super(backend);
    this.hasher = EmulatedCuda.hasher(backend);
  }

  @Override
  public PendingStateHash hashState(ResidentState state) {
    return hasher.hash(state);
  }

  @Override
  public byte[] stateBytes(ResidentState state) {
    return hasher.bytes(state);
  }

  @Override
  public void close() {
    hasher.close();
    super.close();
  }
}
