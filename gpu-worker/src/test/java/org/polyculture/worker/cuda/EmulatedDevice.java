package org.polyculture.worker.cuda;

import java.util.Arrays;

/**
 * Device memory for the kernel emulation: one growing array of 32-bit words, addressed by byte like
 * the GPU's. Allocations are zero-filled and 256-byte aligned; address 0 is never handed out, so it
 * can stand for a null pointer as on the device.
 */
final class EmulatedDevice implements DeviceMemory {

  private static final int ALIGNMENT = 256;

  private int[] words = new int[1 << 16];
  private long next = ALIGNMENT;

  @Override
  public long allocate(long bytes) {
    long address = next;
    long end = address + ((bytes + ALIGNMENT - 1) / ALIGNMENT) * ALIGNMENT;
    // The SHA-256 kernel reads up to three bytes past a chunk; keep one spare word after the end.
    ensureCapacity(end + ALIGNMENT);
    Arrays.fill(words, (int) (address >> 2), (int) (end >> 2), 0);
    next = end;
    return address;
  }

  @Override
  public void free(long address) {
    // A bump allocator: the emulation lives only as long as one test.
  }

  private void ensureCapacity(long bytes) {
    long needed = bytes >> 2;
    if (needed > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("the emulated device holds at most 8 GiB");
    }
    if (needed > words.length) {
      words = Arrays.copyOf(words, (int) Math.max(needed, 2L * words.length));
    }
  }

  int word(long address) {
    requireAligned(address);
    return words[(int) (address >> 2)];
  }

  void setWord(long address, int value) {
    requireAligned(address);
    words[(int) (address >> 2)] = value;
  }

  float f32(long address, long index) {
    return Float.intBitsToFloat(word(address + 4 * index));
  }

  void setF32(long address, long index, float value) {
    setWord(address + 4 * index, Float.floatToRawIntBits(value));
  }

  int i32(long address, long index) {
    return word(address + 4 * index);
  }

  long i64(long address, long index) {
    long at = address + 8 * index;
    return (word(at) & 0xFFFFFFFFL) | ((long) word(at + 4) << 32);
  }

  int byteAt(long address) {
    int shift = (int) (address & 3) * 8;
    return (word(address & ~3L) >>> shift) & 0xFF;
  }

  @Override
  public void copyIn(long address, float[] values, int count) {
    for (int i = 0; i < count; i++) {
      setF32(address, i, values[i]);
    }
  }

  @Override
  public void copyIn(long address, int[] values, int count) {
    for (int i = 0; i < count; i++) {
      setWord(address + 4L * i, values[i]);
    }
  }

  @Override
  public void copyIn(long address, long[] values, int count) {
    for (int i = 0; i < count; i++) {
      setWord(address + 8L * i, (int) values[i]);
      setWord(address + 8L * i + 4, (int) (values[i] >>> 32));
    }
  }

  @Override
  public void copyIn(long address, byte[] values, int count) {
    for (int i = 0; i < count; i++) {
      long at = address + i;
      int shift = (int) (at & 3) * 8;
      int word = word(at & ~3L);
      word = (word & ~(0xFF << shift)) | ((values[i] & 0xFF) << shift);
      setWord(at & ~3L, word);
    }
  }

  @Override
  public void copyOut(long address, float[] into, int count) {
    for (int i = 0; i < count; i++) {
      into[i] = f32(address, i);
    }
  }

  @Override
  public void copyOut(long address, byte[] into, int count) {
    for (int i = 0; i < count; i++) {
      into[i] = (byte) byteAt(address + i);
    }
  }

  private static void requireAligned(long address) {
    if ((address & 3) != 0 || address <= 0) {
      throw new IllegalStateException("unaligned or null address " + address);
    }
  }
}
