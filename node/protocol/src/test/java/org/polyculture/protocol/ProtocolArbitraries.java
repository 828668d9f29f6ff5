package org.polyculture.protocol;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.apache.tuweni.bytes.Bytes32;

/** Generators for protocol values, shared by the property tests. */
public final class ProtocolArbitraries {

  private ProtocolArbitraries() {}

  public static Arbitrary<Bytes32> bytes32() {
    return Arbitraries.bytes().array(byte[].class).ofSize(Bytes32.SIZE).map(Bytes32::wrap);
  }

  /** {@code word} with bit {@code bit} (0..255) flipped. */
  public static Bytes32 flipBit(Bytes32 word, int bit) {
    byte[] bytes = word.toArray();
    bytes[bit / 8] ^= (byte) (1 << (bit % 8));
    return Bytes32.wrap(bytes);
  }
}
