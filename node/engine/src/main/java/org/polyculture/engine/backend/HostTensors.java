package org.polyculture.engine.backend;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.polyculture.engine.tensor.TensorSpec;
import org.polyculture.engine.tensor.TensorSpec.ElementType;

/**
 * Heap storage for the tensors of a CPU backend: one zero-filled {@code float[]} or {@code int[]}
 * per tensor name. A name always denotes the spec it was first allocated with; using it with
 * another shape or type is a bug in the program and fails loudly.
 */
final class HostTensors {

  private final Map<String, TensorSpec> specs = new HashMap<>();
  private final Map<String, float[]> floats = new HashMap<>();
  private final Map<String, int[]> ints = new HashMap<>();
  private boolean closed;

  void allocate(List<TensorSpec> tensors) {
    requireOpen();
    for (TensorSpec spec : tensors) {
      TensorSpec existing = specs.get(spec.name());
      if (existing != null) {
        requireSame(existing, spec);
        continue;
      }
      specs.put(spec.name(), spec);
      if (spec.type() == ElementType.FLOAT32) {
        floats.put(spec.name(), new float[spec.size()]);
      } else {
        ints.put(spec.name(), new int[spec.size()]);
      }
    }
  }

  float[] floats(TensorSpec spec) {
    lookUp(spec, ElementType.FLOAT32);
    return floats.get(spec.name());
  }

  int[] ints(TensorSpec spec) {
    lookUp(spec, ElementType.INT32);
    return ints.get(spec.name());
  }

  void write(TensorSpec spec, float[] values) {
    float[] storage = floats(spec);
    requireLength(spec, values.length, storage.length);
    System.arraycopy(values, 0, storage, 0, storage.length);
  }

  void read(TensorSpec spec, float[] into) {
    float[] storage = floats(spec);
    if (into.length < storage.length) {
      throw new IllegalArgumentException(
          spec + " has " + storage.length + " elements; the destination holds " + into.length);
    }
    System.arraycopy(storage, 0, into, 0, storage.length);
  }

  void writeInts(TensorSpec spec, int[] values) {
    int[] storage = ints(spec);
    requireLength(spec, values.length, storage.length);
    System.arraycopy(values, 0, storage, 0, storage.length);
  }

  void close() {
    closed = true;
    specs.clear();
    floats.clear();
    ints.clear();
  }

  private void lookUp(TensorSpec spec, ElementType type) {
    requireOpen();
    TensorSpec existing = specs.get(spec.name());
    if (existing == null) {
      throw new IllegalStateException(spec + " has not been allocated");
    }
    requireSame(existing, spec);
    if (spec.type() != type) {
      throw new IllegalArgumentException(spec + " is " + spec.type() + ", expected " + type);
    }
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

  private static void requireLength(TensorSpec spec, int given, int expected) {
    if (given != expected) {
      throw new IllegalArgumentException(
          spec + " has " + expected + " elements; " + given + " were given");
    }
  }
}
