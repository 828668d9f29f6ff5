package org.polyculture.engine.train;

import java.util.List;
import org.polyculture.engine.ops.Op;

/**
 * Receives every op of a step as it runs, with the values it wrote: what a dispute needs to hash
 * each intermediate and narrow a disagreement to one op.
 */
@FunctionalInterface
public interface OpTrace {

  /**
   * @param index the op's position in the program
   * @param op the op that ran
   * @param outputs the values of its outputs after it ran, in {@link Op#outputs()} order
   */
  void afterOp(int index, Op op, List<float[]> outputs);
}
