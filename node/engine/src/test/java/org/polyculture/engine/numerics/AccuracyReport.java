package org.polyculture.engine.numerics;

import java.util.Locale;

/**
 * Prints the accuracy table of docs/numerics.md §3.6. Run from the repository root:
 *
 * <pre>
 * mvn -B -q -o test-compile -pl node/engine -am
 * java -cp node/engine/target/classes:node/engine/target/test-classes \
 *     org.polyculture.engine.numerics.AccuracyReport [samplesPerRange]
 * </pre>
 */
public final class AccuracyReport {

  private static final long SEED = 20_240_601L;

  private AccuracyReport() {}

  public static void main(String[] args) {
    long samples = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    System.out.println(
        "| function | inputs | samples | max ulp | mean ulp | worst input | max abs error |");
    System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    for (UlpAccuracy.Range range : UlpAccuracy.standardRanges()) {
      UlpAccuracy.Measurement m = UlpAccuracy.measure(range, samples, SEED);
      System.out.println(
          String.format(
              Locale.ROOT,
              "| %s | [%s, %s] %s | %,d | %.3f | %.4f | %s | %.2e |",
              name(range.function()),
              range.from(),
              range.to(),
              range.sampling() == UlpAccuracy.Sampling.UNIFORM ? "uniform" : "all binades",
              m.samples(),
              m.maxUlp(),
              m.meanUlp(),
              m.worstInput(),
              m.maxAbsoluteError()));
    }
  }

  private static String name(UlpAccuracy.Function function) {
    return switch (function) {
      case EXP -> "exp";
      case LOG -> "log";
      case TANH -> "tanh";
      case COS_PI -> "cosPi";
      case GELU -> "gelu";
      case GELU_GRAD -> "geluGrad";
    };
  }
}
