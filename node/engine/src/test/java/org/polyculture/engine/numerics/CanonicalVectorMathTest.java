package org.polyculture.engine.numerics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class CanonicalVectorMathTest {

  private static final int LENGTH = CanonicalVectorMath.SPECIES.length();

  /** Edge inputs plus random encodings (every binade, NaN payloads) and random values near 0. */
  private static float[] inputs() {
    float[] edges = {
      0.0f,
      -0.0f,
      1.0f,
      -1.0f,
      Float.MIN_VALUE,
      -Float.MIN_VALUE,
      Float.MIN_NORMAL,
      Float.MAX_VALUE,
      -Float.MAX_VALUE,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.NaN,
      Float.intBitsToFloat(0x7F800001),
      Float.intBitsToFloat(0xFFC12345),
      89.0f,
      Math.nextUp(89.0f),
      88.72283f,
      88.72284f,
      -104.0f,
      Math.nextDown(-104.0f),
      -103.97208f,
      -87.33655f,
      -87.33656f,
      0.34657359f,
      -0.34657359f,
      1e-8f,
      -1e-8f,
      10.0f,
      -10.0f,
      20.0f,
      -20.0f,
      1e20f,
      -1e20f
    };
    SplittableRandom random = new SplittableRandom(17);
    int count = 150_000;
    float[] inputs = new float[edges.length + count];
    System.arraycopy(edges, 0, inputs, 0, edges.length);
    for (int i = edges.length; i < inputs.length; i++) {
      inputs[i] =
          random.nextBoolean()
              ? Float.intBitsToFloat(random.nextInt())
              : (float) ((random.nextDouble() * 2 - 1) * (random.nextBoolean() ? 12 : 110));
    }
    return inputs;
  }

  private static void assertLanesMatch(
      String name, UnaryOperator<FloatVector> vector, CanonicalMathFunction scalar) {
    float[] inputs = inputs();
    float[] lanes = new float[LENGTH];
    for (int i = 0; i + LENGTH <= inputs.length; i += LENGTH) {
      vector
          .apply(FloatVector.fromArray(CanonicalVectorMath.SPECIES, inputs, i))
          .intoArray(lanes, 0);
      for (int l = 0; l < LENGTH; l++) {
        float x = inputs[i + l];
        float expected = scalar.apply(x);
        if (Float.isNaN(expected)) {
          assertThat(lanes[l]).as("%s(%s)", name, x).isNaN();
        } else {
          assertThat(Float.floatToRawIntBits(lanes[l]))
              .as("%s(%s [%08x])", name, x, Float.floatToRawIntBits(x))
              .isEqualTo(Float.floatToRawIntBits(expected));
        }
      }
    }
  }

  @FunctionalInterface
  private interface CanonicalMathFunction {
    float apply(float x);
  }

  @Test
  void expShouldGiveTheScalarBitsInEveryLane() {
    assertLanesMatch("exp", CanonicalVectorMath::exp, CanonicalMath::exp);
  }

  @Test
  void geluShouldGiveTheScalarBitsInEveryLane() {
    assertLanesMatch("gelu", CanonicalVectorMath::gelu, CanonicalMath::gelu);
  }

  @Test
  void geluGradShouldGiveTheScalarBitsInEveryLane() {
    assertLanesMatch("geluGrad", CanonicalVectorMath::geluGrad, CanonicalMath::geluGrad);
  }

  @Test
  void arrayHelpersShouldHandleTails() {
    float[] x = new float[LENGTH * 3 + 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = i * 0.37f - 4.0f;
    }
    float[] out = new float[x.length + 2];

    CanonicalVectorMath.expShifted(x, 1, 0.5f, out, 2, x.length - 1);

    for (int i = 0; i < x.length - 1; i++) {
      assertThat(out[2 + i]).isEqualTo(CanonicalMath.exp(x[1 + i] - 0.5f));
    }
    assertThat(out[0]).isZero();
    assertThat(out[1]).isZero();
  }
}
