package org.polyculture.worker.cuda.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The device check's figures as a section of docs/benchmarks.md (the format of the sections in
 * docs/benchmarks/): written to gpu-check.md, to be kept as docs/benchmarks/40-gpu.md.
 */
final class BenchmarkSection {

  /** One matmul shape's figures: the canonical kernel's, and cuBLAS's when the baseline ran. */
  record MatmulRow(MatmulShape shape, double canonicalTflops, Optional<Double> cublasTflops) {}

  private BenchmarkSection() {}

  static String render(
      String date,
      String device,
      Map<String, Object> host,
      OpExactnessCheck.Result ops,
      List<TrainingCheck.Result> trainings,
      VerifierCheck.Result audit,
      List<MatmulRow> matmuls,
      Optional<Double> matmulRatio,
      Optional<SpeedCheck.Training> training,
      Optional<Double> torchTokensPerSecond) {
    List<String> lines = new ArrayList<>();
    lines.add("## GPU (CUDA backend)");
    lines.add("");
    lines.add(
        "Measured "
            + date
            + " by `scripts/gpu-check` on "
            + device
            + "; "
            + host.get("processors")
            + " CPU cores (CPU reference on "
            + host.get("referenceThreads")
            + " threads), Java "
            + host.get("java")
            + ".");
    lines.add("");
    lines.add("Bit-exactness (every NaN counted equal, docs/numerics.md §1.1):");
    lines.add("");
    lines.add("| part | what was compared | result |");
    lines.add("| --- | --- | --- |");
    lines.add(
        String.format(
            "| ops | %d random cases over %d op kinds, device vs scalar reference | %s |",
            ops.cases(), ops.casesPerKind().size(), ops.passed() ? "bit-exact" : "**MISMATCH**"));
    for (TrainingCheck.Result t : trainings) {
      lines.add(
          String.format(
              "| training %s | %d steps; CPU chain %d, from device states %d, not compared %d |"
                  + " %s |",
              t.name(),
              t.steps(),
              t.chained(),
              t.checkedFromDeviceStates().size(),
              t.unchecked(),
              t.passed()
                  ? "every compared hash equal"
                  : "**MISMATCH** " + t.mismatch().orElse(null)));
    }
    lines.add(
        String.format(
            "| verifier | %d audited steps of %s, recomputed on the CPU | %s |",
            audit.audits().size(), audit.segment(), audit.passed() ? "all proven" : "**FAILED**"));
    lines.add("");
    if (!matmuls.isEmpty()) {
      lines.add(
          "Canonical matmul (16-lane order) vs cuBLAS FP32 SGEMM through PyTorch, TF32 off, same"
              + " operand layouts; TFLOP/s = 2mnk / time. Target: canonical ≥ 50% of cuBLAS.");
      lines.add("");
      lines.add("| product | m × n × k | canonical TFLOP/s | cuBLAS TFLOP/s | ratio |");
      lines.add("| --- | --- | ---: | ---: | ---: |");
      for (MatmulRow row : matmuls) {
        MatmulShape s = row.shape();
        lines.add(
            String.format(
                "| %s | %d × %d × %d | %.2f | %s | %s |",
                s.name(),
                s.m(),
                s.n(),
                s.k(),
                row.canonicalTflops(),
                row.cublasTflops().map(c -> String.format("%.2f", c)).orElse("—"),
                row.cublasTflops()
                    .map(c -> String.format("%.0f%%", 100 * row.canonicalTflops() / c))
                    .orElse("—")));
      }
      matmulRatio.ifPresent(
          r ->
              lines.add(
                  String.format(
                      "| all shapes (time-weighted) | | | | %.0f%% (%s) |",
                      100 * r, r >= 0.5 ? "met" : "**not met**")));
      lines.add("");
    }
    training.ifPresent(
        t -> {
          lines.add("Training `gpu-base` (" + t.config() + "), state resident on the device:");
          lines.add("");
          lines.add("| figure | value | target |");
          lines.add("| --- | ---: | --- |");
          lines.add(
              String.format("| ms / step, hashing every state | %.2f | |", t.msPerStepHashed()));
          lines.add(String.format("| ms / step, no hashing | %.2f | |", t.msPerStepUnhashed()));
          lines.add(
              String.format(
                  "| tokens / s | %.0f | %s |",
                  t.tokensPerSecond(),
                  torchTokensPerSecond
                      .map(
                          p ->
                              String.format(
                                  "%.0f%% of PyTorch FP32 eager (%.0f tokens/s): %s",
                                  100 * t.tokensPerSecond() / p,
                                  p,
                                  t.tokensPerSecond() >= 0.5 * p ? "met" : "**not met**"))
                      .orElse("no PyTorch figure")));
          lines.add(
              String.format(
                  "| state hash on the device | %.1f MB in %.1f ms, %.2f GB/s | |",
                  t.stateBytes() / 1e6, t.hashMilliseconds(), t.hashGigabytesPerSecond()));
          lines.add(
              String.format(
                  "| hashing share of a step, overlapped / alone | %.1f%% / %.1f%% | < 5%%: %s |",
                  100 * t.hashShareOfStepOverlapped(),
                  100 * t.hashShareOfStepAlone(),
                  t.hashShareOfStepOverlapped() < 0.05 ? "met" : "**not met**"));
          lines.add("");
        });
    return String.join("\n", lines) + "\n";
  }
}
