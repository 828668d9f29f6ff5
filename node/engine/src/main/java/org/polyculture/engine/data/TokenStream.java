package org.polyculture.engine.data;

import org.apache.tuweni.bytes.Bytes;

/**
 * The token stream of a dataset (docs/numerics.md §5.5): the concatenation of its shards in
 * manifest order, one token per byte. The first {@code trainLength} bytes are for training; the
 * rest is held out for evaluation.
 */
public final class TokenStream {

  private final byte[] bytes;
  private final int trainLength;

  private TokenStream(byte[] bytes, int trainLength) {
    this.bytes = bytes;
    this.trainLength = trainLength;
  }

  /**
   * @param bytes the concatenated shards (copied)
   * @param trainLength how many leading bytes are for training
   */
  public static TokenStream of(Bytes bytes, int trainLength) {
    if (trainLength < 0 || trainLength > bytes.size()) {
      throw new IllegalArgumentException(
          "train length " + trainLength + " outside a stream of " + bytes.size() + " bytes");
    }
    return new TokenStream(bytes.toArray(), trainLength);
  }

  /** All bytes, training and held out. */
  public int length() {
    return bytes.length;
  }

  public int trainLength() {
    return trainLength;
  }

  public int heldOutLength() {
    return bytes.length - trainLength;
  }

  /** The token at {@code position}: the byte's unsigned value. */
  public int token(int position) {
    return bytes[position] & 0xFF;
  }

  /** Copies tokens {@code [from, from + count)} into {@code into} at {@code offset}. */
  public void copyTokens(int from, int count, int[] into, int offset) {
    for (int i = 0; i < count; i++) {
      into[offset + i] = bytes[from + i] & 0xFF;
    }
  }
}
