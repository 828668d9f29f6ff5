package org.polyculture.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.transfer.server.ServableState;

/**
 * Seeded state-like byte strings and their trees, for transfer tests (the bytes are not decoded).
 */
public final class TestStates {

  private TestStates() {}

  /** {@code length} seeded bytes served as a state. */
  public static InMemoryState of(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return new InMemoryState(bytes);
  }

  /** A state held as bytes, with its tree and hash computed as docs/state.md §3 says. */
  public static final class InMemoryState implements ServableState {
    private final byte[] bytes;
    private final ChunkTree tree;

    InMemoryState(byte[] bytes) {
      this.bytes = bytes;
      List<Bytes32> leaves = new ArrayList<>();
      int chunks = (int) ChunkTree.chunkCount(bytes.length);
      for (int i = 0; i < chunks; i++) {
        int from = i * ChunkTree.CHUNK_SIZE;
        int to = Math.min(bytes.length, from + ChunkTree.CHUNK_SIZE);
        leaves.add(StateHasher.leafHash(bytes, from, to - from));
      }
      this.tree = new ChunkTree(bytes.length, leaves);
    }

    public byte[] bytes() {
      return bytes.clone();
    }

    public Bytes32 hash() {
      return StateHasher.hashSerialized(Bytes.wrap(bytes));
    }

    @Override
    public ChunkTree tree() {
      return tree;
    }

    @Override
    public Bytes chunk(int index) {
      long offset = tree.chunkOffset(index);
      return Bytes.wrap(bytes, (int) offset, tree.chunkLength(index));
    }
  }
}
