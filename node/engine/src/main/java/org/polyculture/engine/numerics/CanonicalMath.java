package org.polyculture.engine.numerics;

/**
 * The elementary functions of numerics spec v1 (docs/numerics.md §3), built only from correctly
 * rounded {@code + - * /}, {@code sqrt}, {@code fma}, {@code rint}, comparisons and bit operations
 * on binary32, so that Java, CUDA and any other conforming implementation give identical bits.
 *
 * <p>Every statement here is one step of the spec, in the spec's order; the golden vectors in
 * {@code src/test/resources/golden/canonical-math.txt} pin the results. Changing any constant or
 * the order of any operation is a new spec version.
 */
public final class CanonicalMath {

  // §3.1 exp
  /** Above this every result overflows; at or below it the reduction keeps {@code n <= 128}. */
  static final float EXP_OVERFLOW_ABOVE = 89.0f;

  /** Below this every result rounds to +0; at or above it the reduction keeps {@code n >= -150}. */
  static final float EXP_UNDERFLOW_BELOW = -104.0f;

  static final float LOG2E = Float.intBitsToFloat(0x3FB8AA3B); // 1.44269502
  static final float LN2_HI = Float.intBitsToFloat(0x3F317218); // 0.693147182
  static final float LN2_LO = Float.intBitsToFloat(0xB102E308); // -1.90465421e-9
  static final float EXP_C2 = Float.intBitsToFloat(0x3EFFFFFE); // 0.499999940
  static final float EXP_C3 = Float.intBitsToFloat(0x3E2AAA46); // 0.166665167
  static final float EXP_C4 = Float.intBitsToFloat(0x3D2AAC83); // 0.0416684262
  static final float EXP_C5 = Float.intBitsToFloat(0x3C091EA6); // 0.00836912356
  static final float EXP_C6 = Float.intBitsToFloat(0x3AB50F46); // 0.00138137559

  // §3.2 log
  private static final float TWO_POW_23 = Float.intBitsToFloat(0x4B000000);
  private static final int SQRT_HALF_BITS = 0x3F3504F3; // 0.707106769, just below sqrt(1/2)
  private static final float LOG_C1 = Float.intBitsToFloat(0x3F2AAABD); // 0.666667759
  private static final float LOG_C2 = Float.intBitsToFloat(0x3ECCAF3C); // 0.399774432
  private static final float LOG_C3 = Float.intBitsToFloat(0x3E98F53B); // 0.298745960

  // §3.3 tanh
  static final float TANH_POLYNOMIAL_BELOW = 0.875f;
  static final float TANH_ONE_FROM = 10.0f;
  private static final float TANH_C0 = Float.intBitsToFloat(0xBEAAAAA8); // -0.33333325
  private static final float TANH_C1 = Float.intBitsToFloat(0x3E0887D5); // 0.13333066
  private static final float TANH_C2 = Float.intBitsToFloat(0xBD5CED39); // -0.05393717
  private static final float TANH_C3 = Float.intBitsToFloat(0x3CB1BBE6); // 0.021696042
  private static final float TANH_C4 = Float.intBitsToFloat(0xBC0882B2); // -0.008331941
  private static final float TANH_C5 = Float.intBitsToFloat(0x3B2DBC92); // 0.0026510102
  private static final float TANH_C6 = Float.intBitsToFloat(0xB9FCED0D); // -0.00048241802

  // §3.4 cosPi
  private static final float PI_HI = Float.intBitsToFloat(0x40490FDB); // 3.14159274
  private static final float PI_LO = Float.intBitsToFloat(0xB3BBBD2E); // -8.74227766e-8
  private static final float COS_C1 = Float.intBitsToFloat(0xC09DE9E6); // -4.93480206
  private static final float COS_C2 = Float.intBitsToFloat(0x4081E0EF); // 4.05870771
  private static final float COS_C3 = Float.intBitsToFloat(0xBFAAE2F0); // -1.33505058
  private static final float COS_C4 = Float.intBitsToFloat(0x3E6CEABF); // 0.231364235
  private static final float SIN_C1 = Float.intBitsToFloat(0xC0A55DDF); // -5.16770887
  private static final float SIN_C2 = Float.intBitsToFloat(0x40233002); // 2.54980516
  private static final float SIN_C3 = Float.intBitsToFloat(0xBF16E426); // -0.589418769

  // §3.5 gelu
  static final float GELU_C = 0.7978845608f; // sqrt(2/pi), bits 0x3F4C422A
  static final float GELU_K = 0.044715f; // bits 0x3D372713
  static final float GELU_2C = 2.0f * GELU_C; // bits 0x3FCC422A
  static final float GELU_3K = 3.0f * GELU_K; // 0.134144992, bits 0x3E095D4E

  private CanonicalMath() {}

  /** {@code e^x}, spec §3.1. */
  public static float exp(float x) {
    if (Float.isNaN(x)) {
      return x;
    }
    if (x > EXP_OVERFLOW_ABOVE) {
      return Float.POSITIVE_INFINITY;
    }
    if (x < EXP_UNDERFLOW_BELOW) {
      return 0.0f;
    }
    float n = rint(x * LOG2E);
    // x - n*LN2_HI is exact (see the spec), so r carries only the rounding of the second fma.
    float r = Math.fma(n, -LN2_HI, x);
    r = Math.fma(n, -LN2_LO, r);
    float p = Math.fma(EXP_C6, r, EXP_C5);
    p = Math.fma(p, r, EXP_C4);
    p = Math.fma(p, r, EXP_C3);
    p = Math.fma(p, r, EXP_C2);
    p = Math.fma(p, r * r, r);
    p = p + 1.0f;
    return scaleByPowerOfTwo(p, (int) n);
  }

  /**
   * {@code p * 2^e} for {@code p} in [0.7, 1.5) and {@code e} in [-150, 128], rounded once: with
   * {@code e1 = clamp(e, -126, 127)}, {@code p * 2^(e - e1)} is exact (a normal float; {@code e -
   * e1} is 0, 1 or in [-24, -1]) and only the product with {@code 2^e1} can round — to a subnormal,
   * or overflow to +∞.
   */
  private static float scaleByPowerOfTwo(float p, int e) {
    int e1 = Math.max(-126, Math.min(127, e));
    return (p * powerOfTwo(e - e1)) * powerOfTwo(e1);
  }

  /** {@code 2^e} for {@code e} in [-126, 127], a normal float. */
  private static float powerOfTwo(int e) {
    return Float.intBitsToFloat((e + 127) << 23);
  }

  /** Natural logarithm, spec §3.2. */
  public static float log(float x) {
    if (Float.isNaN(x)) {
      return Float.NaN;
    }
    if (x == 0.0f) {
      return Float.NEGATIVE_INFINITY;
    }
    if (x < 0.0f) {
      return Float.NaN;
    }
    if (x == Float.POSITIVE_INFINITY) {
      return x;
    }
    int k = 0;
    int ix = Float.floatToRawIntBits(x);
    if (ix < 0x00800000) {
      ix = Float.floatToRawIntBits(x * TWO_POW_23);
      k = -23;
    }
    // Split x = m * 2^k with m in [SQRT_HALF, 2 * SQRT_HALF) using the bits alone.
    ix += 0x3F800000 - SQRT_HALF_BITS;
    k += (ix >> 23) - 127;
    ix = (ix & 0x007FFFFF) + SQRT_HALF_BITS;
    float f = Float.intBitsToFloat(ix) - 1.0f;
    float s = f / (2.0f + f);
    float z = s * s;
    float r = z * Math.fma(Math.fma(LOG_C3, z, LOG_C2), z, LOG_C1);
    float halfSquare = (0.5f * f) * f;
    float ek = (float) k;
    float lo = Math.fma(s, halfSquare + r, ek * LN2_LO);
    return Math.fma(ek, LN2_HI, f - (halfSquare - lo));
  }

  /** Hyperbolic tangent, spec §3.3. */
  public static float tanh(float x) {
    if (Float.isNaN(x)) {
      return x;
    }
    float a = abs(x);
    float t;
    if (a >= TANH_ONE_FROM) {
      t = 1.0f;
    } else if (a < TANH_POLYNOMIAL_BELOW) {
      float z = a * a;
      float p = Math.fma(TANH_C6, z, TANH_C5);
      p = Math.fma(p, z, TANH_C4);
      p = Math.fma(p, z, TANH_C3);
      p = Math.fma(p, z, TANH_C2);
      p = Math.fma(p, z, TANH_C1);
      p = Math.fma(p, z, TANH_C0);
      t = Math.fma(a * z, p, a);
    } else {
      float e = exp(a + a);
      t = 1.0f - 2.0f / (e + 1.0f);
    }
    return withSignOf(t, x);
  }

  /** {@code cos(πx)}, spec §3.4. */
  public static float cosPi(float x) {
    if (Float.isNaN(x) || Float.isInfinite(x)) {
      return Float.NaN;
    }
    // y = x - 2 rint(x/2) is exact and lies in [-1, 1]; cos(πx) = cos(π|y|).
    float a = abs(x - 2.0f * rint(0.5f * x));
    boolean negate = a > 0.5f;
    if (negate) {
      a = 1.0f - a; // cos(πa) = -cos(π(1 - a)); exact
    }
    float c;
    if (a <= 0.25f) {
      float z = a * a;
      float p = Math.fma(COS_C4, z, COS_C3);
      p = Math.fma(p, z, COS_C2);
      p = Math.fma(p, z, COS_C1);
      c = Math.fma(z, p, 1.0f);
    } else {
      // cos(πa) = sin(πd) with d = 1/2 - a, exact.
      float d = 0.5f - a;
      float z = d * d;
      float p = Math.fma(SIN_C3, z, SIN_C2);
      p = Math.fma(p, z, SIN_C1);
      p = Math.fma(z, p, PI_LO);
      c = Math.fma(d, PI_HI, d * p);
    }
    return negate ? -c : c;
  }

  /** {@code 1 / sqrt(x)} with two roundings, spec §3.5. */
  public static float rsqrt(float x) {
    return 1.0f / sqrt(x);
  }

  /** Correctly rounded square root. */
  public static float sqrt(float x) {
    // The double square root of a float, rounded to float, is the correctly rounded float root.
    return (float) Math.sqrt(x);
  }

  /**
   * GELU, tanh form, spec §3.5, evaluated as {@code x * sigmoid(2u)}: the same function as {@code
   * 0.5 x (1 + tanh(u))} without its cancellation for negative {@code x}.
   */
  public static float gelu(float x) {
    float u = GELU_C * (x + GELU_K * ((x * x) * x));
    return x / (1.0f + exp(-2.0f * u));
  }

  /**
   * Derivative of {@link #gelu}, spec §3.5; {@code 1 - sigmoid(2u)} is computed as its own sigmoid.
   */
  public static float geluGrad(float x) {
    float x2 = x * x;
    float u = GELU_C * (x + GELU_K * (x2 * x));
    float s = 1.0f / (1.0f + exp(-2.0f * u));
    float sm = 1.0f / (1.0f + exp(2.0f * u));
    float du = GELU_2C * (1.0f + GELU_3K * x2);
    return s + ((x * s) * sm) * du;
  }

  /** Round to the nearest integer, ties to even; exact. */
  public static float rint(float x) {
    return (float) Math.rint(x);
  }

  /** {@code |x|}: clears the sign bit. */
  public static float abs(float x) {
    return Float.intBitsToFloat(Float.floatToRawIntBits(x) & 0x7FFFFFFF);
  }

  private static float withSignOf(float magnitude, float sign) {
    return Float.intBitsToFloat(
        (Float.floatToRawIntBits(magnitude) & 0x7FFFFFFF)
            | (Float.floatToRawIntBits(sign) & 0x80000000));
  }
}
