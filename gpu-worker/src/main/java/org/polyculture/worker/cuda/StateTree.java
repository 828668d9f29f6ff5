package org.polyculture.worker.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The part of the state hash above the leaves (docs/state.md §3), computed on the host from the
 * leaf digests the device returns: pairs hashed as {@code SHA-256(0x01 ‖ left ‖ right)} level by
 * level, an odd last node carried up, then {@code SHA-256(0x02 ‖ u64le(length) ‖ root)}.
 */
final class StateTree {

  static final int CHUNK_SIZE = KernelGeometry.HASH_CHUNK_BYTES;

  private StateTree() {}

  /** Leaf chunks of a serialisation of {@code length} bytes (at least one). */
  static int chunkCount(long length) {
    return (int) Math.max(1, (length + CHUNK_SIZE - 1) / CHUNK_SIZE);
  }

  /** The leaf hash {@code SHA-256(0x00 ‖ bytes[from, to))} of one chunk. */
  static Bytes32 leaf(byte[] bytes, int from, int to) {
    MessageDigest sha256 = sha256();
    sha256.update((byte) 0x00);
    sha256.update(bytes, from, to - from);
    return Bytes32.wrap(sha256.digest());
  }

  static Bytes32 combine(List<Bytes32> leaves, long length) {
    MessageDigest sha256 = sha256();
    List<Bytes32> level = leaves;
    while (level.size() > 1) {
      List<Bytes32> next = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i + 1 < level.size(); i += 2) {
        sha256.update((byte) 0x01);
        sha256.update(level.get(i).toArrayUnsafe());
        sha256.update(level.get(i + 1).toArrayUnsafe());
        next.add(Bytes32.wrap(sha256.digest()));
      }
      if (level.size() % 2 == 1) {
        next.add(level.get(level.size() - 1));
      }
      level = next;
    }
    sha256.update((byte) 0x02);
    sha256.update(
        ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array());
    sha256.update(level.get(0).toArrayUnsafe());
    return Bytes32.wrap(sha256.digest());
  }

  /**
   * Leaf digests from the device's output: eight 32-bit words per chunk, each the numeric value of
   * a big-endian SHA-256 word, stored in device (little-endian) byte order.
   */
  static List<Bytes32> leaves(ByteBuffer deviceWords, int chunks) {
    ByteBuffer words = deviceWords.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    List<Bytes32> leaves = new ArrayList<>(chunks);
    for (int i = 0; i < chunks; i++) {
      byte[] digest = new byte[32];
      for (int w = 0; w < 8; w++) {
        int word = words.getInt((i * 8 + w) * 4);
        digest[4 * w] = (byte) (word >>> 24);
        digest[4 * w + 1] = (byte) (word >>> 16);
        digest[4 * w + 2] = (byte) (word >>> 8);
        digest[4 * w + 3] = (byte) word;
      }
      leaves.add(Bytes32.wrap(digest));
    }
    return leaves;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }
}
