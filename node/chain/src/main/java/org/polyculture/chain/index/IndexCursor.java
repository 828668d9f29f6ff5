package org.polyculture.chain.index;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** The last block whose logs are indexed, and its hash (to notice when the chain replaced it). */
public record IndexCursor(long block, Bytes32 blockHash) {

  static final int ENCODED_SIZE = Long.BYTES + Bytes32.SIZE;

  public IndexCursor {
    Objects.requireNonNull(blockHash, "blockHash");
    if (block < 0) {
      throw new IllegalArgumentException("block must not be negative: " + block);
    }
  }

  Bytes encode() {
    return Bytes.concatenate(Bytes.ofUnsignedLong(block), blockHash);
  }

  static IndexCursor decode(Bytes encoded) {
    if (encoded.size() != ENCODED_SIZE) {
      throw new IllegalStateException(
          "a stored index cursor has " + encoded.size() + " bytes, not " + ENCODED_SIZE);
    }
    return new IndexCursor(
        encoded.getLong(0), Bytes32.wrap(encoded.slice(Long.BYTES, Bytes32.SIZE)));
  }
}
