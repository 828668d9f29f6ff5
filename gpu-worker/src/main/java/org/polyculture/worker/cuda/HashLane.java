package org.polyculture.worker.cuda;

import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * Where the state hasher's launches run. On the CUDA backend the gathering runs in step order on
 * the default stream and the leaf hashing on a second stream, overlapping the next step; the kernel
 * emulation runs both at once.
 */
interface HashLane extends AutoCloseable {

  /** How many staging buffers may be in flight at once. */
  int slots();

  /** Waits until the hash last started in {@code slot} no longer reads its staging buffer. */
  void awaitSlot(int slot);

  /** Runs the gathering launch after all work issued before it. */
  void gather(Launch launch);

  /**
   * Runs the leaf hashing launch after the gathering and returns the digests' words (device byte
   * order) once they are on the host.
   */
  Supplier<ByteBuffer> hash(int slot, Launch leaves, long digests, int bytes);

  @Override
  void close();
}
