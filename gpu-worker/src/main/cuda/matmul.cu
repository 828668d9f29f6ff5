// The canonical matmul (docs/numerics.md §2.1, §5.1, §5.2):
//   out[z][i, j] = tree16(lane partials of dot_p(A'[z][i, p], B'[z][p, j]))  (+ bias[j] | * scale)
// over strided, batched views, so that one kernel serves the linear layers, their gradients and the
// per-head products of attention.
//
// How the order is kept: a block owns a TILE_M x TILE_N tile of outputs and has 16 lane groups of
// 16 threads. Thread t works for canonical lane l = t / 16 only: in every depth step k0 (a multiple
// of 16) it takes the depth indices p = k0 + l + 16 s, s = 0, 1, ... in increasing order, so each
// lane sees exactly the indices p ≡ l (mod 16) in increasing p, with p = fma(a, b, p). Out-of-range
// depth indices are loaded as zero in both operands, and fma(0, 0, p) = p. After the last step the
// partials meet in the pairwise tree: lanes 0-7 and then lanes 8-15 go through shared memory, each
// thread forms tree8 of each half for four outputs, and the result is tree8(0..7) + tree8(8..15),
// which is the spec's tree16. The bias is added (or the scale applied) after the tree, one rounding.
//
// Masks: attention's triangular products sum over positions p <= i (LOWER) or p >= i (UPPER) only.
// Terms outside are skipped, not multiplied by zero, so that an infinity in the other operand cannot
// turn into a NaN; the depth range of a tile is cut to the steps that can hold a term.
#include "canon.cuh"
#include "geometry.cuh"

namespace {

constexpr int MASK_NONE = 0;
constexpr int MASK_LOWER = 1;  // terms with p <= i
constexpr int MASK_UPPER = 2;  // terms with p >= i

// Epilogue 0 writes the tree's result as it is.
constexpr int EPILOGUE_BIAS = 1;
constexpr int EPILOGUE_SCALE = 2;

constexpr int TILE_ELEMENTS = K_STEP * TILE_M;  // TILE_M == TILE_N
constexpr int LOADS_PER_THREAD = TILE_ELEMENTS / MATMUL_THREADS;
constexpr int STEPS_PER_LANE = K_STEP / LANES;
constexpr int OUTPUTS = TILE_M * TILE_N;
constexpr int OUTPUTS_PER_THREAD = OUTPUTS / MATMUL_THREADS;

static_assert(TILE_M == TILE_N, "one loader for both operand tiles");
static_assert(TILE_ELEMENTS % MATMUL_THREADS == 0, "whole loads per thread");
static_assert(MATMUL_THREADS == LANES * 16, "16 lane groups of 16 threads");
static_assert(TILE_M == 4 * MICRO, "a 4 x 4 grid of 8 x 8 micro-tiles per lane group");
static_assert(K_STEP % LANES == 0, "depth steps start on lane 0");

// Local row (or column) r = 0..7 of micro-tile coordinate u = 0..3: two groups of four, 16 apart.
__device__ __forceinline__ int micro_index(int u, int r) { return (r >> 2) * 16 + u * 4 + (r & 3); }

// Element e of a tile as (outer, depth): when the operand is contiguous along the depth, consecutive
// threads take consecutive depth indices; otherwise consecutive rows (or columns).
__device__ __forceinline__ void tile_coordinates(int e, bool depth_contiguous, int* outer, int* p) {
  if (depth_contiguous) {
    *p = e % K_STEP;
    *outer = e / K_STEP;
  } else {
    *outer = e % TILE_M;
    *p = e / TILE_M;
  }
}

template <int MASK>
__device__ __forceinline__ void canon_matmul_tile(
    float* __restrict__ out, const float* __restrict__ a, const float* __restrict__ b,
    const float* __restrict__ bias, int m, int n, int k, int a_row, int a_depth, int b_depth,
    int b_col, int out_row, int batch_inner, int a_outer, int a_inner, int b_outer, int b_inner,
    int out_outer, int out_inner, int epilogue, float scale) {
  __shared__ __align__(16) float a_tile[K_STEP * TILE_STRIDE];  // [p][i]
  __shared__ __align__(16) float b_tile[K_STEP * TILE_STRIDE];  // [p][j]
  __shared__ __align__(16) float partial[8 * OUTPUTS];           // eight lanes at a time

  const int t = threadIdx.x;
  const int lane = t / LANES;
  const int ur = (t % LANES) / 4;
  const int uc = (t % LANES) % 4;
  const int row0 = blockIdx.x * TILE_M;
  const int col0 = blockIdx.y * TILE_N;
  const int zo = blockIdx.z / batch_inner;
  const int zi = blockIdx.z % batch_inner;
  const float* a_base = a + (zo * a_outer + zi * a_inner);
  const float* b_base = b + (zo * b_outer + zi * b_inner);
  float* out_base = out + (zo * out_outer + zi * out_inner);

  int k_begin = 0;
  int k_end = k;
  if (MASK == MASK_LOWER) {
    k_end = min(k, row0 + TILE_M);
  } else if (MASK == MASK_UPPER) {
    k_begin = (row0 / K_STEP) * K_STEP;
  }

  float acc[MICRO][MICRO];
#pragma unroll
  for (int r = 0; r < MICRO; r++) {
#pragma unroll
    for (int c = 0; c < MICRO; c++) {
      acc[r][c] = 0.0f;
    }
  }

  const bool a_contiguous = a_depth == 1;
  const bool b_contiguous = b_depth == 1;
  float next_a[LOADS_PER_THREAD];
  float next_b[LOADS_PER_THREAD];
  auto load = [&](int k0) {
#pragma unroll
    for (int q = 0; q < LOADS_PER_THREAD; q++) {
      int e = t + q * MATMUL_THREADS;
      int i, p;
      tile_coordinates(e, a_contiguous, &i, &p);
      int gi = row0 + i;
      int gp = k0 + p;
      next_a[q] = (gi < m && gp < k) ? a_base[gi * a_row + gp * a_depth] : 0.0f;
      int j;
      tile_coordinates(e, b_contiguous, &j, &p);
      int gj = col0 + j;
      gp = k0 + p;
      next_b[q] = (gj < n && gp < k) ? b_base[gp * b_depth + gj * b_col] : 0.0f;
    }
  };

  if (k_begin < k_end) {
    load(k_begin);
  }
  for (int k0 = k_begin; k0 < k_end; k0 += K_STEP) {
#pragma unroll
    for (int q = 0; q < LOADS_PER_THREAD; q++) {
      int e = t + q * MATMUL_THREADS;
      int i, p;
      tile_coordinates(e, a_contiguous, &i, &p);
      a_tile[p * TILE_STRIDE + i] = next_a[q];
      int j;
      tile_coordinates(e, b_contiguous, &j, &p);
      b_tile[p * TILE_STRIDE + j] = next_b[q];
    }
    __syncthreads();
    if (k0 + K_STEP < k_end) {
      load(k0 + K_STEP);  // the next step's loads are in flight during this step's arithmetic
    }
#pragma unroll
    for (int s = 0; s < STEPS_PER_LANE; s++) {
      const int p = lane + s * LANES;
      const float4* a_row4 = reinterpret_cast<const float4*>(a_tile + p * TILE_STRIDE);
      const float4* b_row4 = reinterpret_cast<const float4*>(b_tile + p * TILE_STRIDE);
      float4 a0 = a_row4[ur];
      float4 a1 = a_row4[4 + ur];
      float4 b0 = b_row4[uc];
      float4 b1 = b_row4[4 + uc];
      float av[MICRO] = {a0.x, a0.y, a0.z, a0.w, a1.x, a1.y, a1.z, a1.w};
      float bv[MICRO] = {b0.x, b0.y, b0.z, b0.w, b1.x, b1.y, b1.z, b1.w};
#pragma unroll
      for (int r = 0; r < MICRO; r++) {
        bool on = true;
        if (MASK != MASK_NONE) {
          int gi = row0 + micro_index(ur, r);
          int gp = k0 + p;
          on = MASK == MASK_LOWER ? gp <= gi : gp >= gi;
        }
#pragma unroll
        for (int c = 0; c < MICRO; c++) {
          acc[r][c] = on ? fmaf(av[r], bv[c], acc[r][c]) : acc[r][c];
        }
      }
    }
    __syncthreads();
  }

  // The tree: tree8 over lanes 0-7, then over lanes 8-15, each through shared memory.
  float half_sum[2][OUTPUTS_PER_THREAD];
#pragma unroll
  for (int half = 0; half < 2; half++) {
    if (lane / 8 == half) {
      float* mine = partial + (lane % 8) * OUTPUTS;
#pragma unroll
      for (int r = 0; r < MICRO; r++) {
        int row = micro_index(ur, r);
#pragma unroll
        for (int c = 0; c < MICRO; c++) {
          mine[row * TILE_N + micro_index(uc, c)] = acc[r][c];
        }
      }
    }
    __syncthreads();
#pragma unroll
    for (int q = 0; q < OUTPUTS_PER_THREAD; q++) {
      int o = t + q * MATMUL_THREADS;
      float lanes[8];
#pragma unroll
      for (int l = 0; l < 8; l++) {
        lanes[l] = partial[l * OUTPUTS + o];
      }
      half_sum[half][q] = canon::tree8(lanes);
    }
    __syncthreads();
  }
#pragma unroll
  for (int q = 0; q < OUTPUTS_PER_THREAD; q++) {
    int o = t + q * MATMUL_THREADS;
    int gi = row0 + o / TILE_N;
    int gj = col0 + o % TILE_N;
    if (gi < m && gj < n) {
      float v = half_sum[0][q] + half_sum[1][q];
      if (epilogue == EPILOGUE_BIAS) {
        v = v + bias[gj];
      } else if (epilogue == EPILOGUE_SCALE) {
        v = v * scale;
      }
      out_base[gi * out_row + gj] = v;
    }
  }
}

}  // namespace

#define CANON_MATMUL_PARAMETERS                                                                \
  float *__restrict__ out, const float *__restrict__ a, const float *__restrict__ b,          \
      const float *__restrict__ bias, int m, int n, int k, int a_row, int a_depth, int b_depth, \
      int b_col, int out_row, int batch_inner, int a_outer, int a_inner, int b_outer,          \
      int b_inner, int out_outer, int out_inner, int epilogue, float scale
#define CANON_MATMUL_ARGUMENTS                                                                  \
  out, a, b, bias, m, n, k, a_row, a_depth, b_depth, b_col, out_row, batch_inner, a_outer,      \
      a_inner, b_outer, b_inner, out_outer, out_inner, epilogue, scale

extern "C" __global__ void __launch_bounds__(MATMUL_THREADS, 2)
    canon_matmul(CANON_MATMUL_PARAMETERS) {
  canon_matmul_tile<MASK_NONE>(CANON_MATMUL_ARGUMENTS);
}

extern "C" __global__ void __launch_bounds__(MATMUL_THREADS, 2)
    canon_matmul_lower(CANON_MATMUL_PARAMETERS) {
  canon_matmul_tile<MASK_LOWER>(CANON_MATMUL_ARGUMENTS);
}

extern "C" __global__ void __launch_bounds__(MATMUL_THREADS, 2)
    canon_matmul_upper(CANON_MATMUL_PARAMETERS) {
  canon_matmul_tile<MASK_UPPER>(CANON_MATMUL_ARGUMENTS);
}
