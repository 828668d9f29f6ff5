package org.polyculture.worker.cuda;

/**
 * The launch geometry of the kernels, mirrored from {@code src/main/cuda/geometry.cuh}
 * (KernelGeometryTest checks that both say the same). The planner sizes grids from it; the kernels
 * index threads by it. None of it changes an output's arithmetic.
 */
final class KernelGeometry {

  static final int LANES = 16;
  static final int TILE_M = 32;
  static final int TILE_N = 32;
  static final int K_STEP = 32;
  static final int MATMUL_THREADS = 256;
  static final int MICRO = 8;
  static final int TILE_STRIDE = 36;
  static final int ROW_THREADS = 256;
  static final int ROWS_PER_BLOCK = ROW_THREADS / LANES;
  static final int COLUMN_GROUP = 16;
  static final int ELEMENTWISE_THREADS = 256;
  static final int SQUARES_THREADS = 256;
  static final int SQUARES_CHUNK = 4096;
  static final int HASH_CHUNK_BYTES = 1 << 20;
  static final int HASH_THREADS = 32;
  static final int GATHER_THREADS = 256;

  /** Grid-stride kernels use at most this many blocks: enough to fill any current GPU. */
  static final int MAX_STRIDE_BLOCKS = 8192;

  /** The most blocks a grid may have along y and z. */
  static final int MAX_GRID_YZ = 65535;

  private KernelGeometry() {}

  static int ceilDiv(long value, int divisor) {
    long blocks = (value + divisor - 1) / divisor;
    if (blocks > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(value + " elements need too many blocks");
    }
    return (int) blocks;
  }

  /** Blocks of {@code threads} for a grid-stride loop over {@code count} elements. */
  static int strideBlocks(long count, int threads) {
    return Math.max(1, Math.min(MAX_STRIDE_BLOCKS, ceilDiv(count, threads)));
  }
}
