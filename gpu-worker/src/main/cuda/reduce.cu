// Reductions across rows: bias and LayerNorm parameter gradients, the embedding gradients and the
// global gradient norm. Each output's sum keeps the spec's lanes: the element of row r (or of the
// r-th contributing row) goes to lane r mod 16, taken in increasing r by one thread, and the 16
// lane partials meet in the pairwise tree (canon::tree16).
#include "canon.cuh"
#include "geometry.cuh"

namespace {

constexpr int COLUMN_THREADS = COLUMN_GROUP * LANES;

// Thread (column cx, lane l) of a column block: threads with consecutive cx read consecutive
// columns of one row.
struct ColumnThread {
  int cx;
  int lane;
};

__device__ __forceinline__ ColumnThread column_thread() {
  ColumnThread ct;
  ct.cx = threadIdx.x % COLUMN_GROUP;
  ct.lane = threadIdx.x / COLUMN_GROUP;
  return ct;
}

// tree16 over partials[l * COLUMN_GROUP + cx], l = 0..15.
__device__ __forceinline__ float column_tree(const float* partials, int cx) {
  float lanes[LANES];
#pragma unroll
  for (int l = 0; l < LANES; l++) {
    lanes[l] = partials[l * COLUMN_GROUP + cx];
  }
  return canon::tree16(lanes);
}

}  // namespace

// sums[c] = sum over r of x[r, c]; if dots is not null, dots[c] = dot over r of (x[r, c], y[r, c]).
// BiasGrad is the sum alone; LayerNorm backward's db and dw are the sum of dout and its dot with norm.
extern "C" __global__ void __launch_bounds__(COLUMN_THREADS) column_sums(
    float* __restrict__ sums, float* __restrict__ dots, const float* __restrict__ x,
    const float* __restrict__ y, int rows, int columns) {
  __shared__ float sum_partials[LANES * COLUMN_GROUP];
  __shared__ float dot_partials[LANES * COLUMN_GROUP];
  ColumnThread ct = column_thread();
  const int c = blockIdx.x * COLUMN_GROUP + ct.cx;
  const int height = c < columns ? rows : 0;
  float ps = 0.0f;
  float pd = 0.0f;
  // Rows r, r + 16, ... of this lane, in increasing order; eight rows' loads are issued before
  // their additions so that the memory latency overlaps (the additions stay in row order).
  constexpr int BATCH = 8;
  int r = ct.lane;
  if (dots != nullptr) {
    for (; r + (BATCH - 1) * LANES < height; r += BATCH * LANES) {
      float v[BATCH];
      float w[BATCH];
#pragma unroll
      for (int i = 0; i < BATCH; i++) {
        v[i] = x[(long long)(r + i * LANES) * columns + c];
        w[i] = y[(long long)(r + i * LANES) * columns + c];
      }
#pragma unroll
      for (int i = 0; i < BATCH; i++) {
        ps = ps + v[i];
        pd = fmaf(v[i], w[i], pd);
      }
    }
    for (; r < height; r += LANES) {
      float v = x[(long long)r * columns + c];
      ps = ps + v;
      pd = fmaf(v, y[(long long)r * columns + c], pd);
    }
  } else {
    for (; r + (BATCH - 1) * LANES < height; r += BATCH * LANES) {
      float v[BATCH];
#pragma unroll
      for (int i = 0; i < BATCH; i++) {
        v[i] = x[(long long)(r + i * LANES) * columns + c];
      }
#pragma unroll
      for (int i = 0; i < BATCH; i++) {
        ps = ps + v[i];
      }
    }
    for (; r < height; r += LANES) {
      ps = ps + x[(long long)r * columns + c];
    }
  }
  sum_partials[ct.lane * COLUMN_GROUP + ct.cx] = ps;
  dot_partials[ct.lane * COLUMN_GROUP + ct.cx] = pd;
  __syncthreads();
  if (ct.lane == 0 && c < columns) {
    sums[c] = column_tree(sum_partials, ct.cx);
    if (dots != nullptr) {
      dots[c] = column_tree(dot_partials, ct.cx);
    }
  }
}

// dwpe[t, c] = sum over b of dout[b, t, c] for t < T (lane b mod 16), +0 for t >= T. One thread
// per (t, c) holds all sixteen lanes in registers.
extern "C" __global__ void encoder_backward_positions(float* __restrict__ dwpe,
                                                      const float* __restrict__ dout, int batch,
                                                      int context, int channels, int positions) {
  const long long count = (long long)positions * channels;
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < count;
       i += (long long)gridDim.x * blockDim.x) {
    int t = (int)(i / channels);
    int c = (int)(i % channels);
    if (t >= context) {
      dwpe[i] = 0.0f;
      continue;
    }
    float p[LANES];
#pragma unroll
    for (int l = 0; l < LANES; l++) {
      p[l] = 0.0f;
    }
    for (int b0 = 0; b0 < batch; b0 += LANES) {
#pragma unroll
      for (int l = 0; l < LANES; l++) {
        if (b0 + l < batch) {
          p[l] = p[l] + dout[((long long)(b0 + l) * context + t) * channels + c];
        }
      }
    }
    dwpe[i] = canon::tree16(p);
  }
}

// dwte[v, c] = sum over the rows holding token v, in increasing row order, of dout[row, c]; the
// r-th such row goes to lane r mod 16. rows_by_token lists the rows grouped by token (a stable
// sort, made on the host), first_row[v] .. first_row[v + 1] delimits token v's group.
extern "C" __global__ void __launch_bounds__(COLUMN_THREADS) encoder_backward_tokens(
    float* __restrict__ dwte, const float* __restrict__ dout, const int* __restrict__ rows_by_token,
    const int* __restrict__ first_row, int channels) {
  __shared__ float partials[LANES * COLUMN_GROUP];
  ColumnThread ct = column_thread();
  const int v = blockIdx.y;
  const int c = blockIdx.x * COLUMN_GROUP + ct.cx;
  const int begin = first_row[v];
  const int count = c < channels ? first_row[v + 1] - begin : 0;
  float p = 0.0f;
  for (int r = ct.lane; r < count; r += LANES) {
    p = p + dout[(long long)rows_by_token[begin + r] * channels + c];
  }
  partials[ct.lane * COLUMN_GROUP + ct.cx] = p;
  __syncthreads();
  if (ct.lane == 0 && c < channels) {
    dwte[(long long)v * channels + c] = column_tree(partials, ct.cx);
  }
}

// partials[j] = dot(g_j, g_j) over tensor j's elements (lane i mod 16), one block per tensor. The
// block stages SQUARES_CHUNK values at a time in shared memory; the sixteen lane chains run in the
// first half-warp, each over its own indices in increasing order (chunks start on lane 0).
extern "C" __global__ void __launch_bounds__(SQUARES_THREADS) squares_partials(
    float* __restrict__ partials, const unsigned long long* __restrict__ tensors,
    const long long* __restrict__ lengths) {
  __shared__ float chunk[SQUARES_CHUNK];
  const int t = threadIdx.x;
  const float* g = reinterpret_cast<const float*>(tensors[blockIdx.x]);
  const long long length = lengths[blockIdx.x];
  float p = 0.0f;
  for (long long base = 0; base < length; base += SQUARES_CHUNK) {
    const int n = (int)min((long long)SQUARES_CHUNK, length - base);
    for (int e = t; e < n; e += SQUARES_THREADS) {
      chunk[e] = g[base + e];
    }
    __syncthreads();
    if (t < LANES) {
      for (int i = t; i < n; i += LANES) {
        p = fmaf(chunk[i], chunk[i], p);
      }
    }
    __syncthreads();
  }
  if (t < 32) {
    const float s = canon::half_warp_tree(t < LANES ? p : 0.0f);
    if (t == 0) {
      partials[blockIdx.x] = s;
    }
  }
}

// out = (((s_0 + s_1) + s_2) + ...) in the order of the list; +0 for none. One thread.
extern "C" __global__ void squares_combine(float* __restrict__ out,
                                           const float* __restrict__ partials, int count) {
  if (blockIdx.x == 0 && threadIdx.x == 0) {
    float total = 0.0f;
    for (int j = 0; j < count; j++) {
      total = j == 0 ? partials[0] : total + partials[j];
    }
    out[0] = total;
  }
}

// n = sqrt(normSq); out = n > maxNorm ? maxNorm / (n + 1e-6) : 1. One thread.
extern "C" __global__ void clip_scale(float* __restrict__ out, const float* __restrict__ norm_squared,
                                      float max_norm) {
  if (blockIdx.x == 0 && threadIdx.x == 0) {
    float n = sqrtf(norm_squared[0]);
    out[0] = n > max_norm ? max_norm / (n + canon::bits_float(canon::CLIP_EPS_BITS)) : 1.0f;
  }
}
