package org.polyculture.engine.state;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The state hash (docs/state.md §3): a SHA-256 tree over fixed-size chunks of the canonical state
 * bytes.
 *
 * <pre>
 * leaf_i   = SHA-256(0x00 ‖ chunk_i)            chunk_i = bytes [i·2^20, min((i+1)·2^20, len))
 * node     = SHA-256(0x01 ‖ left ‖ right)       level by level; an odd last node moves up as is
 * hash     = SHA-256(0x02 ‖ u64le(len) ‖ root)
 * </pre>
 *
 * <p>Chunks are filled from a {@link StateBytes} view and hashed in parallel on the injected
 * executor, so the whole serialisation is never materialised. The result does not depend on the
 * parallelism.
 */
public final class StateHasher {

  /** Bytes per leaf chunk. */
  public static final int CHUNK_SIZE = 1 << 20;

  /** Bytes filled and hashed at a time: small enough to stay in a core's L2 cache. */
  private static final int SLICE_SIZE = 64 << 10;

  private static final byte LEAF = 0x00;
  private static final byte NODE = 0x01;
  private static final byte ROOT = 0x02;

  private final Executor executor;
  private final int parallelism;

  /**
   * @param executor runs chunk hashing tasks; the calling thread takes part as well
   * @param parallelism how many chunk tasks run at once, including the calling thread
   */
  public StateHasher(Executor executor, int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
    }
    this.executor = executor;
    this.parallelism = parallelism;
  }

  /** A hasher that works on the calling thread only. */
  public static StateHasher singleThreaded() {
    return new StateHasher(Runnable::run, 1);
  }

  public Bytes32 hash(TrainingState state) {
    StateBytes bytes = StateBytes.of(state);
    return combine(leafHashes(bytes), bytes.length());
  }

  /** The leaf hash of every chunk, in order: what a verifier checks a single chunk against. */
  public List<Bytes32> leafHashes(TrainingState state) {
    return List.of(leafHashes(StateBytes.of(state)));
  }

  /**
   * The leaf hash of one chunk, {@code SHA-256(0x00 ‖ chunk)}: what a node checks a chunk received
   * from a peer against before keeping it.
   */
  public static Bytes32 leafHash(byte[] chunk, int offset, int length) {
    MessageDigest sha256 = sha256();
    sha256.update(LEAF);
    sha256.update(chunk, offset, length);
    return Bytes32.wrap(sha256.digest());
  }

  /** The same hash over already serialised bytes, on the calling thread (the reference). */
  public static Bytes32 hashSerialized(Bytes serialized) {
    int chunks = chunkCount(serialized.size());
    Bytes32[] leaves = new Bytes32[chunks];
    MessageDigest sha256 = sha256();
    byte[] all = serialized.toArrayUnsafe();
    for (int i = 0; i < chunks; i++) {
      int from = i * CHUNK_SIZE;
      int to = (int) Math.min((long) from + CHUNK_SIZE, all.length);
      sha256.update(LEAF);
      sha256.update(all, from, to - from);
      leaves[i] = Bytes32.wrap(sha256.digest());
    }
    return combine(leaves, serialized.size());
  }

  /**
   * The state hash from the leaf hashes and the total length: the root over the leaves and the
   * final hash over the length and the root. A node that receives a state's leaves from a peer
   * recomputes the hash with this before trusting any chunk.
   */
  public static Bytes32 combine(Bytes32[] leaves, long length) {
    MessageDigest sha256 = sha256();
    List<Bytes32> level = List.of(leaves);
    while (level.size() > 1) {
      List<Bytes32> next = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i + 1 < level.size(); i += 2) {
        sha256.update(NODE);
        sha256.update(level.get(i).toArrayUnsafe());
        sha256.update(level.get(i + 1).toArrayUnsafe());
        next.add(Bytes32.wrap(sha256.digest()));
      }
      if (level.size() % 2 == 1) {
        next.add(level.get(level.size() - 1));
      }
      level = next;
    }
    sha256.update(ROOT);
    sha256.update(
        ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array());
    sha256.update(level.get(0).toArrayUnsafe());
    return Bytes32.wrap(sha256.digest());
  }

  private Bytes32[] leafHashes(StateBytes bytes) {
    int chunks = chunkCount(bytes.length());
    Bytes32[] leaves = new Bytes32[chunks];
    AtomicInteger nextChunk = new AtomicInteger();
    Runnable worker =
        () -> {
          MessageDigest sha256 = sha256();
          // Chunks are filled and hashed in slices that stay in the core's cache; the leaf hash is
          // the same SHA-256 over the whole chunk.
          byte[] slice = new byte[SLICE_SIZE];
          for (int i = nextChunk.getAndIncrement(); i < chunks; i = nextChunk.getAndIncrement()) {
            long from = (long) i * CHUNK_SIZE;
            long end = Math.min(from + CHUNK_SIZE, bytes.length());
            sha256.update(LEAF);
            for (long at = from; at < end; at += SLICE_SIZE) {
              int length = (int) Math.min(SLICE_SIZE, end - at);
              bytes.copy(at, slice, 0, length);
              sha256.update(slice, 0, length);
            }
            leaves[i] = Bytes32.wrap(sha256.digest());
          }
        };
    int helpers = Math.min(parallelism, chunks) - 1;
    List<CompletableFuture<Void>> running = new ArrayList<>(helpers);
    for (int i = 0; i < helpers; i++) {
      running.add(CompletableFuture.runAsync(worker, executor));
    }
    worker.run();
    running.forEach(CompletableFuture::join);
    return leaves;
  }

  private static int chunkCount(long length) {
    // An empty input still has one (empty) chunk, so that every input has a root.
    return (int) Math.max(1, (length + CHUNK_SIZE - 1) / CHUNK_SIZE);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }
}
