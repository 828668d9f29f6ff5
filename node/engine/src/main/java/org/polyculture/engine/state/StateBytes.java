package org.polyculture.engine.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.polyculture.engine.model.ModelTensors;
import org.polyculture.engine.model.ParameterLayout;

/**
 * The canonical serialisation of a {@link TrainingState} (docs/state.md §2) as a read-only byte
 * sequence that is produced on demand: any range can be copied out without materialising the whole
 * encoding, which lets the state hash fill and hash its chunks in parallel.
 */
public final class StateBytes {

  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] header;
  private final ModelTensors[] sections;
  private final long[] tensorStarts;
  private final long sectionLength;
  private final long length;

  StateBytes(TrainingState state) {
    this.header = StateCodec.header(state);
    this.sections =
        new ModelTensors[] {state.parameters(), state.firstMoments(), state.secondMoments()};
    ParameterLayout layout = state.parameters().layout();
    this.tensorStarts = new long[layout.count() + 1];
    for (int i = 0; i < layout.count(); i++) {
      tensorStarts[i + 1] = tensorStarts[i] + layout.get(i).size();
    }
    this.sectionLength = tensorStarts[layout.count()] * Float.BYTES;
    this.length = header.length + 3 * sectionLength;
  }

  public static StateBytes of(TrainingState state) {
    return new StateBytes(state);
  }

  /** Total number of bytes. */
  public long length() {
    return length;
  }

  /** Copies bytes {@code [offset, offset + count)} into {@code into} at {@code intoOffset}. */
  public void copy(long offset, byte[] into, int intoOffset, int count) {
    if (offset < 0 || count < 0 || offset + count > length) {
      throw new IndexOutOfBoundsException(
          "range [" + offset + ", " + (offset + count) + ") of " + length + " bytes");
    }
    long position = offset;
    int written = 0;
    if (position < header.length) {
      int n = (int) Math.min(count, header.length - position);
      System.arraycopy(header, (int) position, into, intoOffset, n);
      position += n;
      written += n;
    }
    while (written < count) {
      long inValues = position - header.length;
      int section = (int) (inValues / sectionLength);
      long byteInSection = inValues % sectionLength;
      long element = byteInSection / Float.BYTES;
      int tensor = tensorOf(element);
      int elementInTensor = (int) (element - tensorStarts[tensor]);
      int byteInElement = (int) (byteInSection % Float.BYTES);
      int remaining = count - written;
      if (byteInElement != 0 || remaining < Float.BYTES) {
        // A range that starts or ends inside a float: copy the float's bytes one by one.
        byte[] bytes = new byte[Float.BYTES];
        INT_LE.set(bytes, 0, canonicalBits(sections[section].get(tensor, elementInTensor)));
        int n = Math.min(Float.BYTES - byteInElement, remaining);
        System.arraycopy(bytes, byteInElement, into, intoOffset + written, n);
        position += n;
        written += n;
        continue;
      }
      int available = (int) (tensorStarts[tensor + 1] - element);
      int floats = Math.min(available, remaining / Float.BYTES);
      sections[section].copyCanonicalBytes(
          tensor, elementInTensor, floats, into, intoOffset + written);
      position += (long) floats * Float.BYTES;
      written += floats * Float.BYTES;
    }
  }

  /** The whole encoding as one array; only for states below 2 GiB. */
  public byte[] toArray() {
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("a state of " + length + " bytes does not fit one array");
    }
    byte[] bytes = new byte[(int) length];
    copy(0, bytes, 0, bytes.length);
    return bytes;
  }

  private int tensorOf(long element) {
    int low = 0;
    int high = tensorStarts.length - 2;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (tensorStarts[mid] <= element) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }

  static int canonicalBits(float value) {
    // floatToIntBits maps every NaN to 0x7FC00000, the canonical NaN of docs/numerics.md §1.1.
    return Float.floatToIntBits(value);
  }
}
