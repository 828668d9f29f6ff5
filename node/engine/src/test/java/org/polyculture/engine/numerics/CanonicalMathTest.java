package org.polyculture.engine.numerics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CanonicalMathTest {

  private static final float NAN = Float.NaN;
  private static final float INF = Float.POSITIVE_INFINITY;

  private static int bits(float x) {
    return Float.floatToRawIntBits(x);
  }

  private static float next(float x) {
    return Math.nextUp(x);
  }

  @Test
  void shouldMatchEveryStoredGoldenVector() throws IOException {
    List<String> lines = goldenLines();

    assertThat(lines).hasSizeGreaterThan(700);
    for (String line : lines) {
      String[] f = line.split(" ");
      float x = Float.intBitsToFloat(Integer.parseUnsignedInt(f[1], 16));
      float expected = Float.intBitsToFloat(Integer.parseUnsignedInt(f[2], 16));
      float actual =
          f[0].equals("RSQRT")
              ? CanonicalMath.rsqrt(x)
              : UlpAccuracy.Function.valueOf(f[0]).canonical(x);
      if (Float.isNaN(expected)) {
        // A NaN's payload is not part of the contract (spec §1.1).
        assertThat(actual).as(line).isNaN();
      } else {
        assertThat(String.format("%08x", bits(actual))).as(line).isEqualTo(f[2]);
      }
    }
  }

  @Test
  void shouldGiveExpSpecialValues() {
    assertThat(CanonicalMath.exp(NAN)).isNaN();
    assertThat(CanonicalMath.exp(INF)).isEqualTo(INF);
    assertThat(bits(CanonicalMath.exp(-INF))).isEqualTo(bits(0.0f));
    assertThat(CanonicalMath.exp(0.0f)).isEqualTo(1.0f);
    assertThat(CanonicalMath.exp(-0.0f)).isEqualTo(1.0f);
    assertThat(CanonicalMath.exp(1.0f)).isEqualTo((float) Math.E);
    assertThat(CanonicalMath.exp(Float.MIN_VALUE)).isEqualTo(1.0f);
    assertThat(CanonicalMath.exp(-Float.MIN_VALUE)).isEqualTo(1.0f);
  }

  @Test
  void shouldOverflowExpExactlyWhereTheTrueResultPassesTheLargestFloat() {
    // ln(MAX_VALUE + ulp/2) = 88.7228391...: 88.72283 stays finite, the next float overflows.
    float lastFinite = 88.72283f;

    assertThat(CanonicalMath.exp(lastFinite)).isFinite().isEqualTo((float) Math.exp(lastFinite));
    assertThat(CanonicalMath.exp(next(lastFinite))).isEqualTo(INF);
    assertThat(CanonicalMath.exp(89.0f)).isEqualTo(INF);
    assertThat(CanonicalMath.exp(next(89.0f))).isEqualTo(INF);
    assertThat(CanonicalMath.exp(Float.MAX_VALUE)).isEqualTo(INF);
  }

  @Test
  void shouldRoundSubnormalExpResultsOnceAndUnderflowToPositiveZero() {
    for (float x : new float[] {-87.5f, -90.0f, -95.25f, -100.0f, -103.0f, -103.9f}) {
      float result = CanonicalMath.exp(x);
      assertThat(result).as("exp(%s)", x).isEqualTo((float) Math.exp(x));
    }
    assertThat(CanonicalMath.exp(-103.0f)).isLessThan(Float.MIN_NORMAL).isGreaterThan(0.0f);
    assertThat(bits(CanonicalMath.exp(-104.0f))).isEqualTo(bits(0.0f));
    assertThat(bits(CanonicalMath.exp(-1000.0f))).isEqualTo(bits(0.0f));
    assertThat(bits(CanonicalMath.exp(-Float.MAX_VALUE))).isEqualTo(bits(0.0f));
  }

  @Test
  void shouldGiveLogSpecialValues() {
    assertThat(CanonicalMath.log(NAN)).isNaN();
    assertThat(CanonicalMath.log(-1.0f)).isNaN();
    assertThat(CanonicalMath.log(-INF)).isNaN();
    assertThat(CanonicalMath.log(-Float.MIN_VALUE)).isNaN();
    assertThat(CanonicalMath.log(0.0f)).isEqualTo(-INF);
    assertThat(CanonicalMath.log(-0.0f)).isEqualTo(-INF);
    assertThat(CanonicalMath.log(INF)).isEqualTo(INF);
    assertThat(bits(CanonicalMath.log(1.0f))).isEqualTo(bits(0.0f));
    assertThat(CanonicalMath.log(2.0f)).isEqualTo((float) Math.log(2.0));
    assertThat(CanonicalMath.log(Float.MAX_VALUE)).isEqualTo((float) Math.log(Float.MAX_VALUE));
  }

  @Test
  void shouldScaleSubnormalLogInputsExactly() {
    assertThat(CanonicalMath.log(Float.MIN_VALUE)).isEqualTo((float) Math.log(Float.MIN_VALUE));
    assertThat(CanonicalMath.log(0x1p-140f)).isEqualTo((float) Math.log(0x1p-140));
    float subnormal = 3.0f * 0x1p-135f;
    assertThat(UlpAccuracy.ulpError(CanonicalMath.log(subnormal), Math.log(subnormal)))
        .isLessThan(1.0);
  }

  @Test
  void shouldGiveTanhSpecialValues() {
    assertThat(CanonicalMath.tanh(NAN)).isNaN();
    assertThat(CanonicalMath.tanh(INF)).isEqualTo(1.0f);
    assertThat(CanonicalMath.tanh(-INF)).isEqualTo(-1.0f);
    assertThat(bits(CanonicalMath.tanh(0.0f))).isEqualTo(bits(0.0f));
    assertThat(bits(CanonicalMath.tanh(-0.0f))).isEqualTo(bits(-0.0f));
    assertThat(CanonicalMath.tanh(Float.MIN_VALUE)).isEqualTo(Float.MIN_VALUE);
    assertThat(CanonicalMath.tanh(-0x1p-130f)).isEqualTo(-0x1p-130f);
    assertThat(CanonicalMath.tanh(0x1p-13f)).isEqualTo(0x1p-13f);
    assertThat(CanonicalMath.tanh(10.0f)).isEqualTo(1.0f);
    assertThat(CanonicalMath.tanh(-10.0f)).isEqualTo(-1.0f);
    // tanh(9) = 1 - 3.05e-8 lies below the midpoint 1 - 2^-25, so it rounds down.
    assertThat(CanonicalMath.tanh(9.0f)).isEqualTo(1.0f - 0x1p-24f);
    assertThat(CanonicalMath.tanh(9.5f)).isEqualTo(1.0f);
  }

  @Test
  void shouldMakeTanhOddBitForBit() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 20_000; i++) {
      float x = Float.intBitsToFloat(random.nextInt() & 0x7FFFFFFF);
      if (Float.isNaN(x)) {
        continue;
      }
      assertThat(bits(CanonicalMath.tanh(-x))).isEqualTo(bits(-CanonicalMath.tanh(x)));
    }
  }

  @Test
  void shouldJoinTanhBranchesWithoutAJump() {
    float below = Math.nextDown(CanonicalMath.TANH_POLYNOMIAL_BELOW);
    float at = CanonicalMath.TANH_POLYNOMIAL_BELOW;

    assertThat(CanonicalMath.tanh(at) - CanonicalMath.tanh(below)).isBetween(0.0f, 2e-7f);
  }

  @Test
  void shouldGiveCosPiSpecialValues() {
    assertThat(CanonicalMath.cosPi(NAN)).isNaN();
    assertThat(CanonicalMath.cosPi(INF)).isNaN();
    assertThat(CanonicalMath.cosPi(-INF)).isNaN();
    assertThat(CanonicalMath.cosPi(0.0f)).isEqualTo(1.0f);
    assertThat(CanonicalMath.cosPi(-0.0f)).isEqualTo(1.0f);
    assertThat(CanonicalMath.cosPi(Float.MIN_VALUE)).isEqualTo(1.0f);
    assertThat(CanonicalMath.cosPi(1.0f)).isEqualTo(-1.0f);
    assertThat(CanonicalMath.cosPi(-3.0f)).isEqualTo(-1.0f);
    assertThat(CanonicalMath.cosPi(2.0f)).isEqualTo(1.0f);
    assertThat(CanonicalMath.cosPi(8388609.0f)).isEqualTo(-1.0f);
    assertThat(CanonicalMath.cosPi(16777216.0f)).isEqualTo(1.0f);
    assertThat(CanonicalMath.cosPi(Float.MAX_VALUE)).isEqualTo(1.0f);
    assertThat(UlpAccuracy.ulpError(CanonicalMath.cosPi(0.25f), Math.sqrt(0.5))).isLessThan(1.0);
  }

  @Test
  void shouldGivePositiveZeroAtEveryHalfInteger() {
    for (float x : new float[] {0.5f, -0.5f, 1.5f, -1.5f, 2.5f, 1e6f + 0.5f}) {
      assertThat(bits(CanonicalMath.cosPi(x))).as("cosPi(%s)", x).isEqualTo(bits(0.0f));
    }
  }

  @Test
  void shouldMakeCosPiEvenAndPeriodicBitForBit() {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 20_000; i++) {
      // Multiples of 2^-20 below 4 in magnitude: x + 2 is exact.
      float x = (float) (random.nextInt(-(1 << 22), 1 << 22) * 0x1p-20);
      assertThat(bits(CanonicalMath.cosPi(-x))).isEqualTo(bits(CanonicalMath.cosPi(x)));
      assertThat(bits(CanonicalMath.cosPi(x + 2.0f))).isEqualTo(bits(CanonicalMath.cosPi(x)));
    }
  }

  @Test
  void shouldGiveGeluSpecialValues() {
    assertThat(CanonicalMath.gelu(NAN)).isNaN();
    assertThat(bits(CanonicalMath.gelu(0.0f))).isEqualTo(bits(0.0f));
    assertThat(bits(CanonicalMath.gelu(-0.0f))).isEqualTo(bits(-0.0f));
    assertThat(CanonicalMath.gelu(INF)).isEqualTo(INF);
    // -∞ / ∞: defined, not meaningful (spec §3.5).
    assertThat(CanonicalMath.gelu(-INF)).isNaN();
    assertThat(CanonicalMath.gelu(10.0f)).isEqualTo(10.0f);
    assertThat(CanonicalMath.gelu(1e20f)).isEqualTo(1e20f);
    assertThat(bits(CanonicalMath.gelu(-1e20f))).isEqualTo(bits(-0.0f));
    assertThat(CanonicalMath.gelu(Float.MIN_VALUE)).isEqualTo(0.0f);
    assertThat(CanonicalMath.gelu(1.0f))
        .isCloseTo(0.8411920f, org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void shouldGiveGeluGradSpecialValues() {
    assertThat(CanonicalMath.geluGrad(NAN)).isNaN();
    assertThat(CanonicalMath.geluGrad(0.0f)).isEqualTo(0.5f);
    assertThat(CanonicalMath.geluGrad(-0.0f)).isEqualTo(0.5f);
    assertThat(CanonicalMath.geluGrad(20.0f)).isEqualTo(1.0f);
    assertThat(bits(CanonicalMath.geluGrad(-20.0f))).isEqualTo(bits(0.0f));
    // x^2 overflows: 0 * ∞ (spec §3.5).
    assertThat(CanonicalMath.geluGrad(INF)).isNaN();
    assertThat(CanonicalMath.geluGrad(-INF)).isNaN();
  }

  @Test
  void shouldGiveRsqrtWithTwoRoundings() {
    assertThat(CanonicalMath.rsqrt(4.0f)).isEqualTo(0.5f);
    assertThat(CanonicalMath.rsqrt(0.0f)).isEqualTo(INF);
    assertThat(CanonicalMath.rsqrt(-0.0f)).isEqualTo(-INF);
    assertThat(CanonicalMath.rsqrt(-1.0f)).isNaN();
    assertThat(bits(CanonicalMath.rsqrt(INF))).isEqualTo(bits(0.0f));
    assertThat(CanonicalMath.rsqrt(2.0f)).isEqualTo(1.0f / (float) Math.sqrt(2.0f));
  }

  @Test
  void shouldStayWithinTheMeasuredAccuracyBounds() {
    // The bounds of docs/numerics.md §3.6 with margin; 200k samples per range keep this fast.
    for (UlpAccuracy.Range range : UlpAccuracy.standardRanges()) {
      UlpAccuracy.Measurement m = UlpAccuracy.measure(range, 200_000, 11);
      switch (range.function()) {
        case LOG, COS_PI -> requireUlp(m, 1.0, 0.3);
        case EXP -> requireUlp(m, 1.1, 0.3);
        case TANH -> requireUlp(m, 1.15, 0.3);
        // u = c(x + kx^3) is rounded, and e^(-2u) multiplies its error by |2u|.
        case GELU -> requireUlp(m, range.from() < -3.0f ? 300.0 : 25.0, 10.0);
        // The derivative crosses zero near x = -0.75, where no ulp bound holds.
        case GELU_GRAD ->
            assertThat(m.maxAbsoluteError()).as("max abs error of %s", range).isLessThan(4e-7);
      }
    }
  }

  private static void requireUlp(UlpAccuracy.Measurement m, double maxUlp, double meanUlp) {
    assertThat(m.maxUlp()).as("max ulp of %s", m.range()).isLessThan(maxUlp);
    assertThat(m.meanUlp()).as("mean ulp of %s", m.range()).isLessThan(meanUlp);
  }

  private static List<String> goldenLines() throws IOException {
    try (InputStream in =
        CanonicalMathTest.class.getResourceAsStream("/golden/canonical-math.txt")) {
      assertThat(in).as("golden resource").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII)
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .toList();
    }
  }
}
