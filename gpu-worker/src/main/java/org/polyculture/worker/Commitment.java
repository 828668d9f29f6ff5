package org.polyculture.worker;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.crypto.Keccak256;

/** The three values a segment's commitment carries on chain. */
public record Commitment(Bytes32 startStateHash, Bytes32 stepRoot, Bytes32 endStateHash) {

  public Commitment {
    Objects.requireNonNull(startStateHash, "startStateHash");
    Objects.requireNonNull(stepRoot, "stepRoot");
    Objects.requireNonNull(endStateHash, "endStateHash");
  }

  /** {@code keccak256(abi.encode(start, stepRoot, end))}: the word the ledger stores. */
  public Bytes32 digest() {
    return Keccak256.hash(Bytes.concatenate(startStateHash, stepRoot, endStateHash));
  }
}
