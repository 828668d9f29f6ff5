package org.polyculture.engine.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Immutable float32 values for every parameter tensor of a {@link ParameterLayout}, in canonical
 * order: the parameters themselves, or one of AdamW's moments.
 *
 * <p>Equality is by value with every NaN treated as the canonical NaN {@code 0x7FC00000}, the same
 * view the serialisation and the state hash take (docs/numerics.md §1.1).
 */
public final class ModelTensors {

  /** The one NaN encoding of serialised and hashed tensors (docs/numerics.md §1.1). */
  public static final int CANONICAL_NAN_BITS = 0x7FC00000;

  private static final VectorSpecies<Float> NAN_SEARCH = FloatVector.SPECIES_PREFERRED;

  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private final ParameterLayout layout;
  private final float[][] values;

  private ModelTensors(ParameterLayout layout, float[][] values) {
    this.layout = layout;
    this.values = values;
  }

  /** All zeros: AdamW's moments in the genesis state. */
  public static ModelTensors zeros(ParameterLayout layout) {
    float[][] values = new float[layout.count()][];
    for (int i = 0; i < values.length; i++) {
      values[i] = new float[layout.get(i).size()];
    }
    return new ModelTensors(layout, values);
  }

  /** Copies {@code tensors}, one array per parameter of {@code layout}, each of its exact size. */
  public static ModelTensors copyOf(ParameterLayout layout, List<float[]> tensors) {
    if (tensors.size() != layout.count()) {
      throw new IllegalArgumentException(
          "expected " + layout.count() + " tensors, got " + tensors.size());
    }
    float[][] values = new float[tensors.size()][];
    for (int i = 0; i < values.length; i++) {
      float[] tensor = tensors.get(i);
      if (tensor.length != layout.get(i).size()) {
        throw new IllegalArgumentException(
            layout.get(i).name()
                + " needs "
                + layout.get(i).size()
                + " values, got "
                + tensor.length);
      }
      values[i] = tensor.clone();
    }
    return new ModelTensors(layout, values);
  }

  public ParameterLayout layout() {
    return layout;
  }

  public int count() {
    return values.length;
  }

  /** A read-only view of tensor {@code index}. */
  public FloatBuffer tensor(int index) {
    return FloatBuffer.wrap(values[index]).asReadOnlyBuffer();
  }

  /** A copy of tensor {@code index}. */
  public float[] toArray(int index) {
    return values[index].clone();
  }

  /** Copies all tensors, in canonical order. */
  public List<float[]> toArrays() {
    List<float[]> copies = new ArrayList<>(values.length);
    for (float[] tensor : values) {
      copies.add(tensor.clone());
    }
    return copies;
  }

  /** Element {@code element} of tensor {@code index}. */
  public float get(int index, int element) {
    return values[index][element];
  }

  /** Copies elements {@code [from, from + length)} of tensor {@code index} into {@code into}. */
  public void copyRange(int index, int from, float[] into, int offset, int length) {
    System.arraycopy(values[index], from, into, offset, length);
  }

  /**
   * Writes elements {@code [from, from + count)} of tensor {@code index} into {@code into} as
   * little-endian float32 with every NaN written as {@code 0x7FC00000}: the canonical bytes of
   * docs/state.md.
   */
  public void copyCanonicalBytes(int index, int from, int count, byte[] into, int offset) {
    float[] tensor = values[index];
    // A bulk copy first (a memory copy on little-endian machines), then NaNs are patched; the
    // search for them is vectorised, since NaNs are rare.
    ByteBuffer.wrap(into, offset, count * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer()
        .put(tensor, from, count);
    int i = 0;
    for (int bound = NAN_SEARCH.loopBound(count); i < bound; i += NAN_SEARCH.length()) {
      if (FloatVector.fromArray(NAN_SEARCH, tensor, from + i)
          .test(VectorOperators.IS_NAN)
          .anyTrue()) {
        patchNaNs(tensor, from + i, NAN_SEARCH.length(), into, offset + i * Float.BYTES);
      }
    }
    patchNaNs(tensor, from + i, count - i, into, offset + i * Float.BYTES);
  }

  private static void patchNaNs(float[] tensor, int from, int count, byte[] into, int offset) {
    for (int i = 0; i < count; i++) {
      if (tensor[from + i] != tensor[from + i]) {
        INT_LE.set(into, offset + i * Float.BYTES, CANONICAL_NAN_BITS);
      }
    }
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof ModelTensors that) || values.length != that.values.length) {
      return false;
    }
    for (int i = 0; i < values.length; i++) {
      // Arrays.equals on floats compares floatToIntBits, which maps every NaN to 0x7FC00000.
      if (!Arrays.equals(values[i], that.values[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    return "ModelTensors[" + values.length + " tensors, " + layout.totalElements() + " values]";
  }
}
