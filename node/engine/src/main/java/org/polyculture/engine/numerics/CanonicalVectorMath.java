package org.polyculture.engine.numerics;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link CanonicalMath} lane by lane with the Vector API: every lane of a result has exactly the
 * bits of the scalar function of that lane's input (docs/numerics.md §3). {@code rint} of the
 * bounded reduction argument is {@code (t + 1.5·2^23) - 1.5·2^23}, which equals {@code rint(t)} for
 * {@code |t| < 2^22} except that it may give {@code +0} for {@code -0}, a difference that no later
 * step can see.
 */
public final class CanonicalVectorMath {

  /** The species the cpu backend computes with. */
  public static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private static final int LENGTH = SPECIES.length();
  private static final float ROUNDING = 0x1.8p23f;
  private static final int ROUNDING_BITS = Float.floatToRawIntBits(ROUNDING);

  private CanonicalVectorMath() {}

  /**
   * {@link CanonicalMath#exp} of each lane. Clamping the input to [-104, 89] replaces the scalar
   * special cases: the sequence itself gives {@code +∞} at 89 and {@code +0} at -104, and a NaN
   * passes through every step.
   */
  public static FloatVector exp(FloatVector x) {
    FloatVector xc = x.max(CanonicalMath.EXP_UNDERFLOW_BELOW).min(CanonicalMath.EXP_OVERFLOW_ABOVE);
    FloatVector n = xc.mul(CanonicalMath.LOG2E).add(ROUNDING).sub(ROUNDING);
    FloatVector r = n.fma(broadcast(-CanonicalMath.LN2_HI), xc);
    r = n.fma(broadcast(-CanonicalMath.LN2_LO), r);
    FloatVector p = r.fma(CanonicalMath.EXP_C6, CanonicalMath.EXP_C5);
    p = p.fma(r, broadcast(CanonicalMath.EXP_C4));
    p = p.fma(r, broadcast(CanonicalMath.EXP_C3));
    p = p.fma(r, broadcast(CanonicalMath.EXP_C2));
    p = p.fma(r.mul(r), r);
    p = p.add(1.0f);
    FloatVector e1 = n.max(-126.0f).min(127.0f);
    return p.mul(powerOfTwo(n.sub(e1))).mul(powerOfTwo(e1));
  }

  /** {@link CanonicalMath#gelu} of each lane. */
  public static FloatVector gelu(FloatVector x) {
    FloatVector u = x.mul(x).mul(x).mul(CanonicalMath.GELU_K).add(x).mul(CanonicalMath.GELU_C);
    return x.div(exp(u.mul(-2.0f)).add(1.0f));
  }

  /** {@link CanonicalMath#geluGrad} of each lane. */
  public static FloatVector geluGrad(FloatVector x) {
    FloatVector x2 = x.mul(x);
    FloatVector u = x2.mul(x).mul(CanonicalMath.GELU_K).add(x).mul(CanonicalMath.GELU_C);
    FloatVector one = broadcast(1.0f);
    FloatVector s = one.div(exp(u.mul(-2.0f)).add(1.0f));
    FloatVector sm = one.div(exp(u.mul(2.0f)).add(1.0f));
    FloatVector du = x2.mul(CanonicalMath.GELU_3K).add(1.0f).mul(CanonicalMath.GELU_2C);
    return x.mul(s).mul(sm).mul(du).add(s);
  }

  /** {@code out[outOff + i] = exp(x[xOff + i] - shift)} for {@code i < n}. */
  public static void expShifted(float[] x, int xOff, float shift, float[] out, int outOff, int n) {
    int i = 0;
    for (; i + LENGTH <= n; i += LENGTH) {
      exp(FloatVector.fromArray(SPECIES, x, xOff + i).sub(shift)).intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = CanonicalMath.exp(x[xOff + i] - shift);
    }
  }

  /** {@code out[i] = gelu(x[i])} for {@code i} in {@code [from, to)}. */
  public static void gelu(float[] x, float[] out, int from, int to) {
    int i = from;
    for (; i + LENGTH <= to; i += LENGTH) {
      gelu(FloatVector.fromArray(SPECIES, x, i)).intoArray(out, i);
    }
    for (; i < to; i++) {
      out[i] = CanonicalMath.gelu(x[i]);
    }
  }

  /** {@code dx[i] = dout[i] * geluGrad(x[i])} for {@code i} in {@code [from, to)}. */
  public static void geluBackward(float[] dout, float[] x, float[] dx, int from, int to) {
    int i = from;
    for (; i + LENGTH <= to; i += LENGTH) {
      FloatVector.fromArray(SPECIES, dout, i)
          .mul(geluGrad(FloatVector.fromArray(SPECIES, x, i)))
          .intoArray(dx, i);
    }
    for (; i < to; i++) {
      dx[i] = dout[i] * CanonicalMath.geluGrad(x[i]);
    }
  }

  private static FloatVector broadcast(float value) {
    return FloatVector.broadcast(SPECIES, value);
  }

  /**
   * {@code 2^k} for integer-valued {@code k} in [-126, 127]: the float with bits {@code (k + 127)
   * << 23}, where the integer {@code k + 127} is read from the low mantissa bits of {@code (k +
   * 127) + 1.5·2^23}.
   */
  private static FloatVector powerOfTwo(FloatVector k) {
    return k.add(127.0f + ROUNDING)
        .reinterpretAsInts()
        .sub(ROUNDING_BITS)
        .lanewise(VectorOperators.LSHL, 23)
        .reinterpretAsFloats();
  }
}
