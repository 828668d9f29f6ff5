package org.polyculture.worker.cuda;

import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A state hash the device is still computing (it overlaps the next training step); {@link #join()}
 * waits for the leaf digests and forms the tree on the host.
 */
public final class PendingStateHash {

  private final Supplier<Bytes32> completion;
  private Bytes32 hash;

  PendingStateHash(Supplier<Bytes32> completion) {
    this.completion = completion;
  }

  /** The state hash, waiting for the device if it is not done yet. */
  public synchronized Bytes32 join() {
    if (hash == null) {
      hash = completion.get();
    }
    return hash;
  }
}
