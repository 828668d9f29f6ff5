package org.polyculture.storage;

import java.util.Arrays;
import java.util.Comparator;
import org.apache.tuweni.bytes.Bytes;

/**
 * The order of keys in every {@link KeyValueStorage}: unsigned lexicographic, byte by byte, a
 * prefix before its extensions ({@code 01 < 0100 < 02 < 7f < 80 < ff}), as LMDB's {@code memcmp}
 * orders them. (Tuweni's {@code Bytes.compareTo} compares numerically, which is not this.)
 */
public final class KeyOrder {

  public static final Comparator<Bytes> UNSIGNED_LEXICOGRAPHIC = KeyOrder::compare;

  private KeyOrder() {}

  public static int compare(Bytes a, Bytes b) {
    return Arrays.compareUnsigned(a.toArrayUnsafe(), b.toArrayUnsafe());
  }

  /** Whether {@code key} starts with {@code prefix}. */
  public static boolean hasPrefix(Bytes key, Bytes prefix) {
    return key.size() >= prefix.size() && key.slice(0, prefix.size()).equals(prefix);
  }

  /** The key a scan starts at: the later of {@code from} and {@code prefix}. */
  public static Bytes scanStart(Bytes prefix, Bytes from) {
    return compare(from, prefix) < 0 ? prefix : from;
  }

  /** Checks a key against {@link KeyValueStorage#MAX_KEY_SIZE}; a bad key is a caller's bug. */
  public static void checkKey(Bytes key) {
    if (key.isEmpty() || key.size() > KeyValueStorage.MAX_KEY_SIZE) {
      throw new IllegalArgumentException(
          "a key has 1 to " + KeyValueStorage.MAX_KEY_SIZE + " bytes, not " + key.size());
    }
  }

  /** Checks the arguments of {@link KeyValueStorage#scan}. */
  public static void checkScan(Bytes prefix, Bytes from, int limit) {
    if (prefix.size() > KeyValueStorage.MAX_KEY_SIZE
        || from.size() > KeyValueStorage.MAX_KEY_SIZE) {
      throw new IllegalArgumentException(
          "scan prefix and start have at most " + KeyValueStorage.MAX_KEY_SIZE + " bytes");
    }
    if (limit < 0) {
      throw new IllegalArgumentException("scan limit must not be negative: " + limit);
    }
  }
}
