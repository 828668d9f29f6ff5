package org.polyculture.protocol.crypto;

import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Ethereum's keccak256 (the original Keccak padding, not FIPS SHA3-256), as Solidity's {@code
 * keccak256} computes it.
 */
public final class Keccak256 {

  private Keccak256() {}

  public static Bytes32 hash(Bytes input) {
    KeccakDigest digest = new KeccakDigest(256);
    byte[] bytes = input.toArrayUnsafe();
    digest.update(bytes, 0, bytes.length);
    byte[] out = new byte[Bytes32.SIZE];
    digest.doFinal(out, 0);
    return Bytes32.wrap(out);
  }

  /** {@code keccak256(bytes.concat(first, second))}. */
  public static Bytes32 hash(Bytes32 first, Bytes32 second) {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(first.toArrayUnsafe(), 0, Bytes32.SIZE);
    digest.update(second.toArrayUnsafe(), 0, Bytes32.SIZE);
    byte[] out = new byte[Bytes32.SIZE];
    digest.doFinal(out, 0);
    return Bytes32.wrap(out);
  }

  /**
   * The hash of a sorted pair, OpenZeppelin 5.3 {@code Hashes.commutativeKeccak256}: the two words
   * are concatenated lower first (as unsigned 256-bit numbers), so the result does not depend on
   * their order.
   */
  public static Bytes32 commutative(Bytes32 a, Bytes32 b) {
    return compareUnsigned(a, b) < 0 ? hash(a, b) : hash(b, a);
  }

  /** Compares two words as unsigned big-endian 256-bit numbers. */
  public static int compareUnsigned(Bytes32 a, Bytes32 b) {
    for (int i = 0; i < Bytes32.SIZE; i++) {
      int c = Integer.compare(a.get(i) & 0xFF, b.get(i) & 0xFF);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
