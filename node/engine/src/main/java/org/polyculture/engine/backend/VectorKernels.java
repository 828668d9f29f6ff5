package org.polyculture.engine.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.polyculture.engine.numerics.CanonicalReduce;
import org.polyculture.engine.numerics.CanonicalVectorMath;

/**
 * Vector API versions of the canonical reductions (docs/numerics.md §2) that give the bits of
 * {@link CanonicalReduce} for every input. Two shapes are used:
 *
 * <ul>
 *   <li><em>Lane kernels</em> reduce one contiguous run: the sixteen lanes are held in {@code 16 /
 *       LANE_LENGTH} vectors, which needs a vector length of 4, 8 or 16; for any other length they
 *       fall back to {@link CanonicalReduce}.
 *   <li><em>Column kernels</em> reduce many outputs at once, one output per vector lane, and keep
 *       sixteen partial vectors (one per canonical lane) that meet in the pairwise tree: these work
 *       for every vector length.
 * </ul>
 *
 * <p>Species are static constants so that the JIT compiles them to machine vectors.
 */
final class VectorKernels {

  static final VectorSpecies<Float> SPECIES = CanonicalVectorMath.SPECIES;
  static final int LENGTH = SPECIES.length();

  private static final int LANES = CanonicalReduce.LANES;

  /** The species of lane kernels: 16 lanes as 1, 2 or 4 vectors, or none. */
  private static final VectorSpecies<Float> LANE_SPECIES =
      LENGTH >= 16 ? FloatVector.SPECIES_512 : SPECIES;

  private static final int LANE_LENGTH = LANE_SPECIES.length();
  private static final int VECTORS_PER_16 =
      (LENGTH >= 4 && LANES % LANE_LENGTH == 0) ? LANES / LANE_LENGTH : 0;

  private VectorKernels() {}

  /** {@code dot(a[ao..], b[bo..], n)} of §2.1 over contiguous runs. */
  static float dot(float[] a, int ao, float[] b, int bo, int n) {
    if (VECTORS_PER_16 == 0 || n < LANES) {
      return CanonicalReduce.dot(a, ao, 1, b, bo, 1, n);
    }
    FloatVector p0 = FloatVector.zero(LANE_SPECIES);
    FloatVector p1 = p0;
    FloatVector p2 = p0;
    FloatVector p3 = p0;
    int full = n & -LANES;
    for (int i = 0; i < full; i += LANES) {
      p0 =
          FloatVector.fromArray(LANE_SPECIES, a, ao + i)
              .fma(FloatVector.fromArray(LANE_SPECIES, b, bo + i), p0);
      if (VECTORS_PER_16 >= 2) {
        int j = i + LANE_LENGTH;
        p1 =
            FloatVector.fromArray(LANE_SPECIES, a, ao + j)
                .fma(FloatVector.fromArray(LANE_SPECIES, b, bo + j), p1);
      }
      if (VECTORS_PER_16 == 4) {
        int j = i + 2 * LANE_LENGTH;
        p2 =
            FloatVector.fromArray(LANE_SPECIES, a, ao + j)
                .fma(FloatVector.fromArray(LANE_SPECIES, b, bo + j), p2);
        j += LANE_LENGTH;
        p3 =
            FloatVector.fromArray(LANE_SPECIES, a, ao + j)
                .fma(FloatVector.fromArray(LANE_SPECIES, b, bo + j), p3);
      }
    }
    float[] lanes = spill(p0, p1, p2, p3);
    for (int i = full; i < n; i++) {
      int lane = i & (LANES - 1);
      lanes[lane] = Math.fma(a[ao + i], b[bo + i], lanes[lane]);
    }
    return CanonicalReduce.tree16(lanes);
  }

  /** {@code sum(x[off..], n)} of §2.2 over a contiguous run. */
  static float sum(float[] x, int off, int n) {
    if (VECTORS_PER_16 == 0 || n < LANES) {
      return CanonicalReduce.sum(x, off, 1, n);
    }
    FloatVector p0 = FloatVector.zero(LANE_SPECIES);
    FloatVector p1 = p0;
    FloatVector p2 = p0;
    FloatVector p3 = p0;
    int full = n & -LANES;
    for (int i = 0; i < full; i += LANES) {
      p0 = p0.add(FloatVector.fromArray(LANE_SPECIES, x, off + i));
      if (VECTORS_PER_16 >= 2) {
        p1 = p1.add(FloatVector.fromArray(LANE_SPECIES, x, off + i + LANE_LENGTH));
      }
      if (VECTORS_PER_16 == 4) {
        p2 = p2.add(FloatVector.fromArray(LANE_SPECIES, x, off + i + 2 * LANE_LENGTH));
        p3 = p3.add(FloatVector.fromArray(LANE_SPECIES, x, off + i + 3 * LANE_LENGTH));
      }
    }
    float[] lanes = spill(p0, p1, p2, p3);
    for (int i = full; i < n; i++) {
      int lane = i & (LANES - 1);
      lanes[lane] = lanes[lane] + x[off + i];
    }
    return CanonicalReduce.tree16(lanes);
  }

  private static float[] spill(FloatVector p0, FloatVector p1, FloatVector p2, FloatVector p3) {
    float[] lanes = new float[LANES];
    p0.intoArray(lanes, 0);
    if (VECTORS_PER_16 >= 2) {
      p1.intoArray(lanes, LANE_LENGTH);
    }
    if (VECTORS_PER_16 == 4) {
      p2.intoArray(lanes, 2 * LANE_LENGTH);
      p3.intoArray(lanes, 3 * LANE_LENGTH);
    }
    return lanes;
  }

  /**
   * {@code max(x[off..], n)} of §2.4. The maximum does not depend on the comparison order, so the
   * vectors may take the elements in any grouping.
   */
  static float max(float[] x, int off, int n) {
    if (n < 2 * LENGTH) {
      return CanonicalReduce.max(x, off, 1, n);
    }
    FloatVector m = FloatVector.fromArray(SPECIES, x, off);
    int full = n - n % LENGTH;
    for (int i = LENGTH; i < full; i += LENGTH) {
      m = m.max(FloatVector.fromArray(SPECIES, x, off + i));
    }
    float result = CanonicalReduce.max(m.toArray(), 0, 1, LENGTH);
    for (int i = full; i < n; i++) {
      result = CanonicalReduce.max(result, x[off + i]);
    }
    return result;
  }

  /**
   * {@code out[outOff + c] = dot over r of (w[wOff + r*wStride], x[xOff + r*xStride + c])} for
   * {@code c} in {@code [0, cols)}: a weighted sum of {@code rows} rows, each output in canonical
   * lane order with row {@code r} in lane {@code (firstPosition + r) mod 16}.
   */
  static void weightedRowSum(
      float[] w,
      int wOff,
      int wStride,
      float[] x,
      int xOff,
      int xStride,
      int rows,
      float[] out,
      int outOff,
      int cols,
      int firstPosition) {
    float[] partial = new float[LANES * 2 * LENGTH];
    int c = 0;
    for (; c + 2 * LENGTH <= cols; c += 2 * LENGTH) {
      for (int lane = 0; lane < LANES; lane++) {
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = acc0;
        for (int r = (lane - firstPosition) & (LANES - 1); r < rows; r += LANES) {
          FloatVector weight = FloatVector.broadcast(SPECIES, w[wOff + r * wStride]);
          int row = xOff + r * xStride + c;
          acc0 = weight.fma(FloatVector.fromArray(SPECIES, x, row), acc0);
          acc1 = weight.fma(FloatVector.fromArray(SPECIES, x, row + LENGTH), acc1);
        }
        acc0.intoArray(partial, lane * 2 * LENGTH);
        acc1.intoArray(partial, lane * 2 * LENGTH + LENGTH);
      }
      tree(partial, 0, 2 * LENGTH).intoArray(out, outOff + c);
      tree(partial, LENGTH, 2 * LENGTH).intoArray(out, outOff + c + LENGTH);
    }
    for (; c + LENGTH <= cols; c += LENGTH) {
      for (int lane = 0; lane < LANES; lane++) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int r = (lane - firstPosition) & (LANES - 1); r < rows; r += LANES) {
          FloatVector weight = FloatVector.broadcast(SPECIES, w[wOff + r * wStride]);
          acc = weight.fma(FloatVector.fromArray(SPECIES, x, xOff + r * xStride + c), acc);
        }
        acc.intoArray(partial, lane * LENGTH);
      }
      tree(partial, 0, LENGTH).intoArray(out, outOff + c);
    }
    for (; c < cols; c++) {
      out[outOff + c] =
          CanonicalReduce.dot(w, wOff, wStride, x, xOff + c, xStride, rows, firstPosition);
    }
  }

  /**
   * {@code out[outOff + c] = dot over r of (a[aOff + r*stride + c], b[bOff + r*stride + c])} for
   * {@code c} in {@code [0, cols)}: column-wise dot products of two equally laid out matrices.
   */
  static void columnDots(
      float[] a,
      int aOff,
      float[] b,
      int bOff,
      int stride,
      int rows,
      float[] out,
      int outOff,
      int cols) {
    float[] partial = new float[LANES * LENGTH];
    int c = 0;
    for (; c + LENGTH <= cols; c += LENGTH) {
      for (int lane = 0; lane < LANES; lane++) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int r = lane; r < rows; r += LANES) {
          acc =
              FloatVector.fromArray(SPECIES, a, aOff + r * stride + c)
                  .fma(FloatVector.fromArray(SPECIES, b, bOff + r * stride + c), acc);
        }
        acc.intoArray(partial, lane * LENGTH);
      }
      tree(partial, 0, LENGTH).intoArray(out, outOff + c);
    }
    for (; c < cols; c++) {
      out[outOff + c] = CanonicalReduce.dot(a, aOff + c, stride, b, bOff + c, stride, rows);
    }
  }

  /** {@code out[outOff + c] = sum over r of x[xOff + r*stride + c]} for {@code c < cols}. */
  static void columnSums(
      float[] x, int xOff, int stride, int rows, float[] out, int outOff, int cols) {
    float[] partial = new float[LANES * LENGTH];
    int c = 0;
    for (; c + LENGTH <= cols; c += LENGTH) {
      for (int lane = 0; lane < LANES; lane++) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int r = lane; r < rows; r += LANES) {
          acc = acc.add(FloatVector.fromArray(SPECIES, x, xOff + r * stride + c));
        }
        acc.intoArray(partial, lane * LENGTH);
      }
      tree(partial, 0, LENGTH).intoArray(out, outOff + c);
    }
    for (; c < cols; c++) {
      out[outOff + c] = CanonicalReduce.sum(x, xOff + c, stride, rows);
    }
  }

  /**
   * {@code out[outOff + c] = sum over i in [from, to) of x[rows[i]*stride + c]}, element {@code i}
   * in lane {@code (i - from) mod 16}: the sum of the listed rows, in list order.
   */
  static void listedRowSums(
      float[] x, int[] rows, int from, int to, int stride, float[] out, int outOff, int cols) {
    float[] partial = new float[LANES * LENGTH];
    int c = 0;
    for (; c + LENGTH <= cols; c += LENGTH) {
      for (int lane = 0; lane < LANES; lane++) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int i = from + lane; i < to; i += LANES) {
          acc = acc.add(FloatVector.fromArray(SPECIES, x, rows[i] * stride + c));
        }
        acc.intoArray(partial, lane * LENGTH);
      }
      tree(partial, 0, LENGTH).intoArray(out, outOff + c);
    }
    for (; c < cols; c++) {
      float[] lanes = new float[LANES];
      for (int i = from; i < to; i++) {
        int lane = (i - from) & (LANES - 1);
        lanes[lane] = lanes[lane] + x[rows[i] * stride + c];
      }
      out[outOff + c] = CanonicalReduce.tree16(lanes);
    }
  }

  /**
   * The pairwise tree of §2.3, lane by lane, over the sixteen vectors at {@code partial[offset + l
   * * laneStride]}.
   */
  static FloatVector tree(float[] partial, int offset, int laneStride) {
    FloatVector q0 = pair(partial, offset, laneStride, 0);
    FloatVector q1 = pair(partial, offset, laneStride, 2);
    FloatVector q2 = pair(partial, offset, laneStride, 4);
    FloatVector q3 = pair(partial, offset, laneStride, 6);
    FloatVector q4 = pair(partial, offset, laneStride, 8);
    FloatVector q5 = pair(partial, offset, laneStride, 10);
    FloatVector q6 = pair(partial, offset, laneStride, 12);
    FloatVector q7 = pair(partial, offset, laneStride, 14);
    return q0.add(q1).add(q2.add(q3)).add(q4.add(q5).add(q6.add(q7)));
  }

  private static FloatVector pair(float[] partial, int offset, int laneStride, int lane) {
    return FloatVector.fromArray(SPECIES, partial, offset + lane * laneStride)
        .add(FloatVector.fromArray(SPECIES, partial, offset + (lane + 1) * laneStride));
  }

  /** {@code out[outOff + i] = a[aOff + i] + b[bOff + i]} for {@code i} in {@code [0, n)}. */
  static void add(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
    int i = 0;
    for (; i + LENGTH <= n; i += LENGTH) {
      FloatVector.fromArray(SPECIES, a, aOff + i)
          .add(FloatVector.fromArray(SPECIES, b, bOff + i))
          .intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = a[aOff + i] + b[bOff + i];
    }
  }
}
