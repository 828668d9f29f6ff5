package org.polyculture.engine.tensor;

import java.util.Arrays;

/**
 * A named tensor of a step program: its name (for example {@code L3.fch}), element type and
 * row-major shape. Programs refer to tensors by spec; each backend owns the storage behind them.
 */
public record TensorSpec(String name, ElementType type, int[] shape) {

  /** The element type of a tensor. */
  public enum ElementType {
    FLOAT32,
    INT32
  }

  public TensorSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("tensor name must not be blank");
    }
    if (type == null) {
      throw new IllegalArgumentException("element type of " + name + " must be set");
    }
    shape = shape.clone();
    long size = 1;
    for (int dim : shape) {
      if (dim <= 0) {
        throw new IllegalArgumentException(
            "dimension " + dim + " of " + name + " must be positive");
      }
      size *= dim;
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(name + " has more than 2^31 elements");
    }
  }

  public static TensorSpec floats(String name, int... shape) {
    return new TensorSpec(name, ElementType.FLOAT32, shape);
  }

  public static TensorSpec ints(String name, int... shape) {
    return new TensorSpec(name, ElementType.INT32, shape);
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public int dim(int axis) {
    return shape[axis];
  }

  /** Number of elements. */
  public int size() {
    int size = 1;
    for (int dim : shape) {
      size *= dim;
    }
    return size;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TensorSpec that
        && name.equals(that.name)
        && type == that.type
        && Arrays.equals(shape, that.shape);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + type.hashCode()) + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + (type == ElementType.INT32 ? ":int32" : "");
  }
}
