package org.polyculture.transfer;

import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.state.StateHasher;

/**
 * What a node must know to check a state chunk by chunk (docs/state.md §3): the total length of the
 * canonical state bytes and the leaf hash of every 1 MiB chunk. The state hash is a function of
 * these alone ({@link #stateHash()}), so a tree received from a peer is trusted only after it
 * hashes to the state hash that was asked for; every chunk is then checked against its leaf.
 *
 * @param length bytes in the state
 * @param leaves {@code SHA-256(0x00 ‖ chunk_i)} for every chunk, in order
 */
public record ChunkTree(long length, List<Bytes32> leaves) {

  /** The chunk size every tree uses (the state hash fixes it). */
  public static final int CHUNK_SIZE = StateHasher.CHUNK_SIZE;

  public ChunkTree {
    leaves = List.copyOf(leaves);
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative: " + length);
    }
    if (leaves.size() != chunkCount(length)) {
      throw new IllegalArgumentException(
          "a state of " + length + " bytes has " + chunkCount(length) + " chunks, not " + leaves);
    }
  }

  /** Chunks in a state of {@code length} bytes: at least one (an empty state has one empty). */
  public static long chunkCount(long length) {
    return Math.max(1, (length + CHUNK_SIZE - 1) / CHUNK_SIZE);
  }

  public int chunkCount() {
    return leaves.size();
  }

  /** The state hash these leaves and this length make. */
  public Bytes32 stateHash() {
    return StateHasher.combine(leaves.toArray(Bytes32[]::new), length);
  }

  /** Where chunk {@code index} starts in the state. */
  public long chunkOffset(int index) {
    Objects.checkIndex(index, leaves.size());
    return (long) index * CHUNK_SIZE;
  }

  /** The exact length of chunk {@code index}: full but for the last. */
  public int chunkLength(int index) {
    long offset = chunkOffset(index);
    return (int) Math.min(CHUNK_SIZE, length - offset);
  }

  /** Whether {@code chunk[offset, offset + length)} is chunk {@code index} of this state. */
  public boolean matches(int index, byte[] chunk, int offset, int length) {
    return length == chunkLength(index)
        && StateHasher.leafHash(chunk, offset, length).equals(leaves.get(index));
  }
}
