package org.polyculture.worker.cuda;

import static org.polyculture.worker.cuda.KernelArg.i32;
import static org.polyculture.worker.cuda.KernelArg.i64;
import static org.polyculture.worker.cuda.KernelArg.pointer;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Supplier;
import org.polyculture.engine.tensor.TensorSpec;
import org.polyculture.worker.cuda.Launch.Dim3;

/**
 * The state hash of docs/state.md §3 over tensors that live on the device: the canonical bytes are
 * assembled in a staging buffer (header from the host, tensor values gathered with NaNs made
 * canonical), one thread hashes each 1 MiB chunk, and only the 32-byte leaf digests come back to
 * the host, which forms the tree. Staging buffers rotate so that a state can be hashed while the
 * next step runs.
 */
final class DeviceStateHasher implements AutoCloseable {

  /** The leaf hash reads up to three bytes past a chunk; keep a spare block after the state. */
  private static final int STAGING_PADDING = 256;

  private final DeviceTensors tensors;
  private final HashLane lane;
  private final long[] staging;
  private final long[] stagingBytes;
  private final long[] digests;
  private final int[] digestChunks;
  private int next;

  DeviceStateHasher(DeviceTensors tensors, HashLane lane) {
    this.tensors = tensors;
    this.lane = lane;
    this.staging = new long[lane.slots()];
    this.stagingBytes = new long[lane.slots()];
    this.digests = new long[lane.slots()];
    this.digestChunks = new int[lane.slots()];
  }

  /** Starts hashing {@code state} after the work issued so far. */
  PendingStateHash hash(ResidentState state) {
    int slot = next;
    next = (next + 1) % staging.length;
    long length = state.length();
    int chunks = StateTree.chunkCount(length);
    long bytes = stage(slot, state);
    Launch leaves =
        Launch.of(
            Kernel.SHA256_LEAVES,
            Dim3.of(KernelGeometry.ceilDiv(chunks, KernelGeometry.HASH_THREADS)),
            Dim3.of(KernelGeometry.HASH_THREADS),
            pointer(digests(slot, chunks)),
            pointer(bytes),
            i64(length),
            i32(chunks));
    Supplier<ByteBuffer> words = lane.hash(slot, leaves, digests[slot], chunks * 32);
    return new PendingStateHash(
        () -> StateTree.combine(StateTree.leaves(words.get(), chunks), length));
  }

  /** The canonical bytes of {@code state}, copied to the host (for serving a checkpoint). */
  byte[] bytes(ResidentState state) {
    long length = state.length();
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a state of " + length + " bytes does not fit one array");
    }
    int slot = next;
    next = (next + 1) % staging.length;
    long address = stage(slot, state);
    byte[] bytes = new byte[(int) length];
    tensors.memory().copyOut(address, bytes, bytes.length);
    return bytes;
  }

  /** Writes the header and gathers the tensors into the slot's staging buffer. */
  private long stage(int slot, ResidentState state) {
    lane.awaitSlot(slot);
    long length = state.length();
    long address = stagingBuffer(slot, length + STAGING_PADDING);
    tensors.memory().copyIn(address, state.header(), ResidentState.HEADER_LENGTH);
    List<List<TensorSpec>> sections = state.sections();
    int perSection = state.parameters().size();
    int segments = 3 * perSection;
    if (segments == 0) {
      return address;
    }
    long[] sources = new long[segments];
    long[] destinations = new long[segments];
    long[] lengths = new long[segments];
    long word = ResidentState.HEADER_LENGTH / 4;
    long largest = 0;
    for (int s = 0; s < 3; s++) {
      for (int i = 0; i < perSection; i++) {
        TensorSpec spec = sections.get(s).get(i);
        int segment = s * perSection + i;
        sources[segment] = tensors.floats(spec);
        destinations[segment] = word;
        lengths[segment] = spec.size();
        word += spec.size();
        largest = Math.max(largest, spec.size());
      }
    }
    if (segments > KernelGeometry.MAX_GRID_YZ) {
      throw new IllegalArgumentException(
          "a state of " + segments + " tensors is too many to gather");
    }
    lane.gather(
        Launch.of(
            Kernel.STATE_GATHER,
            new Dim3(
                Math.max(
                    1,
                    Math.min(
                        KernelGeometry.ceilDiv(largest, KernelGeometry.GATHER_THREADS),
                        KernelGeometry.MAX_STRIDE_BLOCKS / 8)),
                segments,
                1),
            Dim3.of(KernelGeometry.GATHER_THREADS),
            pointer(address),
            pointer(tensors.upload(ScratchBuffer.GATHER_SOURCES, sources)),
            pointer(tensors.upload(ScratchBuffer.GATHER_DESTINATIONS, destinations)),
            pointer(tensors.upload(ScratchBuffer.GATHER_LENGTHS, lengths))));
    return address;
  }

  private long stagingBuffer(int slot, long bytes) {
    if (stagingBytes[slot] < bytes) {
      if (stagingBytes[slot] > 0) {
        tensors.memory().free(staging[slot]);
      }
      staging[slot] = tensors.memory().allocate(bytes);
      stagingBytes[slot] = bytes;
    }
    return staging[slot];
  }

  private long digests(int slot, int chunks) {
    if (digestChunks[slot] < chunks) {
      if (digestChunks[slot] > 0) {
        tensors.memory().free(digests[slot]);
      }
      digests[slot] = tensors.memory().allocate(32L * chunks);
      digestChunks[slot] = chunks;
    }
    return digests[slot];
  }

  @Override
  public void close() {
    lane.close();
    for (int slot = 0; slot < staging.length; slot++) {
      if (stagingBytes[slot] > 0) {
        tensors.memory().free(staging[slot]);
        stagingBytes[slot] = 0;
      }
      if (digestChunks[slot] > 0) {
        tensors.memory().free(digests[slot]);
        digestChunks[slot] = 0;
      }
    }
  }
}
