package org.polyculture.engine.numerics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes {@code src/test/resources/golden/canonical-math.txt}: fixed inputs of every {@link
 * CanonicalMath} function and the bits the spec gives for them. Run it only for a new spec version;
 * {@code CanonicalMathTest} compares the implementation against the stored file.
 *
 * <pre>
 * java -cp node/engine/target/classes:node/engine/target/test-classes \
 *     org.polyculture.engine.numerics.GoldenMathVectors > node/engine/src/test/resources/golden/canonical-math.txt
 * </pre>
 */
public final class GoldenMathVectors {

  private static final long SEED = 1;

  private GoldenMathVectors() {}

  public static void main(String[] args) {
    System.out.println(
        "# Golden vectors of numerics spec v1, CanonicalMath (docs/numerics.md §3).");
    System.out.println(
        "# function input-bits output-bits; changing any line is a spec version bump.");
    for (UlpAccuracy.Function function : UlpAccuracy.Function.values()) {
      for (float x : inputs(function)) {
        System.out.println(
            String.format(
                Locale.ROOT,
                "%s %08x %08x",
                function.name(),
                Float.floatToRawIntBits(x),
                Float.floatToRawIntBits(function.canonical(x))));
      }
    }
    for (float x : inputs(null)) {
      System.out.println(
          String.format(
              Locale.ROOT,
              "RSQRT %08x %08x",
              Float.floatToRawIntBits(x),
              Float.floatToRawIntBits(CanonicalMath.rsqrt(x))));
    }
  }

  private static List<Float> inputs(UlpAccuracy.Function function) {
    List<Float> inputs =
        new ArrayList<>(
            List.of(
                0.0f,
                -0.0f,
                1.0f,
                -1.0f,
                0.5f,
                -0.5f,
                2.0f,
                0.25f,
                0.875f,
                0.625f,
                Float.MIN_VALUE,
                -Float.MIN_VALUE,
                Float.MIN_NORMAL,
                0x1p-127f,
                Float.MAX_VALUE,
                -Float.MAX_VALUE,
                Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY,
                89.0f,
                88.72283f,
                88.72284f,
                -103.97208f,
                -104.0f,
                -87.33655f,
                10.0f,
                9.0f,
                1e-5f,
                3.0f,
                8388609.0f,
                1e30f));
    float scale =
        function == null
            ? 1e6f
            : switch (function) {
              case EXP -> 100.0f;
              case LOG -> 1e6f;
              case TANH -> 6.0f;
              case COS_PI -> 4.0f;
              case GELU, GELU_GRAD -> 8.0f;
            };
    SplittableRandom random =
        new SplittableRandom(SEED + (function == null ? 99 : function.ordinal()));
    for (int i = 0; i < 64; i++) {
      inputs.add((float) ((random.nextDouble() * 2.0 - 1.0) * scale));
    }
    for (int i = 0; i < 16; i++) {
      inputs.add(Float.intBitsToFloat(random.nextInt()));
    }
    return inputs;
  }
}
