package org.polyculture.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.polyculture.protocol.ProtocolGenerators.EDGE_WORDS;
import static org.polyculture.protocol.ProtocolGenerators.bytes32;
import static org.polyculture.protocol.ProtocolGenerators.flipBit;
import static org.polyculture.protocol.ProtocolGenerators.ints;
import static org.quicktheories.QuickTheory.qt;

import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

class HashingTest {

  /** Hashing is cheap, so each property runs a thousand examples. */
  private static final int EXAMPLES = 1_000;

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

  @Test
  void pairHashIsKeccakOfConcatenation() {
    qt().withExamples(EXAMPLES)
        .forAll(wordPairs())
        .checkAssert(pair -> assertPairHashIsKeccakOfConcatenation(pair._1, pair._2));
  }

  @Test
  void commutativeHashPutsTheLowerWordFirst() {
    qt().withExamples(EXAMPLES)
        .forAll(wordPairs())
        .checkAssert(pair -> assertCommutativeHashPutsTheLowerWordFirst(pair._1, pair._2));
  }

  @Test
  void unsignedComparisonAgreesWithBigIntegers() {
    qt().withExamples(EXAMPLES)
        .forAll(wordPairs())
        .checkAssert(pair -> assertUnsignedComparisonAgreesWithBigIntegers(pair._1, pair._2));
  }

  @Test
  void hashPropertiesHoldForEveryPairOfEdgeWords() {
    for (Bytes32 a : EDGE_WORDS) {
      for (Bytes32 b : EDGE_WORDS) {
        assertPairHashIsKeccakOfConcatenation(a, b);
        assertCommutativeHashPutsTheLowerWordFirst(a, b);
        assertUnsignedComparisonAgreesWithBigIntegers(a, b);
      }
    }
  }

  private static void assertPairHashIsKeccakOfConcatenation(Bytes32 first, Bytes32 second) {
    assertThat(Keccak256.hash(first, second))
        .isEqualTo(Keccak256.hash(Bytes.concatenate(first, second)));
  }

  private static void assertCommutativeHashPutsTheLowerWordFirst(Bytes32 a, Bytes32 b) {
    Bytes32 expected =
        a.toUnsignedBigInteger().compareTo(b.toUnsignedBigInteger()) <= 0
            ? Keccak256.hash(Bytes.concatenate(a, b))
            : Keccak256.hash(Bytes.concatenate(b, a));

    assertThat(Keccak256.commutative(a, b)).isEqualTo(expected);
    assertThat(Keccak256.commutative(b, a)).isEqualTo(expected);
  }

  private static void assertUnsignedComparisonAgreesWithBigIntegers(Bytes32 a, Bytes32 b) {
    assertThat(Integer.signum(Keccak256.compareUnsigned(a, b)))
        .isEqualTo(a.toUnsignedBigInteger().compareTo(b.toUnsignedBigInteger()));
  }

  /**
   * Two independent words half the time; otherwise equal words or words one bit apart, which
   * independent draws never give and which make a comparison read past the first bytes.
   */
  private static Gen<Pair<Bytes32, Bytes32>> wordPairs() {
    return bytes32()
        .zip(
            bytes32(),
            ints(0, 255),
            ints(0, 9),
            (first, other, bit, kind) ->
                Pair.of(first, kind == 0 ? first : kind <= 4 ? flipBit(first, bit) : other));
  }

  private static Bytes ascii(String text) {
    return Bytes.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }
}
