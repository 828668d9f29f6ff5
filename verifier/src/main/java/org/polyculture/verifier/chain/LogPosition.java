package org.polyculture.verifier.chain;

import java.util.Comparator;

/** Where a log is in the chain: its block and its index in the block. */
public record LogPosition(long block, long logIndex) implements Comparable<LogPosition> {

  private static final Comparator<LogPosition> ORDER =
      Comparator.comparingLong(LogPosition::block).thenComparingLong(LogPosition::logIndex);

  public LogPosition {
    if (block < 0 || logIndex < 0) {
      throw new IllegalArgumentException("a log position is not negative");
    }
  }

  @Override
  public int compareTo(LogPosition other) {
    return ORDER.compare(this, other);
  }
}
