package org.polyculture.engine.backend;

import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** QuickTheories generators for the backend property tests. */
final class BackendGenerators {

  /** Share of draws, in percent, taken from the ends of a range instead of the random ones. */
  private static final int EDGE_PERCENT = 20;

  private BackendGenerators() {}

  /**
   * Sizes in {@code [min, max]}, with the ends mixed in: uniform draws rarely give size 1 or the
   * largest size, which are where tails and single-element reductions live.
   */
  static Gen<Integer> sizes(int min, int max) {
    return SourceDSL.integers()
        .between(min, max)
        .mix(Generate.pick(List.of(min, max)), EDGE_PERCENT);
  }

  /** Seeds of the value generators of one example. */
  static Gen<Long> seeds() {
    return SourceDSL.longs().all();
  }

  /** Four independent flags, as the bits of an int in [0, 15]. */
  static Gen<Integer> flags() {
    return SourceDSL.integers().between(0, 15);
  }

  static boolean flag(int flags, int bit) {
    return (flags & (1 << bit)) != 0;
  }
}
