package org.polyculture.contracts;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.web3j.crypto.Hash;

/**
 * Test-side step Merkle tree, as protocol v1 defines it: leaf t is
 * keccak256(keccak256(abi.encode(uint64 t, bytes32 stateHash))), inner nodes hash their two
 * children in sorted order (OpenZeppelin's commutative hashing), and an odd node at the end of a
 * level moves up unchanged.
 */
final class StepTree {

  private final long firstStep;
  private final List<List<byte[]>> levels = new ArrayList<>();

  StepTree(long firstStep, List<byte[]> stateHashes) {
    if (stateHashes.isEmpty()) {
      throw new IllegalArgumentException("a step tree needs at least one step");
    }
    this.firstStep = firstStep;
    List<byte[]> level = new ArrayList<>();
    for (int i = 0; i < stateHashes.size(); i++) {
      level.add(leaf(firstStep + i, stateHashes.get(i)));
    }
    levels.add(level);
    while (level.size() > 1) {
      List<byte[]> parent = new ArrayList<>();
      for (int i = 0; i < level.size(); i += 2) {
        parent.add(i + 1 < level.size() ? hashPair(level.get(i), level.get(i + 1)) : level.get(i));
      }
      levels.add(parent);
      level = parent;
    }
  }

  static byte[] leaf(long step, byte[] stateHash) {
    ByteBuffer encoded = ByteBuffer.allocate(64);
    encoded.position(24).putLong(step).put(stateHash);
    return Hash.sha3(Hash.sha3(encoded.array()));
  }

  static byte[] hashPair(byte[] a, byte[] b) {
    byte[] concatenated = new byte[64];
    boolean aFirst = Arrays.compareUnsigned(a, b) <= 0;
    System.arraycopy(aFirst ? a : b, 0, concatenated, 0, 32);
    System.arraycopy(aFirst ? b : a, 0, concatenated, 32, 32);
    return Hash.sha3(concatenated);
  }

  byte[] root() {
    return levels.get(levels.size() - 1).get(0);
  }

  List<byte[]> proof(long step) {
    int index = Math.toIntExact(step - firstStep);
    List<byte[]> proof = new ArrayList<>();
    for (int depth = 0; depth < levels.size() - 1; depth++) {
      List<byte[]> level = levels.get(depth);
      int sibling = index ^ 1;
      if (sibling < level.size()) {
        proof.add(level.get(sibling));
      }
      index /= 2;
    }
    return proof;
  }
}
