package org.polyculture.worker.cuda;

import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * Hashing on the CUDA device while the next step runs: the gathering stays on the default stream,
 * in order with the steps; an event then lets the non-blocking hash stream start the leaf hashing
 * and copy the digests into page-locked host memory, and a second event tells the host when they
 * are there. Two staging slots alternate, so the state of step {@code s} is hashed during step
 * {@code s + 1} and its slot is free again before step {@code s + 2} is staged.
 */
final class CudaHashLane implements HashLane {

  private static final int SLOTS = 2;

  private final CudaDriver driver;
  private final CudaDriver.Event[] gathered = new CudaDriver.Event[SLOTS];
  private final CudaDriver.Event[] done = new CudaDriver.Event[SLOTS];
  private final CudaDriver.PinnedBuffer[] pinned = new CudaDriver.PinnedBuffer[SLOTS];
  private final int[] pinnedBytes = new int[SLOTS];
  private final Digests[] inFlight = new Digests[SLOTS];

  CudaHashLane(CudaDriver driver) {
    this.driver = driver;
    for (int slot = 0; slot < SLOTS; slot++) {
      gathered[slot] = driver.event();
      done[slot] = driver.event();
    }
  }

  @Override
  public int slots() {
    return SLOTS;
  }

  @Override
  public void awaitSlot(int slot) {
    if (inFlight[slot] != null) {
      inFlight[slot].get();
      inFlight[slot] = null;
    }
  }

  @Override
  public void gather(Launch launch) {
    driver.run(launch);
  }

  @Override
  public Supplier<ByteBuffer> hash(int slot, Launch leaves, long digests, int bytes) {
    awaitSlot(slot);
    if (pinnedBytes[slot] < bytes) {
      if (pinned[slot] != null) {
        pinned[slot].close();
      }
      pinned[slot] = driver.pinned(bytes);
      pinnedBytes[slot] = bytes;
    }
    gathered[slot].recordOnDefaultStream();
    gathered[slot].hashStreamWaits();
    driver.runOnHashStream(leaves);
    pinned[slot].copyFromDeviceOnHashStream(digests, bytes);
    done[slot].recordOnHashStream();
    Digests result = new Digests(slot, bytes);
    inFlight[slot] = result;
    return result;
  }

  /** The digests of one hash: copied out of the slot's pinned buffer once they have arrived. */
  private final class Digests implements Supplier<ByteBuffer> {
    private final int slot;
    private final int bytes;
    private ByteBuffer copy;

    Digests(int slot, int bytes) {
      this.slot = slot;
      this.bytes = bytes;
    }

    @Override
    public synchronized ByteBuffer get() {
      if (copy == null) {
        done[slot].synchronize();
        byte[] words = new byte[bytes];
        pinned[slot].buffer().duplicate().get(0, words);
        copy = ByteBuffer.wrap(words);
      }
      return copy;
    }
  }

  @Override
  public void close() {
    for (int slot = 0; slot < SLOTS; slot++) {
      awaitSlot(slot);
      gathered[slot].close();
      done[slot].close();
      if (pinned[slot] != null) {
        pinned[slot].close();
      }
    }
  }
}
