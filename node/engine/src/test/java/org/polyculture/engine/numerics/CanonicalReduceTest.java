package org.polyculture.engine.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CanonicalReduceTest {

  private static final float TWO_POW_24 = 16_777_216.0f;

  private static int bits(float x) {
    return Float.floatToRawIntBits(x);
  }

  @Test
  void shouldReturnPositiveZeroForEmptySumAndDot() {
    assertThat(bits(CanonicalReduce.sum(new float[0], 0))).isEqualTo(bits(0.0f));
    assertThat(bits(CanonicalReduce.dot(new float[0], new float[0], 0))).isEqualTo(bits(0.0f));
  }

  @Test
  void shouldSumNegativeZerosToPositiveZero() {
    float[] zeros = {-0.0f, -0.0f, -0.0f};

    assertThat(bits(CanonicalReduce.sum(zeros, 3))).isEqualTo(bits(0.0f));
    assertThat(bits(CanonicalReduce.dot(zeros, new float[] {1, 1, 1}, 3))).isEqualTo(bits(0.0f));
  }

  @Test
  void shouldCombineLanesPairwiseNotSequentially() {
    // Lanes 0..3 hold 2^24, 0, 1, 1: the tree adds (1 + 1) before meeting 2^24 and gives 2^24 + 2,
    // where a left-to-right sum rounds 2^24 + 1 to 2^24 twice.
    float[] x = {TWO_POW_24, 0.0f, 1.0f, 1.0f};

    assertThat(CanonicalReduce.sum(x, 4)).isEqualTo(TWO_POW_24 + 2.0f);
  }

  @Test
  void shouldAccumulateElementsSixteenApartInOneLane() {
    // Elements 0, 16 and 32 share lane 0: ((2^24 + 1) + 1) rounds twice to 2^24.
    float[] x = new float[33];
    x[0] = TWO_POW_24;
    x[16] = 1.0f;
    x[32] = 1.0f;

    assertThat(CanonicalReduce.sum(x, 33)).isEqualTo(TWO_POW_24);
  }

  @Test
  void shouldUseTheTreeShapeOfTheSpec() {
    float[] lanes = new float[16];
    for (int l = 0; l < 16; l++) {
      lanes[l] = 1.0f;
    }
    lanes[0] = TWO_POW_24;
    // p0 + p1 = 2^24 + 1 rounds to 2^24; the seven other pairs give 2 each and are joined
    // exactly: ((2^24 + 2) + 4) + 8, where a left-to-right sum would stay at 2^24.
    float expected = ((TWO_POW_24 + 2.0f) + 4.0f) + 8.0f;

    assertThat(CanonicalReduce.tree16(lanes)).isEqualTo(expected);
  }

  @Test
  void shouldFuseEachProductIntoItsLane() {
    // fma keeps the exact product: (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24 added to -1 is exact.
    float a = 1.0f + 0x1p-12f;
    float[] x = {a, 1.0f};
    float[] y = {a, -1.0f};

    assertThat(CanonicalReduce.dot(x, y, 1)).isEqualTo(1.0f + 0x1p-11f);
    float[] x17 = new float[17];
    float[] y17 = new float[17];
    x17[0] = -1.0f;
    y17[0] = 1.0f;
    x17[16] = a;
    y17[16] = a;
    assertThat(CanonicalReduce.dot(x17, y17, 17)).isEqualTo(0x1p-11f + 0x1p-24f);
  }

  @Test
  void shouldReadStridedViewsFromTheirOffset() {
    float[] a = {9, 1, 9, 2, 9, 3};
    float[] b = {4, 5, 6, 7};

    assertThat(CanonicalReduce.dot(a, 1, 2, b, 3, -1, 3)).isEqualTo(1 * 7 + 2 * 6 + 3 * 5);
    assertThat(CanonicalReduce.sum(a, 0, 2, 3)).isEqualTo(27.0f);
    assertThat(CanonicalReduce.max(a, 1, 2, 3)).isEqualTo(3.0f);
  }

  @Test
  void shouldPropagateNanAndInfinitiesThroughSumsAndDots() {
    assertThat(CanonicalReduce.sum(new float[] {1, Float.NaN, 2}, 3)).isNaN();
    assertThat(CanonicalReduce.sum(new float[] {Float.POSITIVE_INFINITY, 1}, 2))
        .isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(
            CanonicalReduce.sum(new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}, 2))
        .isNaN();
    assertThat(CanonicalReduce.dot(new float[] {0, 1}, new float[] {Float.POSITIVE_INFINITY, 1}, 2))
        .isNaN();
    assertThat(CanonicalReduce.dot(new float[] {3e38f, 3e38f}, new float[] {2, 2}, 2))
        .isEqualTo(Float.POSITIVE_INFINITY);
  }

  @Test
  void shouldKeepSubnormalsExact() {
    float[] x = {Float.MIN_VALUE, Float.MIN_VALUE, Float.MIN_VALUE};

    assertThat(CanonicalReduce.sum(x, 3)).isEqualTo(3 * Float.MIN_VALUE);
    assertThat(CanonicalReduce.dot(new float[] {0x1p-75f}, new float[] {0x1p-74f}, 1))
        .isEqualTo(Float.MIN_VALUE);
    assertThat(CanonicalReduce.dot(new float[] {0x1p-75f}, new float[] {0x1p-75f}, 1))
        .isEqualTo(0.0f);
  }

  @Test
  void shouldReturnNanFromMaxWhenAnyElementIsNan() {
    assertThat(CanonicalReduce.max(new float[] {Float.NaN, 1, 2}, 3)).isNaN();
    assertThat(CanonicalReduce.max(new float[] {1, Float.NaN, 2}, 3)).isNaN();
    assertThat(CanonicalReduce.max(new float[] {1, 2, Float.NaN}, 3)).isNaN();
  }

  @Test
  void shouldPreferPositiveZeroInMaxWhateverTheOrder() {
    assertThat(bits(CanonicalReduce.max(new float[] {-0.0f, 0.0f}, 2))).isEqualTo(bits(0.0f));
    assertThat(bits(CanonicalReduce.max(new float[] {0.0f, -0.0f}, 2))).isEqualTo(bits(0.0f));
    assertThat(bits(CanonicalReduce.max(new float[] {-0.0f, -1.0f}, 2))).isEqualTo(bits(-0.0f));
  }

  @Test
  void shouldFindTheLargestOfInfinitiesAndSubnormals() {
    assertThat(CanonicalReduce.max(new float[] {Float.NEGATIVE_INFINITY}, 1))
        .isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(CanonicalReduce.max(new float[] {-1, Float.POSITIVE_INFINITY, 5}, 3))
        .isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(CanonicalReduce.max(new float[] {-0.0f, Float.MIN_VALUE, 0.0f}, 3))
        .isEqualTo(Float.MIN_VALUE);
  }

  @Test
  void shouldRejectMaxOfNothingAndNegativeCounts() {
    assertThatThrownBy(() -> CanonicalReduce.max(new float[1], 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CanonicalReduce.sum(new float[1], -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
