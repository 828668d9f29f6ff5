package org.polyculture.worker.cuda.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.polyculture.engine.data.Batch;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.OpTrace;
import org.polyculture.engine.train.StepExecutor;
import org.polyculture.worker.cuda.ResidentTraining;

/**
 * Narrows a state-hash mismatch to one op: from the last state both sides agree on, the step runs
 * on the CPU reference and on the device with every op's outputs read back, and the first output
 * element whose bits differ (NaNs counted equal) is named, with the op's index and both values.
 */
final class DivergenceLocator {

  /** The first differing output of a step, or the note that the traced rerun agreed. */
  record Located(Optional<Integer> opIndex, Optional<BitComparison.Divergence> divergence) {
    @Override
    public String toString() {
      return divergence.isPresent()
          ? "op " + opIndex.orElseThrow() + " " + divergence.get()
          : "no op output differs in the traced rerun (the difference is in the state hashing)";
    }
  }

  private DivergenceLocator() {}

  static Located locate(
      ResidentTraining device, StepExecutor cpu, TrainingState before, Batch batch) {
    List<List<float[]>> expected = new ArrayList<>();
    cpu.step(before, batch, (index, op, outputs) -> expected.add(outputs));
    device.upload(before);
    FirstDifference finder = new FirstDifference(expected);
    device.runStep(batch, finder);
    return finder.located();
  }

  /** Compares each op's device outputs with the reference's as the traced step runs. */
  private static final class FirstDifference implements OpTrace {
    private final List<List<float[]>> expected;
    private Located located = new Located(Optional.empty(), Optional.empty());

    FirstDifference(List<List<float[]>> expected) {
      this.expected = expected;
    }

    @Override
    public void afterOp(int index, Op op, List<float[]> outputs) {
      if (located.divergence().isEmpty()) {
        BitComparison.firstDifference(op, expected.get(index), outputs)
            .ifPresent(d -> located = new Located(Optional.of(index), Optional.of(d)));
      }
    }

    Located located() {
      return located;
    }
  }
}
