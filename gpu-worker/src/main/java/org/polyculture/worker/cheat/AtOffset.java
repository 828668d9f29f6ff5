package org.polyculture.worker.cheat;

import java.util.OptionalInt;

/**
 * The step of each segment a single-step cheat tampers with: a given offset (clamped into short
 * segments), or the middle one.
 */
record AtOffset(OptionalInt offset) {

  AtOffset {
    if (offset.isPresent() && offset.getAsInt() < 0) {
      throw new IllegalArgumentException("cheat offset must not be negative: " + offset);
    }
  }

  /** The tampered offset in a segment of {@code segmentLength} steps. */
  int resolve(int segmentLength) {
    return Math.min(offset.orElse(segmentLength / 2), segmentLength - 1);
  }

  /** Whether {@code step} is the tampered one. */
  boolean matches(CheatStep step) {
    return step.offset() == resolve(step.segmentLength());
  }
}
