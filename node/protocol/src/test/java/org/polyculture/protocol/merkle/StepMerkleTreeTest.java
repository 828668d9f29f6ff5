package org.polyculture.protocol.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.protocol.ProtocolArbitraries;
import org.polyculture.protocol.crypto.Keccak256;

class StepMerkleTreeTest {

  @Test
  void leafIsDoubleKeccakOfAbiEncodedStepAndStateHash() {
    Bytes32 stateHash = Bytes32.fromHexString("0x" + "ab".repeat(32));
    StepLeaf leaf = new StepLeaf(0x0102030405L, stateHash);

    Bytes expectedEncoding =
        Bytes.fromHexString("0x" + "00".repeat(27) + "0102030405" + "ab".repeat(32));
    assertThat(leaf.abiEncoded()).isEqualTo(expectedEncoding);
    assertThat(leaf.hash()).isEqualTo(Keccak256.hash(Keccak256.hash(expectedEncoding)));
  }

  @Property(tries = 100)
  void abiEncodingRoundTrips(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long step,
      @ForAll("words") Bytes32 stateHash) {
    Bytes encoded = new StepLeaf(step, stateHash).abiEncoded();

    StepLeaf decoded =
        new StepLeaf(
            encoded.slice(0, 32).toUnsignedBigInteger().longValueExact(),
            Bytes32.wrap(encoded.slice(32, 32)));

    assertThat(encoded.size()).isEqualTo(64);
    assertThat(decoded).isEqualTo(new StepLeaf(step, stateHash));
  }

  @Property(tries = 100)
  void everyStepProofVerifiesAndBindsTheStepIndex(
      @ForAll @LongRange(min = 0, max = 1L << 40) long firstStep,
      @ForAll("stateHashes") List<Bytes32> stateHashes) {
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

  @Property(tries = 200)
  void flippedBitInStateHashFailsVerification(
      @ForAll("stateHashes") List<Bytes32> stateHashes,
      @ForAll @IntRange(min = 0, max = 1 << 20) int pick,
      @ForAll @IntRange(min = 0, max = 255) int bit) {
    StepMerkleTree tree = StepMerkleTree.of(100, stateHashes);
    int offset = pick % tree.size();
    StepLeaf leaf = tree.leaf(offset);

    StepLeaf forged = new StepLeaf(leaf.step(), ProtocolArbitraries.flipBit(leaf.stateHash(), bit));

    assertThat(StepMerkleTree.verify(tree.root(), forged, tree.proof(offset))).isFalse();
  }

  @Property(tries = 100)
  void rootChangesWhenTheSegmentStartsElsewhere(
      @ForAll("stateHashes") List<Bytes32> stateHashes,
      @ForAll @LongRange(min = 0, max = 1L << 40) long firstStep) {
    assertThat(StepMerkleTree.of(firstStep, stateHashes).root())
        .isNotEqualTo(StepMerkleTree.of(firstStep + 1, stateHashes).root());
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

  @Provide
  Arbitrary<Bytes32> words() {
    return ProtocolArbitraries.bytes32();
  }

  @Provide
  Arbitrary<List<Bytes32>> stateHashes() {
    return ProtocolArbitraries.bytes32().list().ofMinSize(1).ofMaxSize(200);
  }
}
