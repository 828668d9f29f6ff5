package org.polyculture.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.protocol.ProtocolArbitraries;

class HashingTest {

  @Test
  void keccakMatchesEthereumKnownValues() {
    // Published values: keccak256("") and keccak256("abc") as Solidity computes them.
    assertThat(Keccak256.hash(Bytes.EMPTY).toHexString())
        .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    assertThat(Keccak256.hash(ascii("abc")).toHexString())
        .isEqualTo("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  }

  @Test
  void sha256MatchesFipsKnownValue() {
    assertThat(Sha256.hash(ascii("abc")).toHexString())
        .isEqualTo("0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void abiWordsAreBigEndianAndLeftPadded() {
    assertThat(AbiWords.uint(0)).isEqualTo(Bytes32.ZERO);
    assertThat(AbiWords.uint(0x0102).toHexString()).isEqualTo("0x" + "00".repeat(30) + "0102");
    assertThat(AbiWords.uint(Long.MAX_VALUE).toHexString())
        .isEqualTo("0x" + "00".repeat(24) + "7fffffffffffffff");
    assertThatThrownBy(() -> AbiWords.uint(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void pairHashIsKeccakOfConcatenation(
      @ForAll("words") Bytes32 first, @ForAll("words") Bytes32 second) {
    assertThat(Keccak256.hash(first, second))
        .isEqualTo(Keccak256.hash(Bytes.concatenate(first, second)));
  }

  @Property
  void commutativeHashPutsTheLowerWordFirst(
      @ForAll("words") Bytes32 a, @ForAll("words") Bytes32 b) {
    Bytes32 expected =
        a.toUnsignedBigInteger().compareTo(b.toUnsignedBigInteger()) <= 0
            ? Keccak256.hash(Bytes.concatenate(a, b))
            : Keccak256.hash(Bytes.concatenate(b, a));

    assertThat(Keccak256.commutative(a, b)).isEqualTo(expected);
    assertThat(Keccak256.commutative(b, a)).isEqualTo(expected);
  }

  @Property
  void unsignedComparisonAgreesWithBigIntegers(
      @ForAll("words") Bytes32 a, @ForAll("words") Bytes32 b) {
    assertThat(Integer.signum(Keccak256.compareUnsigned(a, b)))
        .isEqualTo(a.toUnsignedBigInteger().compareTo(b.toUnsignedBigInteger()));
  }

  @Provide
  Arbitrary<Bytes32> words() {
    return ProtocolArbitraries.bytes32();
  }

  private static Bytes ascii(String text) {
    return Bytes.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }
}
