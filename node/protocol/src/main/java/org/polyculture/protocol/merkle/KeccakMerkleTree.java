package org.polyculture.protocol.merkle;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.crypto.Keccak256;

/**
 * A binary Merkle tree over 32-byte leaves that OpenZeppelin 5.3's {@code MerkleProof.verify}
 * accepts: each internal node is {@code commutativeKeccak256} of its two children (lower word
 * first); at a level with an odd number of nodes the last one is promoted to the next level
 * unchanged; the root of a single leaf is that leaf.
 *
 * <p>Leaves are used as given, in the given order. Callers hash their leaf data twice (as
 * OpenZeppelin recommends) so that a leaf can never be mistaken for an internal node: see {@link
 * StepLeaf}.
 */
public final class KeccakMerkleTree {

  /** The number of leaves a tree may have: a proof then has at most 31 siblings. */
  public static final int MAX_LEAVES = 1 << 30;

  /** levels.get(0) are the leaves, the last level holds only the root. */
  private final List<Bytes32[]> levels;

  private KeccakMerkleTree(List<Bytes32[]> levels) {
    this.levels = levels;
  }

  public static KeccakMerkleTree of(List<Bytes32> leaves) {
    if (leaves.isEmpty()) {
      throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
    }
    if (leaves.size() > MAX_LEAVES) {
      throw new IllegalArgumentException(
          "a Merkle tree has at most " + MAX_LEAVES + " leaves, not " + leaves.size());
    }
    List<Bytes32[]> levels = new ArrayList<>();
    Bytes32[] level = leaves.toArray(new Bytes32[0]);
    for (Bytes32 leaf : level) {
      if (leaf == null) {
        throw new IllegalArgumentException("a Merkle leaf must not be null");
      }
    }
    levels.add(level);
    while (level.length > 1) {
      Bytes32[] parent = new Bytes32[(level.length + 1) / 2];
      for (int i = 0; i + 1 < level.length; i += 2) {
        parent[i / 2] = Keccak256.commutative(level[i], level[i + 1]);
      }
      if (level.length % 2 == 1) {
        parent[parent.length - 1] = level[level.length - 1];
      }
      levels.add(parent);
      level = parent;
    }
    return new KeccakMerkleTree(levels);
  }

  /** The root of the tree over {@code leaves}, without keeping the tree. */
  public static Bytes32 rootOf(List<Bytes32> leaves) {
    return of(leaves).root();
  }

  public Bytes32 root() {
    return levels.get(levels.size() - 1)[0];
  }

  public int size() {
    return levels.get(0).length;
  }

  public Bytes32 leaf(int index) {
    checkIndex(index);
    return levels.get(0)[index];
  }

  /** The proof that the leaf at {@code index} is in this tree. */
  public MerkleProof proof(int index) {
    checkIndex(index);
    List<Bytes32> siblings = new ArrayList<>();
    int position = index;
    for (int depth = 0; depth < levels.size() - 1; depth++) {
      Bytes32[] level = levels.get(depth);
      int sibling = position ^ 1;
      // A promoted node has no sibling at this level.
      if (sibling < level.length) {
        siblings.add(level[sibling]);
      }
      position >>= 1;
    }
    return new MerkleProof(siblings);
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(
          "leaf " + index + " of a tree with " + size() + " leaves");
    }
  }
}
