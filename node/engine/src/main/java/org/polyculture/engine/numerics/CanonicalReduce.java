package org.polyculture.engine.numerics;

/**
 * The canonical reductions of numerics spec v1 (docs/numerics.md §2): sixteen lane accumulators
 * followed by a fixed pairwise tree for dot products and sums, and an order-independent maximum.
 *
 * <p>Element {@code i} of a strided view is {@code x[offset + i * stride]}. The lane of element
 * {@code i} is {@code i mod 16}; lanes start at {@code +0.0f} and take their elements in increasing
 * {@code i}.
 */
public final class CanonicalReduce {

  /** The number of lane accumulators of every dot product and sum. */
  public static final int LANES = 16;

  private CanonicalReduce() {}

  /** {@code dot(a, b, n)} over contiguous arrays from index 0. */
  public static float dot(float[] a, float[] b, int n) {
    return dot(a, 0, 1, b, 0, 1, n);
  }

  /** {@code dot(a, b, n)} over strided views, spec §2.1: {@code p[i mod 16] = fma(a_i, b_i, p)}. */
  public static float dot(
      float[] a, int aOffset, int aStride, float[] b, int bOffset, int bStride, int n) {
    return dot(a, aOffset, aStride, b, bOffset, bStride, n, 0);
  }

  /**
   * A dot product whose elements carry the positions {@code firstPosition, firstPosition + 1, ...}:
   * element {@code i} goes to lane {@code (firstPosition + i) mod 16} (spec §2.1). Used where an op
   * sums over a range of sequence positions that does not start at 0.
   */
  public static float dot(
      float[] a,
      int aOffset,
      int aStride,
      float[] b,
      int bOffset,
      int bStride,
      int n,
      int firstPosition) {
    requireCount(n);
    float[] lanes = new float[LANES];
    for (int i = 0; i < n; i++) {
      int lane = (firstPosition + i) & (LANES - 1);
      lanes[lane] = Math.fma(a[aOffset + i * aStride], b[bOffset + i * bStride], lanes[lane]);
    }
    return tree16(lanes);
  }

  /** {@code sum(x, n)} over a contiguous array from index 0. */
  public static float sum(float[] x, int n) {
    return sum(x, 0, 1, n);
  }

  /** {@code sum(x, n)} over a strided view, spec §2.2: {@code p[i mod 16] = p + x_i}. */
  public static float sum(float[] x, int offset, int stride, int n) {
    requireCount(n);
    float[] lanes = new float[LANES];
    for (int i = 0; i < n; i++) {
      int lane = i & (LANES - 1);
      lanes[lane] = lanes[lane] + x[offset + i * stride];
    }
    return tree16(lanes);
  }

  /**
   * The pairwise tree of spec §2.3 over {@code lanes[0..15]}: {@code
   * ((((p0+p1)+(p2+p3))+((p4+p5)+(p6+p7)))+(((p8+p9)+(p10+p11))+((p12+p13)+(p14+p15))))}.
   */
  public static float tree16(float[] lanes) {
    return tree16(lanes, 0, 1);
  }

  /** {@link #tree16(float[])} over {@code lanes[offset + l * stride]} for {@code l = 0..15}. */
  public static float tree16(float[] lanes, int offset, int stride) {
    float q0 = lanes[offset] + lanes[offset + stride];
    float q1 = lanes[offset + 2 * stride] + lanes[offset + 3 * stride];
    float q2 = lanes[offset + 4 * stride] + lanes[offset + 5 * stride];
    float q3 = lanes[offset + 6 * stride] + lanes[offset + 7 * stride];
    float q4 = lanes[offset + 8 * stride] + lanes[offset + 9 * stride];
    float q5 = lanes[offset + 10 * stride] + lanes[offset + 11 * stride];
    float q6 = lanes[offset + 12 * stride] + lanes[offset + 13 * stride];
    float q7 = lanes[offset + 14 * stride] + lanes[offset + 15 * stride];
    return ((q0 + q1) + (q2 + q3)) + ((q4 + q5) + (q6 + q7));
  }

  /** {@code max(x, n)} over a contiguous array from index 0. */
  public static float max(float[] x, int n) {
    return max(x, 0, 1, n);
  }

  /**
   * {@code max(x, n)}, spec §2.4, {@code n >= 1}: NaN if any element is NaN, otherwise the largest
   * element, where {@code +0.0f} counts as larger than {@code -0.0f}. The result does not depend on
   * the order in which the elements are compared.
   */
  public static float max(float[] x, int offset, int stride, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("max needs at least one element, got " + n);
    }
    float m = x[offset];
    for (int i = 1; i < n; i++) {
      m = max(m, x[offset + i * stride]);
    }
    return m;
  }

  /** The maximum of two values as defined by spec §2.4 (Java's {@code Math.max} on floats). */
  public static float max(float a, float b) {
    return Math.max(a, b);
  }

  private static void requireCount(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("element count must not be negative, got " + n);
    }
  }
}
