package org.polyculture.worker.cuda.check;

import java.util.List;
import java.util.Optional;
import org.polyculture.engine.ops.Op;

/**
 * Compares op outputs bit for bit, every NaN counting as the same value (its payload is not part of
 * the contract, docs/numerics.md §1.1), and names the first difference.
 */
public final class BitComparison {

  /** The first element where two runs of an op differ. */
  public record Divergence(String op, String tensor, int element, float expected, float actual) {
    @Override
    public String toString() {
      return op
          + " "
          + tensor
          + "["
          + element
          + "]: expected "
          + describe(expected)
          + ", got "
          + describe(actual);
    }

    private static String describe(float value) {
      return value + " (0x" + String.format("%08X", Float.floatToRawIntBits(value)) + ")";
    }
  }

  private BitComparison() {}

  /** The first difference between the outputs of {@code op} from two backends, if any. */
  public static Optional<Divergence> firstDifference(
      Op op, List<float[]> expected, List<float[]> actual) {
    for (int o = 0; o < expected.size(); o++) {
      Optional<Integer> element = firstDifference(expected.get(o), actual.get(o));
      if (element.isPresent()) {
        int i = element.get();
        return Optional.of(
            new Divergence(
                op.name(), op.outputs().get(o).name(), i, expected.get(o)[i], actual.get(o)[i]));
      }
    }
    return Optional.empty();
  }

  /** The first index where the canonical bits differ, if any. */
  public static Optional<Integer> firstDifference(float[] expected, float[] actual) {
    if (expected.length != actual.length) {
      return Optional.of(Math.min(expected.length, actual.length));
    }
    for (int i = 0; i < expected.length; i++) {
      if (canonicalBits(expected[i]) != canonicalBits(actual[i])) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  public static int canonicalBits(float value) {
    return Float.isNaN(value) ? 0x7FC00000 : Float.floatToRawIntBits(value);
  }
}
