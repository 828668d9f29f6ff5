package org.polyculture.worker.cuda;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.polyculture.engine.tensor.TensorSpec;
import org.polyculture.engine.tensor.TensorSpec.ElementType;

/**
 * The tensors of a program in device memory, by name, plus the scratch buffers of the kernels. A
 * name always denotes the spec it was first allocated with (as in the CPU backends). Int tensors
 * (tokens, targets) are also kept on the host: the planner validates them and groups rows by token
 * there, which costs nothing next to a step.
 */
final class DeviceTensors implements AutoCloseable {

  private record Allocation(TensorSpec spec, long address) {}

  private record Scratch(long address, long bytes) {}

  private final DeviceMemory memory;
  private final Map<String, Allocation> tensors = new HashMap<>();
  private final Map<String, int[]> hostInts = new HashMap<>();
  private final Map<ScratchBuffer, Scratch> scratch = new EnumMap<>(ScratchBuffer.class);
  private boolean closed;

  DeviceTensors(DeviceMemory memory) {
    this.memory = memory;
  }

  DeviceMemory memory() {
    return memory;
  }

  void allocate(TensorSpec spec) {
    requireOpen();
    Allocation existing = tensors.get(spec.name());
    if (existing != null) {
      requireSame(existing.spec(), spec);
      return;
    }
    long address = memory.allocate(4L * spec.size());
    tensors.put(spec.name(), new Allocation(spec, address));
    if (spec.type() == ElementType.INT32) {
      hostInts.put(spec.name(), new int[spec.size()]);
    }
  }

  /** The device address of a float tensor. */
  long floats(TensorSpec spec) {
    return lookUp(spec, ElementType.FLOAT32).address();
  }

  /** The device address of an int tensor. */
  long ints(TensorSpec spec) {
    return lookUp(spec, ElementType.INT32).address();
  }

  /** The values last written to an int tensor (zeros if none were). */
  int[] hostInts(TensorSpec spec) {
    lookUp(spec, ElementType.INT32);
    return hostInts.get(spec.name());
  }

  void write(TensorSpec spec, float[] values) {
    long address = floats(spec);
    requireLength(spec, values.length);
    memory.copyIn(address, values, values.length);
  }

  void writeInts(TensorSpec spec, int[] values) {
    long address = ints(spec);
    requireLength(spec, values.length);
    memory.copyIn(address, values, values.length);
    System.arraycopy(values, 0, hostInts.get(spec.name()), 0, values.length);
  }

  void read(TensorSpec spec, float[] into) {
    long address = floats(spec);
    if (into.length < spec.size()) {
      throw new IllegalArgumentException(
          spec + " has " + spec.size() + " elements; the destination holds " + into.length);
    }
    memory.copyOut(address, into, spec.size());
  }

  /** A scratch buffer of at least {@code bytes} bytes; its contents are undefined. */
  long scratch(ScratchBuffer buffer, long bytes) {
    requireOpen();
    Scratch current = scratch.get(buffer);
    if (current != null && current.bytes() >= bytes) {
      return current.address();
    }
    if (current != null) {
      memory.free(current.address());
    }
    long size = Math.max(bytes, 256);
    Scratch grown = new Scratch(memory.allocate(size), size);
    scratch.put(buffer, grown);
    return grown.address();
  }

  long upload(ScratchBuffer buffer, int[] values) {
    long address = scratch(buffer, 4L * values.length);
    memory.copyIn(address, values, values.length);
    return address;
  }

  long upload(ScratchBuffer buffer, long[] values) {
    long address = scratch(buffer, 8L * values.length);
    memory.copyIn(address, values, values.length);
    return address;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    tensors.values().forEach(allocation -> memory.free(allocation.address()));
    scratch.values().forEach(buffer -> memory.free(buffer.address()));
    tensors.clear();
    scratch.clear();
    hostInts.clear();
  }

  private Allocation lookUp(TensorSpec spec, ElementType type) {
    requireOpen();
    Allocation existing = tensors.get(spec.name());
    if (existing == null) {
      throw new IllegalStateException(spec + " has not been allocated");
    }
    requireSame(existing.spec(), spec);
    if (spec.type() != type) {
      throw new IllegalArgumentException(spec + " is " + spec.type() + ", expected " + type);
    }
    return existing;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the backend has been closed");
    }
  }

  private static void requireSame(TensorSpec existing, TensorSpec spec) {
    if (!existing.equals(spec)) {
      throw new IllegalArgumentException(
          "tensor " + spec.name() + " was allocated as " + existing + ", not " + spec);
    }
  }

  private static void requireLength(TensorSpec spec, int given) {
    if (given != spec.size()) {
      throw new IllegalArgumentException(
          spec + " has " + spec.size() + " elements; " + given + " were given");
    }
  }
}
