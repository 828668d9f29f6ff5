package org.polyculture.engine.data;

import org.polyculture.engine.numerics.Philox;
import org.polyculture.engine.numerics.RandomPurpose;

/**
 * Draws the batch of any training step from {@code (seed, step)} alone (docs/numerics.md §5.5): row
 * {@code b} of step {@code t} is the window starting at {@code u64(w0, w1) mod (trainLength − T)},
 * where {@code w0, w1} are the first two words of Philox block {@code (seed, t, BATCH, b)}. No
 * history, no cursor: a verifier derives step 10,000's batch as fast as step 0's.
 */
public final class BatchSampler {

  private final TokenStream stream;
  private final long seed;
  private final int batch;
  private final int context;

  public BatchSampler(TokenStream stream, long seed, int batch, int context) {
    if (stream.trainLength() <= context) {
      throw new IllegalArgumentException(
          "the training part of the dataset ("
              + stream.trainLength()
              + " bytes) must be longer than the context ("
              + context
              + ")");
    }
    this.stream = stream;
    this.seed = seed;
    this.batch = batch;
    this.context = context;
  }

  /** The start of row {@code row}'s window in step {@code step}. */
  public long windowStart(long step, int row) {
    Philox.Block block = Philox.block(seed, step, RandomPurpose.BATCH, row);
    return Long.remainderUnsigned(
        Philox.u64(block.w0(), block.w1()), stream.trainLength() - (long) context);
  }

  /** The batch step {@code step} trains on. */
  public Batch sample(long step) {
    long[] starts = new long[batch];
    for (int row = 0; row < batch; row++) {
      starts[row] = windowStart(step, row);
    }
    return Batch.ofWindows(stream, context, starts);
  }
}
