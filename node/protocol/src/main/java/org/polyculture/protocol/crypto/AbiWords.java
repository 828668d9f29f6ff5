package org.polyculture.protocol.crypto;

import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The static types of Solidity's {@code abi.encode}: each value takes one 32-byte word, unsigned
 * integers big-endian and left-padded with zeros. Enough for the fixed-size tuples the protocol
 * hashes; dynamic types are never needed.
 */
public final class AbiWords {

  private AbiWords() {}

  /**
   * A {@code uintN} word for a non-negative value (every {@code uint64} the protocol uses is below
   * 2^63).
   */
  public static Bytes32 uint(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("an unsigned ABI word cannot hold " + value);
    }
    return Bytes32.leftPad(Bytes.ofUnsignedLong(value));
  }

  /** {@code abi.encode(w0, w1, ...)} of already-encoded words. */
  public static Bytes encode(Bytes32... words) {
    return Bytes.concatenate(words);
  }
}
