package org.polyculture.test.adversarial;

import java.util.Locale;

/**
 * One measured cell of the detection table: a strategy touching {@code tampered} (m) of {@code
 * segmentLength} (S) steps, audited at {@code audits} (k) steps per segment, {@code trials} times
 * with independent randomness, caught {@code caught} times.
 *
 * @param falseFindings audits that found fraud at a step that was not tampered with (must be 0)
 */
record DetectionCell(
    String strategy,
    int segmentLength,
    int tampered,
    int audits,
    int trials,
    int caught,
    int falseFindings) {

  /** The 99.9% quantile of the normal distribution: a sound cell fails this once in 1,000. */
  static final double Z = 3.29;

  double measured() {
    return (double) caught / trials;
  }

  /** 1 − C(S−m, k)/C(S, k). */
  double predicted() {
    return AuditOdds.detection(segmentLength, tampered, audits);
  }

  AuditOdds.Interval interval() {
    return AuditOdds.wilson(caught, trials, Z);
  }

  /** Whether the formula's prediction lies in the measured rate's 99.9% interval. */
  boolean agrees() {
    return interval().contains(predicted());
  }

  String markdownRow() {
    AuditOdds.Interval interval = interval();
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %d | %.3f | %d | %d | %.3f | %.3f | [%.3f, %.3f] | %s |",
        strategy,
        segmentLength,
        tampered,
        audits,
        (double) audits / segmentLength,
        trials,
        caught,
        measured(),
        predicted(),
        interval.low(),
        interval.high(),
        agrees() ? "yes" : "**no**");
  }

  static String markdownHeader() {
    return "| strategy | S | m | k | k/S | audits | caught | measured | predicted 1 − C(S−m,k)/C(S,k) |"
        + " 99.9% interval of the measured rate | agrees |\n"
        + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |";
  }
}
