package org.polyculture.worker.cuda;

import java.nio.ByteBuffer;
import java.util.function.Supplier;

/** The CUDA backend's plans on the kernel emulation instead of the driver. */
final class EmulatedCuda {

  private EmulatedCuda() {}

  static DeviceBackend backend() {
    EmulatedDevice device = new EmulatedDevice();
    return new DeviceBackend("cuda-emulated", device, new EmulatedKernels(device), () -> {});
  }

  /** The state hasher of an emulated backend: one slot, every launch run at once. */
  static DeviceStateHasher hasher(DeviceBackend backend) {
    return new DeviceStateHasher(backend.tensors(), new ImmediateLane(backend));
  }

  private record ImmediateLane(DeviceBackend backend) implements HashLane {
    @Override
    public int slots() {
      return 1;
    }

    @Override
    public void awaitSlot(int slot) {}

    @Override
    public void gather(Launch launch) {
      backend.runner().run(launch);
    }

    @Override
    public Supplier<ByteBuffer> hash(int slot, Launch leaves, long digests, int bytes) {
      backend.runner().run(leaves);
      byte[] words = new byte[bytes];
      backend.tensors().memory().copyOut(digests, words, bytes);
      ByteBuffer buffer = ByteBuffer.wrap(words);
      return () -> buffer;
    }

    @Override
    public void close() {}
  }
}
