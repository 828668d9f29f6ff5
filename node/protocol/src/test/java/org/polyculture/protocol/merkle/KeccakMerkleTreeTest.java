package org.polyculture.protocol.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.polyculture.protocol.ProtocolGenerators.EDGE_WORDS;
import static org.polyculture.protocol.ProtocolGenerators.bytes32;
import static org.polyculture.protocol.ProtocolGenerators.flipBit;
import static org.polyculture.protocol.ProtocolGenerators.ints;
import static org.polyculture.protocol.ProtocolGenerators.lists;
import static org.polyculture.protocol.crypto.Keccak256.commutative;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.protocol.crypto.Keccak256;

class KeccakMerkleTreeTest {

  /**
   * Caps shrinking: after a failure QuickTheories re-runs the property on up to this many smaller
   * inputs.
   */
  private static final int SHRINK_CYCLES = 1_000;

  @Test
  void singleLeafIsItsOwnRootWithAnEmptyProof() {
    Bytes32 leaf = leaf(7);
    KeccakMerkleTree tree = KeccakMerkleTree.of(List.of(leaf));

    assertThat(tree.root()).isEqualTo(leaf);
    assertThat(tree.proof(0).siblings()).isEmpty();
    assertThat(tree.proof(0).verify(leaf, leaf)).isTrue();
  }

  @Test
  void smallTreesHaveTheExpectedShape() {
    List<Bytes32> l = leaves(5);

    assertThat(KeccakMerkleTree.rootOf(l.subList(0, 2))).isEqualTo(commutative(l.get(0), l.get(1)));
    // Three leaves: the third is promoted to the second level.
    assertThat(KeccakMerkleTree.rootOf(l.subList(0, 3)))
        .isEqualTo(commutative(commutative(l.get(0), l.get(1)), l.get(2)));
    assertThat(KeccakMerkleTree.rootOf(l.subList(0, 4)))
        .isEqualTo(commutative(commutative(l.get(0), l.get(1)), commutative(l.get(2), l.get(3))));
    // Five leaves: the fifth is promoted twice.
    assertThat(KeccakMerkleTree.rootOf(l))
        .isEqualTo(
            commutative(
                commutative(commutative(l.get(0), l.get(1)), commutative(l.get(2), l.get(3))),
                l.get(4)));
  }

  @Test
  void promotedLeafHasAShorterProof() {
    KeccakMerkleTree tree = KeccakMerkleTree.of(leaves(5));

    assertThat(tree.proof(0).depth()).isEqualTo(3);
    assertThat(tree.proof(4).siblings())
        .containsExactly(
            commutative(
                commutative(tree.leaf(0), tree.leaf(1)), commutative(tree.leaf(2), tree.leaf(3))));
  }

  @Test
  void everyProofVerifiesForEveryTreeSizeUpTo130() {
    for (int size = 1; size <= 130; size++) {
      List<Bytes32> leaves = leaves(size);
      KeccakMerkleTree tree = KeccakMerkleTree.of(leaves);
      assertThat(tree.root()).isEqualTo(referenceRoot(leaves));
      for (int i = 0; i < size; i++) {
        MerkleProof proof = tree.proof(i);
        assertThat(proof.verify(tree.root(), leaves.get(i))).as("leaf %d of %d", i, size).isTrue();
        assertThat(proof.depth()).isLessThanOrEqualTo(ceilLog2(size));
      }
    }
  }

  @Test
  void everyProofVerifies() {
    qt().withExamples(200)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(lists(bytes32(), 1, 300))
        .checkAssert(KeccakMerkleTreeTest::assertEveryProofVerifies);
  }

  @Test
  void flippedBitInLeafProofOrRootFailsVerification() {
    qt().withExamples(300)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(lists(bytes32(), 1, 300), ints(0, 1 << 20), ints(0, 255))
        .checkAssert(KeccakMerkleTreeTest::assertFlippedBitFailsVerification);
  }

  @Test
  void truncatedOrExtendedProofFailsVerification() {
    qt().withExamples(200)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(lists(bytes32(), 2, 300), ints(0, 1 << 20))
        .checkAssert(KeccakMerkleTreeTest::assertTruncatedOrExtendedProofFailsVerification);
  }

  /**
   * Trees whose leaves are all one edge word: equal siblings at every level, sizes at the ends of
   * the generated range and around powers of two.
   */
  @Test
  void proofPropertiesHoldForTreesOfEqualEdgeLeaves() {
    for (Bytes32 word : EDGE_WORDS) {
      for (int size : List.of(1, 2, 3, 4, 5, 127, 128, 129, 299, 300)) {
        List<Bytes32> leaves = Collections.nCopies(size, word);
        assertEveryProofVerifies(leaves);
        for (int pick : List.of(0, size - 1)) {
          for (int bit : List.of(0, 7, 8, 255)) {
            assertFlippedBitFailsVerification(leaves, pick, bit);
          }
          if (size >= 2) {
            assertTruncatedOrExtendedProofFailsVerification(leaves, pick);
          }
        }
      }
    }
  }

  @Test
  void shouldRejectEmptyTreesAndBadIndices() {
    assertThatThrownBy(() -> KeccakMerkleTree.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    KeccakMerkleTree tree = KeccakMerkleTree.of(leaves(3));
    assertThatThrownBy(() -> tree.proof(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> tree.proof(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void shouldRejectProofsDeeperThanTheLimit() {
    List<Bytes32> siblings = new ArrayList<>();
    for (int i = 0; i <= MerkleProof.MAX_DEPTH; i++) {
      siblings.add(Bytes32.ZERO);
    }
    assertThatThrownBy(() -> new MerkleProof(siblings))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertEveryProofVerifies(List<Bytes32> leaves) {
    KeccakMerkleTree tree = KeccakMerkleTree.of(leaves);

    for (int i = 0; i < leaves.size(); i++) {
      assertThat(tree.proof(i).verify(tree.root(), leaves.get(i))).as("leaf %d", i).isTrue();
    }
    assertThat(tree.root()).isEqualTo(referenceRoot(leaves));
  }

  private static void assertFlippedBitFailsVerification(List<Bytes32> leaves, int pick, int bit) {
    KeccakMerkleTree tree = KeccakMerkleTree.of(leaves);
    int index = pick % leaves.size();
    MerkleProof proof = tree.proof(index);
    Bytes32 leaf = leaves.get(index);

    assertThat(proof.verify(tree.root(), flipBit(leaf, bit))).as("flipped leaf").isFalse();
    assertThat(proof.verify(flipBit(tree.root(), bit), leaf)).as("flipped root").isFalse();
    for (int s = 0; s < proof.depth(); s++) {
      List<Bytes32> siblings = new ArrayList<>(proof.siblings());
      siblings.set(s, flipBit(siblings.get(s), bit));
      assertThat(new MerkleProof(siblings).verify(tree.root(), leaf)).as("sibling %d", s).isFalse();
    }
  }

  private static void assertTruncatedOrExtendedProofFailsVerification(
      List<Bytes32> leaves, int pick) {
    KeccakMerkleTree tree = KeccakMerkleTree.of(leaves);
    int index = pick % leaves.size();
    List<Bytes32> siblings = tree.proof(index).siblings();

    MerkleProof truncated = new MerkleProof(siblings.subList(0, siblings.size() - 1));
    List<Bytes32> longer = new ArrayList<>(siblings);
    longer.add(leaves.get(0));
    assertThat(truncated.verify(tree.root(), leaves.get(index))).as("truncated").isFalse();
    assertThat(new MerkleProof(longer).verify(tree.root(), leaves.get(index)))
        .as("extended")
        .isFalse();
  }

  /**
   * The root built again from the definition, with lists and BigInteger ordering instead of the
   * tree's arrays and byte comparison.
   */
  private static Bytes32 referenceRoot(List<Bytes32> leaves) {
    List<Bytes32> level = leaves;
    while (level.size() > 1) {
      List<Bytes32> next = new ArrayList<>();
      for (int i = 0; i < level.size(); i += 2) {
        if (i + 1 == level.size()) {
          next.add(level.get(i));
        } else {
          Bytes32 a = level.get(i);
          Bytes32 b = level.get(i + 1);
          boolean aFirst = a.toUnsignedBigInteger().compareTo(b.toUnsignedBigInteger()) < 0;
          next.add(Keccak256.hash(aFirst ? Bytes.concatenate(a, b) : Bytes.concatenate(b, a)));
        }
      }
      level = next;
    }
    return level.get(0);
  }

  private static int ceilLog2(int n) {
    return n == 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
  }

  static List<Bytes32> leaves(int count) {
    List<Bytes32> leaves = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      leaves.add(leaf(i));
    }
    return leaves;
  }

  private static Bytes32 leaf(int i) {
    return Keccak256.hash(Bytes.ofUnsignedInt(i));
  }
}
