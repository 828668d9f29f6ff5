package org.polyculture.protocol.merkle;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The step root of a segment: a {@link KeccakMerkleTree} whose leaf at offset {@code i} is the
 * {@link StepLeaf} of global step {@code firstStep + i}. The root is what a worker commits on chain
 * as {@code stepRoot}; a proof shows the state hash of one step to a verifier or to the dispute
 * contract.
 */
public final class StepMerkleTree {

  private final long firstStep;
  private final List<Bytes32> stateHashes;
  private final KeccakMerkleTree tree;

  private StepMerkleTree(long firstStep, List<Bytes32> stateHashes, KeccakMerkleTree tree) {
    this.firstStep = firstStep;
    this.stateHashes = stateHashes;
    this.tree = tree;
  }

  /**
   * The tree of a segment whose first step is {@code firstStep}, with the state hash after each of
   * its steps in order.
   */
  public static StepMerkleTree of(long firstStep, List<Bytes32> stateHashes) {
    if (firstStep < 0) {
      throw new IllegalArgumentException("a segment's first step is not negative: " + firstStep);
    }
    if (stateHashes.isEmpty()) {
      throw new IllegalArgumentException("a segment has at least one step");
    }
    if (Long.MAX_VALUE - firstStep < stateHashes.size() - 1L) {
      throw new IllegalArgumentException("step indices of the segment overflow a uint63");
    }
    List<Bytes32> hashes = List.copyOf(stateHashes);
    List<Bytes32> leaves = new ArrayList<>(hashes.size());
    for (int i = 0; i < hashes.size(); i++) {
      leaves.add(new StepLeaf(firstStep + i, hashes.get(i)).hash());
    }
    return new StepMerkleTree(firstStep, hashes, KeccakMerkleTree.of(leaves));
  }

  /** Whether {@code proof} shows that {@code leaf} is committed by {@code stepRoot}. */
  public static boolean verify(Bytes32 stepRoot, StepLeaf leaf, MerkleProof proof) {
    return proof.verify(stepRoot, leaf.hash());
  }

  public Bytes32 root() {
    return tree.root();
  }

  public long firstStep() {
    return firstStep;
  }

  /** The number of steps in the segment. */
  public int size() {
    return tree.size();
  }

  /**
   * The leaf of the step at {@code offset} in the segment (global step {@code firstStep+offset}).
   */
  public StepLeaf leaf(int offset) {
    return new StepLeaf(firstStep + offset, stateHashes.get(offset));
  }

  /** The Merkle leaf hash at {@code offset}. */
  public Bytes32 leafHash(int offset) {
    return tree.leaf(offset);
  }

  public MerkleProof proof(int offset) {
    return tree.proof(offset);
  }
}
