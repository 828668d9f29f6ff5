package org.polyculture.engine.train;

import java.util.Optional;
import org.polyculture.engine.data.Batch;
import org.polyculture.engine.data.TokenStream;
import org.polyculture.engine.state.TrainingState;

/**
 * The model's loss on the held-out tail of the dataset, as bits per byte: a report for people, not
 * part of any commitment (it sums in double).
 *
 * @param windows how many windows of {@code T} predicted bytes were scored
 * @param bytes how many bytes were predicted
 * @param meanLoss mean cross-entropy in nats per byte
 */
public record HeldOutEvaluation(int windows, long bytes, double meanLoss) {

  private static final double LN_2 = 0.6931471805599453;

  /** Mean cross-entropy in bits per byte. */
  public double bitsPerByte() {
    return meanLoss / LN_2;
  }

  /**
   * Scores up to {@code maxWindows} non-overlapping windows spread evenly over the held-out bytes;
   * empty when the held-out part is shorter than one window plus its target byte.
   */
  public static Optional<HeldOutEvaluation> evaluate(
      StepExecutor executor, TrainingState state, TokenStream stream, int maxWindows) {
    int context = state.config().context();
    int rows = state.config().batch();
    long available = (stream.heldOutLength() - 1L) / context;
    if (available <= 0 || maxWindows <= 0) {
      return Optional.empty();
    }
    int windows = (int) Math.min(available, maxWindows);
    long[] starts = new long[windows];
    for (int i = 0; i < windows; i++) {
      starts[i] = stream.trainLength() + (i * available / windows) * context;
    }
    double total = 0.0;
    for (int first = 0; first < windows; first += rows) {
      int real = Math.min(rows, windows - first);
      long[] batchStarts = new long[rows];
      for (int row = 0; row < rows; row++) {
        // A last, partial batch repeats its first window; only the real rows are counted.
        batchStarts[row] = starts[first + (row < real ? row : 0)];
      }
      float[] losses = executor.evaluate(state, Batch.ofWindows(stream, context, batchStarts));
      for (int i = 0; i < real * context; i++) {
        total += losses[i];
      }
    }
    long bytes = (long) windows * context;
    return Optional.of(new HeldOutEvaluation(windows, bytes, total / bytes));
  }
}
