package org.polyculture.protocol.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.polyculture.protocol.ProtocolGenerators.EDGE_WORDS;
import static org.polyculture.protocol.ProtocolGenerators.bytes32;
import static org.polyculture.protocol.ProtocolGenerators.flipBit;
import static org.polyculture.protocol.ProtocolGenerators.ints;
import static org.polyculture.protocol.ProtocolGenerators.lists;
import static org.polyculture.protocol.ProtocolGenerators.longs;
import static org.quicktheories.QuickTheory.qt;

import java.util.Collections;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.protocol.crypto.Keccak256;

class StepMerkleTreeTest {

  /**
   * Caps shrinking: after a failure QuickTheories re-runs the property on up to this many smaller
   * inputs.
   */
  private static final int SHRINK_CYCLES = 1_000;

  @Test
  void leafIsDoubleKeccakOfAbiEncodedStepAndStateHash() {
    Bytes32 stateHash = Bytes32.fromHexString("0x" + "ab".repeat(32));
    StepLeaf leaf = new StepLeaf(0x0102030405L, stateHash);

    Bytes expectedEncoding =
        Bytes.fromHexString("0x" + "00".repeat(27) + "0102030405" + "ab".repeat(32));
    assertThat(leaf.abiEncoded()).isEqualTo(expectedEncoding);
    assertThat(leaf.hash()).isEqualTo(Keccak256.hash(Keccak256.hash(expectedEncoding)));
  }

  @Test
  void abiEncodingRoundTrips() {
    qt().withExamples(100)
        .forAll(longs(0, Long.MAX_VALUE), bytes32())
        .checkAssert(StepMerkleTreeTest::assertAbiEncodingRoundTrips);
  }

  @Test
  void abiEncodingRoundTripsAtTheEdges() {
    for (long step : List.of(0L, 1L, Long.MAX_VALUE - 1, Long.MAX_VALUE)) {
      for (Bytes32 stateHash : EDGE_WORDS) {
        assertAbiEncodingRoundTrips(step, stateHash);
      }
    }
  }

  @Test
  void everyStepProofVerifiesAndBindsTheStepIndex() {
    qt().withShrinkCycles(SHRINK_CYCLES)
        .withExamples(100)
        .forAll(longs(0, 1L << 40), lists(bytes32(), 1, 200))
        .checkAssert(StepMerkleTreeTest::assertEveryStepProofVerifiesAndBindsTheStepIndex);
  }

  @Test
  void flippedBitInStateHashFailsVerification() {
    qt().withShrinkCycles(SHRINK_CYCLES)
        .withExamples(200)
        .forAll(lists(bytes32(), 1, 200), ints(0, 1 << 20), ints(0, 255))
        .checkAssert(StepMerkleTreeTest::assertFlippedBitInStateHashFailsVerification);
  }

  @Test
  void rootChangesWhenTheSegmentStartsElsewhere() {
    qt().withShrinkCycles(SHRINK_CYCLES)
        .withExamples(100)
        .forAll(lists(bytes32(), 1, 200), longs(0, 1L << 40))
        .checkAssert(StepMerkleTreeTest::assertRootChangesWhenTheSegmentStartsElsewhere);
  }

  /** Segments of one repeated edge word, at the first steps and sizes the properties allow. */
  @Test
  void stepTreePropertiesHoldAtTheEdges() {
    for (Bytes32 word : EDGE_WORDS) {
      for (int size : List.of(1, 2, 3, 199, 200)) {
        List<Bytes32> stateHashes = Collections.nCopies(size, word);
        for (long firstStep : List.of(0L, 1L, 1L << 40)) {
          assertEveryStepProofVerifiesAndBindsTheStepIndex(firstStep, stateHashes);
          assertRootChangesWhenTheSegmentStartsElsewhere(stateHashes, firstStep);
        }
        for (int pick : List.of(0, size - 1)) {
          for (int bit : List.of(0, 255)) {
            assertFlippedBitInStateHashFailsVerification(stateHashes, pick, bit);
          }
        }
      }
    }
  }

  @Test
  void shouldRejectEmptyOrOverflowingSegments() {
    assertThatThrownBy(() -> StepMerkleTree.of(0, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StepMerkleTree.of(-1, List.of(Bytes32.ZERO)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StepMerkleTree.of(Long.MAX_VALUE, List.of(Bytes32.ZERO, Bytes32.ZERO)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(StepMerkleTree.of(Long.MAX_VALUE, List.of(Bytes32.ZERO)).leaf(0).step())
        .isEqualTo(Long.MAX_VALUE);
  }

  private static void assertAbiEncodingRoundTrips(long step, Bytes32 stateHash) {
    Bytes encoded = new StepLeaf(step, stateHash).abiEncoded();

    StepLeaf decoded =
        new StepLeaf(
            encoded.slice(0, 32).toUnsignedBigInteger().longValueExact(),
            Bytes32.wrap(encoded.slice(32, 32)));

    assertThat(encoded.size()).isEqualTo(64);
    assertThat(decoded).isEqualTo(new StepLeaf(step, stateHash));
  }

  private static void assertEveryStepProofVerifiesAndBindsTheStepIndex(
      long firstStep, List<Bytes32> stateHashes) {
    StepMerkleTree tree = StepMerkleTree.of(firstStep, stateHashes);

    for (int i = 0; i < tree.size(); i++) {
      StepLeaf leaf = tree.leaf(i);
      assertThat(leaf).isEqualTo(new StepLeaf(firstStep + i, stateHashes.get(i)));
      assertThat(tree.leafHash(i)).isEqualTo(leaf.hash());
      assertThat(StepMerkleTree.verify(tree.root(), leaf, tree.proof(i))).isTrue();
      // The same state hash claimed for another step does not verify.
      assertThat(
              StepMerkleTree.verify(
                  tree.root(), new StepLeaf(leaf.step() + 1, leaf.stateHash()), tree.proof(i)))
          .isFalse();
    }
  }

  private static void assertFlippedBitInStateHashFailsVerification(
      List<Bytes32> stateHashes, int pick, int bit) {
    StepMerkleTree tree = StepMerkleTree.of(100, stateHashes);
    int offset = pick % tree.size();
    StepLeaf leaf = tree.leaf(offset);

    StepLeaf forged = new StepLeaf(leaf.step(), flipBit(leaf.stateHash(), bit));

    assertThat(StepMerkleTree.verify(tree.root(), forged, tree.proof(offset))).isFalse();
  }

  private static void assertRootChangesWhenTheSegmentStartsElsewhere(
      List<Bytes32> stateHashes, long firstStep) {
    assertThat(StepMerkleTree.of(firstStep, stateHashes).root())
        .isNotEqualTo(StepMerkleTree.of(firstStep + 1, stateHashes).root());
  }
}
