package org.polyculture.engine.numerics;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Measures how far {@link CanonicalMath} is from the true function, in units in the last place of
 * the float result, using {@link Math} in double precision as the reference. Accuracy is a quality
 * figure of the spec, not part of the contract (docs/numerics.md §3.6).
 */
final class UlpAccuracy {

  /** A float function of the spec and its double-precision reference. */
  enum Function {
    EXP(CanonicalMath::exp, Math::exp),
    LOG(CanonicalMath::log, Math::log),
    TANH(CanonicalMath::tanh, Math::tanh),
    COS_PI(CanonicalMath::cosPi, UlpAccuracy::cosPiReference),
    GELU(CanonicalMath::gelu, UlpAccuracy::geluReference),
    GELU_GRAD(CanonicalMath::geluGrad, UlpAccuracy::geluGradReference);

    private final FloatFunction canonical;
    private final DoubleUnaryOperator reference;

    Function(FloatFunction canonical, DoubleUnaryOperator reference) {
      this.canonical = canonical;
      this.reference = reference;
    }

    float canonical(float x) {
      return canonical.apply(x);
    }

    double reference(float x) {
      return reference.applyAsDouble(x);
    }
  }

  @FunctionalInterface
  interface FloatFunction {
    float apply(float x);
  }

  /** How inputs are drawn from a range. */
  enum Sampling {
    /** Uniform in value. */
    UNIFORM,
    /** Uniform over the float encodings between the bounds (every binade equally). */
    ENCODINGS
  }

  /** A range of inputs of one function. */
  record Range(Function function, float from, float to, Sampling sampling) {
    @Override
    public String toString() {
      return function + " [" + from + ", " + to + "] " + sampling.name().toLowerCase();
    }
  }

  /** The result of measuring one range. */
  record Measurement(
      Range range,
      long samples,
      double maxUlp,
      double meanUlp,
      float worstInput,
      double maxAbsoluteError) {}

  /** The ranges of the table in docs/numerics.md §3.6. */
  static List<Range> standardRanges() {
    List<Range> ranges = new ArrayList<>();
    ranges.add(new Range(Function.EXP, -1.0f, 1.0f, Sampling.UNIFORM));
    ranges.add(new Range(Function.EXP, -104.0f, 89.0f, Sampling.UNIFORM));
    ranges.add(new Range(Function.EXP, -103.0f, -87.0f, Sampling.UNIFORM));
    ranges.add(new Range(Function.LOG, 0.5f, 2.0f, Sampling.UNIFORM));
    ranges.add(new Range(Function.LOG, Float.MIN_VALUE, Float.MAX_VALUE, Sampling.ENCODINGS));
    ranges.add(new Range(Function.TANH, -1.0f, 1.0f, Sampling.UNIFORM));
    ranges.add(new Range(Function.TANH, -10.0f, 10.0f, Sampling.UNIFORM));
    ranges.add(new Range(Function.TANH, Float.MIN_VALUE, 20.0f, Sampling.ENCODINGS));
    ranges.add(new Range(Function.COS_PI, -1.0f, 1.0f, Sampling.UNIFORM));
    ranges.add(new Range(Function.COS_PI, -10000.0f, 10000.0f, Sampling.UNIFORM));
    ranges.add(new Range(Function.GELU, -3.0f, 3.0f, Sampling.UNIFORM));
    ranges.add(new Range(Function.GELU, -10.0f, 10.0f, Sampling.UNIFORM));
    ranges.add(new Range(Function.GELU_GRAD, -3.0f, 3.0f, Sampling.UNIFORM));
    return ranges;
  }

  private UlpAccuracy() {}

  static Measurement measure(Range range, long samples, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double max = 0.0;
    double total = 0.0;
    float worst = Float.NaN;
    double maxAbsolute = 0.0;
    int fromBits = Float.floatToRawIntBits(range.from());
    int toBits = Float.floatToRawIntBits(range.to());
    boolean encodings = range.sampling() == Sampling.ENCODINGS;
    if (encodings && (range.from() < 0.0f || range.to() <= range.from())) {
      throw new IllegalArgumentException("encoding sampling needs 0 <= from < to: " + range);
    }
    for (long i = 0; i < samples; i++) {
      float x;
      if (encodings) {
        x = Float.intBitsToFloat(fromBits + (int) random.nextLong(toBits - fromBits + 1L));
      } else {
        x = (float) (range.from() + (range.to() - (double) range.from()) * random.nextDouble());
      }
      float y = range.function().canonical(x);
      double reference = range.function().reference(x);
      double error = ulpError(y, reference);
      if (Float.isFinite(y) && Float.isFinite((float) reference)) {
        maxAbsolute = Math.max(maxAbsolute, Math.abs(y - reference));
      }
      total += error;
      if (error > max || Double.isNaN(error)) {
        max = error;
        worst = x;
      }
    }
    return new Measurement(range, samples, max, total / samples, worst, maxAbsolute);
  }

  /**
   * {@code |y - reference|} in units of {@code 2^(e - 23)}, where {@code 2^e <= |reference| <
   * 2^(e+1)} (and {@code e >= -126}); infinite when one is infinite or NaN and the other is not.
   */
  static double ulpError(float y, double reference) {
    if (Double.isNaN(reference) || Float.isNaN(y)) {
      return Double.isNaN(reference) && Float.isNaN(y) ? 0.0 : Double.POSITIVE_INFINITY;
    }
    float rounded = (float) reference;
    if (Float.isInfinite(rounded) || Float.isInfinite(y)) {
      return rounded == y ? 0.0 : Double.POSITIVE_INFINITY;
    }
    int exponent = reference == 0.0 ? -126 : Math.max(Math.getExponent(reference), -126);
    return Math.abs(y - reference) / Math.scalb(1.0, exponent - 23);
  }

  static double cosPiReference(double x) {
    double a = Math.abs(x - 2.0 * Math.rint(0.5 * x));
    if (a <= 0.25) {
      return Math.cos(Math.PI * a);
    }
    if (a <= 0.75) {
      return Math.sin(Math.PI * (0.5 - a));
    }
    return -Math.cos(Math.PI * (1.0 - a));
  }

  private static final double GELU_C = Math.sqrt(2.0 / Math.PI);
  private static final double GELU_K = 0.044715;

  static double geluReference(double x) {
    double u = GELU_C * (x + GELU_K * x * x * x);
    return x / (1.0 + Math.exp(-2.0 * u));
  }

  static double geluGradReference(double x) {
    double u = GELU_C * (x + GELU_K * x * x * x);
    double s = 1.0 / (1.0 + Math.exp(-2.0 * u));
    double sm = 1.0 / (1.0 + Math.exp(2.0 * u));
    return s + x * s * sm * 2.0 * GELU_C * (1.0 + 3.0 * GELU_K * x * x);
  }
}
