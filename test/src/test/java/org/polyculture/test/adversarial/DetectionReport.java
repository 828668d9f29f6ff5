package org.polyculture.test.adversarial;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints the detection table as a Markdown section for docs/benchmarks (scripts/bench.d/
 * 60-detection): {@code DetectionReport [ci|full]}. The measurement is {@link
 * DetectionExperiment}'s, the same the test checks.
 */
public final class DetectionReport {

  private DetectionReport() {}

  public static void main(String[] args) throws Exception {
    AdversarialProfile profile =
        args.length > 0
            ? AdversarialProfile.valueOf(args[0].toUpperCase(Locale.ROOT))
            : AdversarialProfile.FULL;
    DetectionPlan plan = DetectionPlan.of(profile);
    Path scratch = Files.createTempDirectory("polyculture-detection");
    long started = System.nanoTime();
    List<DetectionCell> cells = new ArrayList<>();
    for (int length : plan.segmentLengths()) {
      DetectionExperiment experiment =
          DetectionExperiment.on(scratch.resolve("s" + length), length);
      for (DetectionExperiment.Cheat cheat : plan.cheats(length)) {
        cells.addAll(experiment.measure(cheat, DetectionPlan.audits(length), plan.trials()));
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long agreeing = cells.stream().filter(DetectionCell::agrees).count();
    long audits = cells.stream().mapToLong(DetectionCell::trials).sum();
    StringBuilder out = new StringBuilder();
    out.append("## Detection probability of spot checks\n\n");
    out.append(
        String.format(
            Locale.ROOT,
            "Measured %s on %s (%d cores, Java %s) in %.0f s: %d audits by the verifier's own"
                + " `SegmentAuditor` (k steps sampled with `AuditSampler`, states fetched, steps"
                + " recomputed on the scalar backend, compared bit for bit) of segments trained by"
                + " the worker's cheating strategies (`DetectionReport %s`).\n\n",
            Instant.now().truncatedTo(ChronoUnit.SECONDS),
            System.getProperty("os.arch"),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            seconds,
            audits,
            profile.name().toLowerCase(Locale.ROOT)));
    out.append(
            "A cheat touching m of S steps escapes k distinct sampled audits with probability"
                + " C(S−m, k)/C(S, k) (docs/security.md). The last columns say whether that prediction"
                + " lies in the 99.9% Wilson interval of the measured rate: ")
        .append(agreeing)
        .append(" of ")
        .append(cells.size())
        .append(" cells agree.\n\n");
    out.append(DetectionCell.markdownHeader()).append('\n');
    for (DetectionCell cell : cells) {
      out.append(cell.markdownRow()).append('\n');
    }
    System.out.print(out);
  }
}
