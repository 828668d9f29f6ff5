package org.polyculture.protocol.merkle;

import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.crypto.Keccak256;

/**
 * The sibling hashes from a leaf up to the root of a {@link KeccakMerkleTree}, in the order
 * OpenZeppelin's {@code MerkleProof.verify(bytes32[] proof, bytes32 root, bytes32 leaf)} takes
 * them. Pairs are hashed sorted, so a proof carries no left/right flags.
 */
public record MerkleProof(List<Bytes32> siblings) {

  /**
   * Deep enough for any tree with up to 2^64 leaves; bounds the work of checking a peer's proof.
   */
  public static final int MAX_DEPTH = 64;

  public MerkleProof {
    siblings = List.copyOf(siblings);
    if (siblings.size() > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "a proof has at most " + MAX_DEPTH + " siblings, not " + siblings.size());
    }
  }

  /** The root this proof leads to from {@code leaf} (OpenZeppelin {@code processProof}). */
  public Bytes32 rootFrom(Bytes32 leaf) {
    Bytes32 node = leaf;
    for (Bytes32 sibling : siblings) {
      node = Keccak256.commutative(node, sibling);
    }
    return node;
  }

  /** Whether this proof leads from {@code leaf} to {@code root}. */
  public boolean verify(Bytes32 root, Bytes32 leaf) {
    return rootFrom(leaf).equals(root);
  }

  public int depth() {
    return siblings.size();
  }
}
