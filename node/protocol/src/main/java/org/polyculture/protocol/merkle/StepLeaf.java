package org.polyculture.protocol.merkle;

import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.crypto.AbiWords;
import org.polyculture.protocol.crypto.Keccak256;

/**
 * What a segment's step root commits to for one step: the global step index and the hash of the
 * training state after that step.
 *
 * @param step global step index in the job, from 0
 * @param stateHash hash of the canonical state after the step
 */
public record StepLeaf(long step, Bytes32 stateHash) {

  public StepLeaf {
    if (step < 0) {
      throw new IllegalArgumentException("a step index is not negative: " + step);
    }
    if (stateHash == null) {
      throw new IllegalArgumentException("the state hash of step " + step + " must be set");
    }
  }

  /** {@code abi.encode(uint64 step, bytes32 stateHash)}: 64 bytes. */
  public Bytes abiEncoded() {
    return AbiWords.encode(AbiWords.uint(step), stateHash);
  }

  /**
   * The Merkle leaf {@code keccak256(bytes.concat(keccak256(abi.encode(uint64 step, bytes32
   * stateHash))))}.
   */
  public Bytes32 hash() {
    return Keccak256.hash(Keccak256.hash(abiEncoded()));
  }
}
