package org.polyculture.engine.data;

import java.util.Arrays;

/**
 * The tokens one run of a program reads: {@code rows} sequences of {@code context} input tokens and
 * the targets, each input's next token. Row-major {@code [rows, context]}.
 */
public final class Batch {

  private final int rows;
  private final int context;
  private final int[] inputs;
  private final int[] targets;

  private Batch(int rows, int context, int[] inputs, int[] targets) {
    this.rows = rows;
    this.context = context;
    this.inputs = inputs;
    this.targets = targets;
  }

  /**
   * The windows of {@code stream} starting at each of {@code starts}: inputs {@code [s, s + T)},
   * targets {@code [s + 1, s + T + 1)}.
   */
  public static Batch ofWindows(TokenStream stream, int context, long[] starts) {
    int[] inputs = new int[starts.length * context];
    int[] targets = new int[starts.length * context];
    for (int row = 0; row < starts.length; row++) {
      long start = starts[row];
      if (start < 0 || start + context + 1 > stream.length()) {
        throw new IllegalArgumentException(
            "window at " + start + " of " + (context + 1) + " tokens leaves the stream");
      }
      stream.copyTokens((int) start, context, inputs, row * context);
      stream.copyTokens((int) start + 1, context, targets, row * context);
    }
    return new Batch(starts.length, context, inputs, targets);
  }

  /** A batch of explicit tokens; {@code inputs} and {@code targets} are copied. */
  public static Batch of(int rows, int context, int[] inputs, int[] targets) {
    if (inputs.length != rows * context || targets.length != rows * context) {
      throw new IllegalArgumentException("a batch of " + rows + "×" + context + " tokens");
    }
    for (int[] tokens : new int[][] {inputs, targets}) {
      for (int token : tokens) {
        if (token < 0 || token > 255) {
          throw new IllegalArgumentException("token " + token + " is not a byte");
        }
      }
    }
    return new Batch(rows, context, inputs.clone(), targets.clone());
  }

  public int rows() {
    return rows;
  }

  public int context() {
    return context;
  }

  public int[] inputs() {
    return inputs.clone();
  }

  public int[] targets() {
    return targets.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Batch that
        && rows == that.rows
        && context == that.context
        && Arrays.equals(inputs, that.inputs)
        && Arrays.equals(targets, that.targets);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(inputs) + Arrays.hashCode(targets);
  }

  @Override
  public String toString() {
    return "Batch[" + rows + "×" + context + "]";
  }
}
