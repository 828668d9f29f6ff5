package org.polyculture.engine.backend;

/** Token ids and targets as the embedding and loss ops use them. */
public final class Tokens {

  private Tokens() {}

  /** Returns {@code token} when it is a valid row of a table with {@code vocab} rows. */
  public static int require(String op, int token, int vocab) {
    if (token < 0 || token >= vocab) {
      throw new IllegalArgumentException(
          op + ": token " + token + " is outside the vocabulary [0, " + vocab + ")");
    }
    return token;
  }

  /**
   * {@code start[v]} is where the rows holding token {@code v} begin in {@link #rowsByToken}; the
   * array has {@code vocab + 1} entries, the last being {@code rows}.
   */
  static int[] firstRowOfToken(String op, int[] tokens, int rows, int vocab) {
    int[] start = new int[vocab + 1];
    for (int i = 0; i < rows; i++) {
      start[require(op, tokens[i], vocab) + 1]++;
    }
    for (int v = 0; v < vocab; v++) {
      start[v + 1] += start[v];
    }
    return start;
  }

  /** The row indices grouped by token, each group in increasing row order (a stable sort). */
  static int[] rowsByToken(String op, int[] tokens, int rows, int vocab) {
    int[] next = firstRowOfToken(op, tokens, rows, vocab);
    int[] sorted = new int[rows];
    for (int i = 0; i < rows; i++) {
      sorted[next[tokens[i]]++] = i;
    }
    return sorted;
  }
}
