package org.polyculture.worker.cuda;

/**
 * Raw device memory addressed by byte: the CUDA driver's, or the kernel emulation's in the tests.
 * Allocations are zero-filled and aligned to 256 bytes; copies are synchronous with respect to the
 * launches issued before them.
 */
interface DeviceMemory {

  long allocate(long bytes);

  void free(long address);

  void copyIn(long address, float[] values, int count);

  void copyIn(long address, int[] values, int count);

  void copyIn(long address, long[] values, int count);

  void copyIn(long address, byte[] values, int count);

  void copyOut(long address, float[] into, int count);

  void copyOut(long address, byte[] into, int count);
}
