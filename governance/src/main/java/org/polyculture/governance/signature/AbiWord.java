package org.polyculture.governance.signature;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** 32-byte ABI words of the static types EIP-712 structs here use. */
final class AbiWord {

  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

  private AbiWord() {}

  static Bytes32 uint(BigInteger value) {
    if (value.signum() < 0 || value.compareTo(TWO_256) >= 0) {
      throw new IllegalArgumentException("not a uint256: " + value);
    }
    byte[] raw = value.toByteArray();
    Bytes bytes = Bytes.wrap(raw);
    if (raw.length == 33) {
      bytes = bytes.slice(1);
    }
    return Bytes32.leftPad(bytes);
  }

  static Bytes32 address(String address) {
    return Bytes32.leftPad(Bytes.fromHexString(address));
  }
}
