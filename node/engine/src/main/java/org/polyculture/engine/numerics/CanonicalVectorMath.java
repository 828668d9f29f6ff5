package org.polyculture.engine.numerics;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link CanonicalMath} lane by lane with the Vector API: every lane of a result has exactly the
 * bits of the scalar function of that lane's input (docs/numerics.md §3). The special cases that
 * the scalar code handles by branching are computed as selects; {@code rint} of the bounded
 * reduction argument is {@code (t + 1.5·2^23) - 1.5·2^23}, which equals {@code rint(t)} for {@code
 * |t| < 2^22} except that it may give {@code +0} for {@code -0}, a difference that no later step
 * can see.
 */
public final class CanonicalVectorMath {

  /** The species the cpu backend computes with. */
  public static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private static final VectorSpecies<Integer> INTS =
      VectorSpecies.of(int.class, SPECIES.vectorShape());
  private static final int LENGTH = SPECIES.length();
  private static final float ROUNDING = 0x1.8p23f;

  private CanonicalVectorMath() {}

  /** {@link CanonicalMath#exp} of each lane. */
  public static FloatVector exp(FloatVector x) {
    VectorMask<Float> nan = x.test(VectorOperators.IS_NAN);
    VectorMask<Float> over = x.compare(VectorOperators.GT, CanonicalMath.EXP_OVERFLOW_ABOVE);
    VectorMask<Float> under = x.compare(VectorOperators.LT, CanonicalMath.EXP_UNDERFLOW_BELOW);
    FloatVector inRange = x.blend(0.0f, nan.or(over).or(under));
    FloatVector n = inRange.mul(CanonicalMath.LOG2E).add(ROUNDING).sub(ROUNDING);
    FloatVector r = n.fma(broadcast(-CanonicalMath.LN2_HI), inRange);
    r = n.fma(broadcast(-CanonicalMath.LN2_LO), r);
    FloatVector p = r.fma(CanonicalMath.EXP_C6, CanonicalMath.EXP_C5);
    p = p.fma(r, broadcast(CanonicalMath.EXP_C4));
    p = p.fma(r, broadcast(CanonicalMath.EXP_C3));
    p = p.fma(r, broadcast(CanonicalMath.EXP_C2));
    p = p.fma(r.mul(r), r);
    p = p.add(1.0f);
    IntVector e = (IntVector) n.convert(VectorOperators.F2I, 0);
    IntVector e2 =
        IntVector.zero(INTS)
            .blend(127, e.compare(VectorOperators.GT, 127))
            .blend(-126, e.compare(VectorOperators.LT, -126));
    FloatVector result = p.mul(powerOfTwo(e.sub(e2))).mul(powerOfTwo(e2));
    return result.blend(Float.POSITIVE_INFINITY, over).blend(0.0f, under).blend(x, nan);
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

  private static FloatVector powerOfTwo(IntVector exponent) {
    return exponent.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
  }
}
