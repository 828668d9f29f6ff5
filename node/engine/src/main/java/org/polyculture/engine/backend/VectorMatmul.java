package org.polyculture.engine.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.polyculture.engine.numerics.CanonicalReduce;

/**
 * The canonical matmul (docs/numerics.md §5.1) with the Vector API: {@code out[i,j] = dot over p of
 * (A'[i,p], B'[p,j])} with {@code p} in lane {@code p mod 16}, then {@code + bias[j]}.
 *
 * <p>It vectorises across output columns: a vector holds {@code out[i, j..j+L)}, and each canonical
 * lane {@code l} is computed on its own — all {@code p ≡ l (mod 16)} in increasing order — into a
 * partial tile; the sixteen partial tiles then meet in the pairwise tree, lane by lane, exactly as
 * {@link CanonicalReduce#tree16} does for one output. To make each lane's operands contiguous both
 * operands are packed with {@code p} permuted into lane order ({@code p = l, l+16, l+32, ...} for
 * {@code l = 0..15}); transposition and permutation move data without arithmetic, so the bits are
 * those of the scalar reference for every shape, tiling and thread count.
 *
 * <p>Register blocking: a micro-tile of {@value #ROWS} rows by two vectors of columns keeps eight
 * accumulators, two column loads and one broadcast in registers. Cache blocking: one task packs a
 * block of rows of {@code A'} (sized to stay in the L2 cache) and sweeps all column panels of the
 * packed {@code B'}.
 */
final class VectorMatmul {

  private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
  private static final int L = S.length();
  private static final int LANES = CanonicalReduce.LANES;

  /** Rows of a micro-tile. */
  static final int ROWS = 4;

  /** Columns of a micro-tile (a panel of packed {@code B'}): two vectors. */
  static final int COLUMNS = 2 * L;

  /** Floats of one packed block of {@code A'} that should stay in a core's L2 cache. */
  private static final int A_BLOCK_FLOATS = 48 * 1024;

  private static final int MAX_BLOCK_ROWS = 128;

  private VectorMatmul() {}

  /**
   * The lane-major order of the depth indices: lane {@code l} owns {@code count[l]} indices {@code
   * l, l+16, ...}, stored from {@code start[l]}; {@code position[p]} is where depth index {@code p}
   * goes.
   */
  private record LaneOrder(int[] start, int[] count, int[] position) {
    static LaneOrder of(int depth) {
      int[] start = new int[LANES];
      int[] count = new int[LANES];
      int next = 0;
      for (int lane = 0; lane < LANES; lane++) {
        start[lane] = next;
        count[lane] = lane < depth ? (depth - lane + LANES - 1) / LANES : 0;
        next += count[lane];
      }
      int[] position = new int[depth];
      for (int p = 0; p < depth; p++) {
        position[p] = start[p % LANES] + p / LANES;
      }
      return new LaneOrder(start, count, position);
    }
  }

  /**
   * The operands and shape of one matmul; each matrix is dense and row-major from its offset, and
   * {@code bias} is {@code null} when there is none.
   */
  record Problem(
      float[] out,
      int outOffset,
      float[] a,
      int aOffset,
      float[] b,
      int bOffset,
      float[] bias,
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k) {

    /** A matmul of whole arrays. */
    static Problem of(
        float[] out,
        float[] a,
        float[] b,
        float[] bias,
        boolean transA,
        boolean transB,
        int m,
        int n,
        int k) {
      return new Problem(out, 0, a, 0, b, 0, bias, transA, transB, m, n, k);
    }
  }

  private static final ParallelRunner ON_CALLER = ParallelRunner.callerOnly();

  /** Runs a matmul on the calling thread alone (inside a task that is already parallel). */
  static void multiply(Problem problem) {
    multiply(problem, ON_CALLER);
  }

  static void multiply(Problem problem, ParallelRunner runner) {
    int m = problem.m();
    int n = problem.n();
    int k = problem.k();
    LaneOrder order = LaneOrder.of(k);
    int panels = (n + COLUMNS - 1) / COLUMNS;
    float[] packedB = new float[panels * k * COLUMNS];
    runner.run(panels, panel -> packB(problem, order, panel, packedB));

    int blockRows = blockRows(m, k, runner.threads());
    int blocks = (m + blockRows - 1) / blockRows;
    // Enough tasks to keep every thread busy when there are few row blocks.
    int panelGroups = Math.min(panels, Math.max(1, (2 * runner.threads() + blocks - 1) / blocks));
    int panelsPerGroup = (panels + panelGroups - 1) / panelGroups;
    runner.run(
        blocks * panelGroups,
        task -> {
          int block = task / panelGroups;
          int group = task % panelGroups;
          int firstRow = block * blockRows;
          int rows = Math.min(blockRows, m - firstRow);
          float[] packedA = packA(problem, order, firstRow, rows);
          int firstPanel = group * panelsPerGroup;
          int lastPanel = Math.min(panels, firstPanel + panelsPerGroup);
          float[] partial = new float[LANES * ROWS * COLUMNS];
          for (int panel = firstPanel; panel < lastPanel; panel++) {
            for (int tile = 0; tile * ROWS < rows; tile++) {
              multiplyTile(problem, order, packedA, tile, packedB, panel, partial);
              storeTile(problem, firstRow + tile * ROWS, panel * COLUMNS, partial);
            }
          }
        });
  }

  /**
   * Rows per packed block of {@code A'}: small enough to stay in the L2 cache and to give every
   * thread two blocks when there are enough rows, in whole micro-tiles.
   */
  private static int blockRows(int m, int k, int threads) {
    int cached = A_BLOCK_FLOATS / k;
    int shared = (m + 2 * threads - 1) / (2 * threads);
    int rows = Math.min(MAX_BLOCK_ROWS, Math.min(cached, shared));
    return Math.max(ROWS, (rows + ROWS - 1) / ROWS * ROWS);
  }

  /**
   * Packs columns {@code [panel*COLUMNS, +COLUMNS)} of {@code B'}: for each permuted depth index,
   * {@code COLUMNS} consecutive floats, zero past the last column.
   */
  private static void packB(Problem problem, LaneOrder order, int panel, float[] packed) {
    int n = problem.n();
    int k = problem.k();
    float[] b = problem.b();
    int[] position = order.position();
    int firstColumn = panel * COLUMNS;
    int columns = Math.min(COLUMNS, n - firstColumn);
    int base = panel * k * COLUMNS;
    if (problem.transB()) {
      for (int j = 0; j < columns; j++) {
        int row = problem.bOffset() + (firstColumn + j) * k;
        for (int p = 0; p < k; p++) {
          packed[base + position[p] * COLUMNS + j] = b[row + p];
        }
      }
    } else {
      for (int p = 0; p < k; p++) {
        System.arraycopy(
            b,
            problem.bOffset() + p * n + firstColumn,
            packed,
            base + position[p] * COLUMNS,
            columns);
      }
    }
  }

  /**
   * Packs rows {@code [firstRow, firstRow + rows)} of {@code A'} in tiles of {@value #ROWS} rows:
   * for each permuted depth index, the tile's {@value #ROWS} values, zero past the last row.
   */
  private static float[] packA(Problem problem, LaneOrder order, int firstRow, int rows) {
    int m = problem.m();
    int k = problem.k();
    float[] a = problem.a();
    int[] position = order.position();
    int tiles = (rows + ROWS - 1) / ROWS;
    float[] packed = new float[tiles * k * ROWS];
    for (int r = 0; r < rows; r++) {
      int i = firstRow + r;
      int to = (r / ROWS) * k * ROWS + r % ROWS;
      if (problem.transA()) {
        for (int p = 0; p < k; p++) {
          packed[to + position[p] * ROWS] = a[problem.aOffset() + p * m + i];
        }
      } else {
        int row = problem.aOffset() + i * k;
        for (int p = 0; p < k; p++) {
          packed[to + position[p] * ROWS] = a[row + p];
        }
      }
    }
    return packed;
  }

  /** Fills {@code partial[lane][row][column]} with each lane's chain of fused multiply-adds. */
  private static void multiplyTile(
      Problem problem,
      LaneOrder order,
      float[] packedA,
      int tile,
      float[] packedB,
      int panel,
      float[] partial) {
    int k = problem.k();
    int aBase = tile * k * ROWS;
    int bBase = panel * k * COLUMNS;
    for (int lane = 0; lane < LANES; lane++) {
      int start = order.start()[lane];
      kernel(
          packedA,
          aBase + start * ROWS,
          packedB,
          bBase + start * COLUMNS,
          order.count()[lane],
          partial,
          lane * ROWS * COLUMNS);
    }
  }

  /**
   * {@code count} steps of a 4 x 2-vector micro-tile: {@code c[r][v] = fma(A[r], B[v], c[r][v])},
   * starting from {@code +0.0f}, stored at {@code partial[pOff + r*COLUMNS + v*L]}.
   */
  private static void kernel(
      float[] a, int aOff, float[] b, int bOff, int count, float[] partial, int pOff) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    for (int s = 0; s < count; s++) {
      FloatVector b0 = FloatVector.fromArray(S, b, bOff);
      FloatVector b1 = FloatVector.fromArray(S, b, bOff + L);
      FloatVector a0 = FloatVector.broadcast(S, a[aOff]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(S, a[aOff + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(S, a[aOff + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(S, a[aOff + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
      aOff += ROWS;
      bOff += COLUMNS;
    }
    c00.intoArray(partial, pOff);
    c01.intoArray(partial, pOff + L);
    c10.intoArray(partial, pOff + COLUMNS);
    c11.intoArray(partial, pOff + COLUMNS + L);
    c20.intoArray(partial, pOff + 2 * COLUMNS);
    c21.intoArray(partial, pOff + 2 * COLUMNS + L);
    c30.intoArray(partial, pOff + 3 * COLUMNS);
    c31.intoArray(partial, pOff + 3 * COLUMNS + L);
  }

  /** Joins the sixteen partial tiles in the canonical tree, adds the bias and stores the tile. */
  private static void storeTile(Problem problem, int firstRow, int firstColumn, float[] partial) {
    int m = problem.m();
    int n = problem.n();
    float[] out = problem.out();
    float[] bias = problem.bias();
    for (int r = 0; r < ROWS && firstRow + r < m; r++) {
      for (int v = 0; v < COLUMNS; v += L) {
        int column = firstColumn + v;
        if (column >= n) {
          break;
        }
        FloatVector value = VectorKernels.tree(partial, r * COLUMNS + v, ROWS * COLUMNS);
        VectorMask<Float> inside = S.indexInRange(column, n);
        if (bias != null) {
          value = value.add(FloatVector.fromArray(S, bias, column, inside));
        }
        value.intoArray(out, problem.outOffset() + (firstRow + r) * n + column, inside);
      }
    }
  }
}
