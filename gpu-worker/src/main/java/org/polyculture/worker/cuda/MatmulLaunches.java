package org.polyculture.worker.cuda;

import static org.polyculture.worker.cuda.KernelArg.f32;
import static org.polyculture.worker.cuda.KernelArg.i32;
import static org.polyculture.worker.cuda.KernelArg.pointer;

import java.util.List;

/**
 * Launches of the canonical matmul kernel over strided, batched views (see matmul.cu): element
 * {@code (i, p)} of {@code A'} for batch {@code z = (zo, zi)} is at {@code a + zo·outer + zi·inner
 * + i·first + p·second}; element {@code (p, j)} of {@code B'} at {@code b + ... + p·first +
 * j·second}; output {@code (i, j)} at {@code out + ... + i·first + j}. Strides are in floats.
 */
final class MatmulLaunches {

  /** Which depth terms an output sums: all, {@code p <= i} or {@code p >= i} (attention). */
  enum Mask {
    NONE(Kernel.CANON_MATMUL),
    LOWER(Kernel.CANON_MATMUL_LOWER),
    UPPER(Kernel.CANON_MATMUL_UPPER);

    private final Kernel kernel;

    Mask(Kernel kernel) {
      this.kernel = kernel;
    }

    Kernel kernel() {
      return kernel;
    }
  }

  /** What happens after the tree: nothing, {@code + bias[j]}, or {@code * scale}. */
  enum Epilogue {
    NONE,
    BIAS,
    SCALE
  }

  /** A strided, batched view of an operand or of the output (strides in floats). */
  record View(long address, int first, int second, int outer, int inner) {
    static View of(long address, int first, int second) {
      return new View(address, first, second, 0, 0);
    }

    View batched(int outer, int inner) {
      return new View(address, first, second, outer, inner);
    }

    View offset(int floats) {
      return new View(address + 4L * floats, first, second, outer, inner);
    }
  }

  private MatmulLaunches() {}

  /**
   * The launch for {@code batches = outerCount × innerCount} products {@code out[m,n] = A'[m,k] ·
   * B'[k,n]}; the batch index {@code z} splits into {@code zo = z / innerCount}, {@code zi = z %
   * innerCount}.
   */
  static Launch launch(
      Mask mask,
      int m,
      int n,
      int k,
      int outerCount,
      int innerCount,
      View a,
      View b,
      View out,
      Epilogue epilogue,
      long bias,
      float scale) {
    int columnTiles = KernelGeometry.ceilDiv(n, KernelGeometry.TILE_N);
    long batches = (long) outerCount * innerCount;
    if (columnTiles > KernelGeometry.MAX_GRID_YZ || batches > KernelGeometry.MAX_GRID_YZ) {
      throw new IllegalArgumentException(
          "matmul of " + n + " columns in " + batches + " batches is too large for one launch");
    }
    return new Launch(
        mask.kernel(),
        new Launch.Dim3(
            KernelGeometry.ceilDiv(m, KernelGeometry.TILE_M), columnTiles, (int) batches),
        Launch.Dim3.of(KernelGeometry.MATMUL_THREADS),
        List.of(
            pointer(out.address()),
            pointer(a.address()),
            pointer(b.address()),
            pointer(epilogue == Epilogue.BIAS ? bias : 0L),
            i32(m),
            i32(n),
            i32(k),
            i32(a.first()),
            i32(a.second()),
            i32(b.first()),
            i32(b.second()),
            i32(out.first()),
            i32(innerCount),
            i32(a.outer()),
            i32(a.inner()),
            i32(b.outer()),
            i32(b.inner()),
            i32(out.outer()),
            i32(out.inner()),
            i32(epilogue.ordinal()),
            f32(scale)));
  }
}
