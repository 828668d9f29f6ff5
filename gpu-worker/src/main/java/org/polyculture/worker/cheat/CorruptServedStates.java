package org.polyculture.worker.cheat;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.transfer.ChunkTree;
import org.polyculture.transfer.server.ServableState;

/**
 * Trains and commits honestly, serves each state's true tree, but flips one bit of every chunk it
 * sends (after the 144-byte header, inside the tensor values).
 */
final class CorruptServedStates implements CheatStrategy {

  static final int FLIPPED_BYTE = 200;

  @Override
  public String name() {
    return "corrupt-served-states";
  }

  @Override
  public Optional<ServableState> serve(Bytes32 stateHash, Optional<ServableState> honest) {
    return honest.map(Corrupted::new);
  }

  private record Corrupted(ServableState honest) implements ServableState {
    @Override
    public ChunkTree tree() {
      return honest.tree();
    }

    @Override
    public Bytes chunk(int index) {
      byte[] bytes = honest.chunk(index).toArray();
      int at = Math.min(FLIPPED_BYTE, bytes.length - 1);
      if (at >= 0) {
        bytes[at] ^= 0x01;
      }
      return Bytes.wrap(bytes);
    }
  }
}
