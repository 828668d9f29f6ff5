package org.polyculture.worker.cuda.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.backend.ScalarBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Part (a) of the device check: every op kind over random shapes (lengths not multiples of 16, size
 * 1, several tiles) and values (half the cases with edge values: signed zeros, subnormals, huge
 * values, infinities, NaN), on the device and on the scalar reference, compared bit for bit; each
 * mismatch names the op, the output tensor and the first differing element.
 */
final class OpExactnessCheck {

  private static final Logger LOG = LoggerFactory.getLogger(OpExactnessCheck.class);

  record Result(
      int cases,
      Map<String, Integer> casesPerKind,
      List<String> failures,
      boolean budgetExhausted,
      double seconds) {
    boolean passed() {
      return failures.isEmpty() && cases > 0;
    }
  }

  private OpExactnessCheck() {}

  static Result run(Supplier<Backend> device, int casesPerKind, int maxSize, Budget budget) {
    Map<String, Integer> perKind = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    int cases = 0;
    boolean exhausted = false;
    for (int c = 0; c < casesPerKind && !exhausted; c++) {
      for (OpKind kind : OpKind.values()) {
        if (!budget.allows(0)) {
          exhausted = true;
          break;
        }
        OpCases.Bounds bounds = new OpCases.Bounds(maxSize, c % 2 == 0 ? 0 : 6);
        OpCase opCase = OpCases.of(kind, 1000L * kind.ordinal() + c, bounds);
        List<float[]> expected = run(new ScalarBackend(), opCase);
        List<float[]> actual = run(device.get(), opCase);
        Optional<BitComparison.Divergence> divergence =
            BitComparison.firstDifference(opCase.op(), expected, actual);
        divergence.ifPresent(
            d -> {
              failures.add(opCase + ": " + d);
              LOG.error("op mismatch: {}: {}", opCase, d);
            });
        perKind.merge(kind.name(), 1, Integer::sum);
        cases++;
      }
    }
    LOG.info(
        "ops: {} cases, {} mismatches in {} s",
        cases,
        failures.size(),
        String.format("%.1f", budget.elapsedSeconds()));
    return new Result(cases, perKind, failures, exhausted, budget.elapsedSeconds());
  }

  private static List<float[]> run(Backend backend, OpCase opCase) {
    try (backend) {
      return opCase.run(backend);
    }
  }
}
