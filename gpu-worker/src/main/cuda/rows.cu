// Row kernels: one half-warp per row, thread l of the half-warp being canonical lane l. Lane l takes
// the elements l, l + 16, l + 32, ... of the row in increasing order (docs/numerics.md §2.1, §2.2),
// and the half-warp's xor-shuffle tree (canon::half_warp_tree) is the spec's pairwise tree. Maxima
// are order-free (§2.4). Every thread of a warp takes part in the shuffles; threads past the last
// row do so with empty loops and write nothing.
#include "canon.cuh"
#include "geometry.cuh"

namespace {

struct RowThread {
  int row;
  int lane;
  bool valid;
};

__device__ __forceinline__ RowThread row_thread(int rows) {
  RowThread r;
  r.row = blockIdx.x * ROWS_PER_BLOCK + threadIdx.x / LANES;
  r.lane = threadIdx.x % LANES;
  r.valid = r.row < rows;
  return r;
}

__device__ __forceinline__ float negative_infinity() { return canon::bits_float(0xFF800000u); }

}  // namespace

// LayerNorm (§5.1): mean = sum(x)/C; d = x - mean; var = dot(d, d)/C; rstd = 1/sqrt(var + 1e-5);
// out = ((d * rstd) * w) + b.
extern "C" __global__ void __launch_bounds__(ROW_THREADS) layer_norm_forward(
    float* __restrict__ out, float* __restrict__ mean, float* __restrict__ rstd,
    const float* __restrict__ x, const float* __restrict__ w, const float* __restrict__ b,
    int rows, int channels) {
  RowThread rt = row_thread(rows);
  const int width = rt.valid ? channels : 0;
  const long long base = (long long)rt.row * channels;
  float p = 0.0f;
  for (int c = rt.lane; c < width; c += LANES) {
    p = p + x[base + c];
  }
  const float m = canon::half_warp_tree(p) / (float)channels;
  p = 0.0f;
  for (int c = rt.lane; c < width; c += LANES) {
    float d = x[base + c] - m;
    p = fmaf(d, d, p);
  }
  const float variance = canon::half_warp_tree(p) / (float)channels;
  const float s = 1.0f / sqrtf(variance + canon::bits_float(canon::LAYER_NORM_EPS_BITS));
  for (int c = rt.lane; c < width; c += LANES) {
    float d = x[base + c] - m;
    out[base + c] = ((d * s) * w[c]) + b[c];
  }
  if (rt.valid && rt.lane == 0) {
    mean[rt.row] = m;
    rstd[rt.row] = s;
  }
}

// LayerNorm backward, per row (§5.3): dx, and norm written out for the column reductions of dw
// (column_sums), which recompute nothing: norm's values are the ones defined by the spec.
extern "C" __global__ void __launch_bounds__(ROW_THREADS) layer_norm_backward_rows(
    float* __restrict__ dx, float* __restrict__ norm_out, const float* __restrict__ dout,
    const float* __restrict__ x, const float* __restrict__ mean, const float* __restrict__ rstd,
    const float* __restrict__ w, int rows, int channels) {
  RowThread rt = row_thread(rows);
  const int width = rt.valid ? channels : 0;
  const long long base = (long long)rt.row * channels;
  const float mr = rt.valid ? mean[rt.row] : 0.0f;
  const float sr = rt.valid ? rstd[rt.row] : 0.0f;
  float pa = 0.0f;
  float pb = 0.0f;
  for (int c = rt.lane; c < width; c += LANES) {
    float n = (x[base + c] - mr) * sr;
    float dn = w[c] * dout[base + c];
    pa = pa + dn;
    pb = fmaf(dn, n, pb);
  }
  const float a = canon::half_warp_tree(pa) / (float)channels;
  const float bb = canon::half_warp_tree(pb) / (float)channels;
  for (int c = rt.lane; c < width; c += LANES) {
    float n = (x[base + c] - mr) * sr;
    float dn = w[c] * dout[base + c];
    dx[base + c] = ((dn - a) - (n * bb)) * sr;
    norm_out[base + c] = n;
  }
}

// Attention softmax (§5.2), in place over the scaled scores of rows (b, h, t) of att[B,H,T,T]:
// m = max(s_0..s_t); e_j = exp(s_j - m); Z = sum(e); att_j = e_j * (1/Z) for j <= t, +0 above.
extern "C" __global__ void __launch_bounds__(ROW_THREADS) attention_softmax(
    float* __restrict__ att, int rows, int context) {
  RowThread rt = row_thread(rows);
  const int t = rt.row % context;
  const int n = rt.valid ? t + 1 : 0;
  float* r = att + (long long)rt.row * context;
  float local_max = negative_infinity();  // max2(-inf, x) = x for every x, NaN included
  for (int j = rt.lane; j < n; j += LANES) {
    local_max = canon::max2(local_max, r[j]);
  }
  const float m = canon::half_warp_max(local_max);
  float p = 0.0f;
  for (int j = rt.lane; j < n; j += LANES) {
    float e = canon::exp(r[j] - m);
    r[j] = e;
    p = p + e;
  }
  const float inv = 1.0f / canon::half_warp_tree(p);
  const int width = rt.valid ? context : 0;
  for (int j = rt.lane; j < width; j += LANES) {
    r[j] = j < n ? r[j] * inv : 0.0f;
  }
}

// Attention backward, per row (b, h, t) (§5.2): local = dot over j <= t of (att_j, datt_j), then
// dpre_j = (att_j * (datt_j - local)) * scale for j <= t and +0 above, in place over datt.
extern "C" __global__ void __launch_bounds__(ROW_THREADS) attention_backward_rows(
    float* __restrict__ dpre, const float* __restrict__ att, int rows, int context, float scale) {
  RowThread rt = row_thread(rows);
  const int t = rt.row % context;
  const int n = rt.valid ? t + 1 : 0;
  const long long base = (long long)rt.row * context;
  float p = 0.0f;
  for (int j = rt.lane; j < n; j += LANES) {
    p = fmaf(att[base + j], dpre[base + j], p);
  }
  const float local = canon::half_warp_tree(p);
  const int width = rt.valid ? context : 0;
  for (int j = rt.lane; j < width; j += LANES) {
    dpre[base + j] = j < n ? (att[base + j] * (dpre[base + j] - local)) * scale : 0.0f;
  }
}

// Cross-entropy (§5.1): m = max(logits); e_v = exp(logit_v - m); Z = sum(e); probs = e * (1/Z);
// loss = log(Z) - (logits[target] - m). Targets were checked on the host.
extern "C" __global__ void __launch_bounds__(ROW_THREADS) cross_entropy_forward(
    float* __restrict__ probs, float* __restrict__ losses, const float* __restrict__ logits,
    const int* __restrict__ targets, int rows, int vocab) {
  RowThread rt = row_thread(rows);
  const int width = rt.valid ? vocab : 0;
  const long long base = (long long)rt.row * vocab;
  float local_max = negative_infinity();
  for (int v = rt.lane; v < width; v += LANES) {
    local_max = canon::max2(local_max, logits[base + v]);
  }
  const float m = canon::half_warp_max(local_max);
  float p = 0.0f;
  for (int v = rt.lane; v < width; v += LANES) {
    float e = canon::exp(logits[base + v] - m);
    probs[base + v] = e;
    p = p + e;
  }
  const float z = canon::half_warp_tree(p);
  const float inv = 1.0f / z;
  for (int v = rt.lane; v < width; v += LANES) {
    probs[base + v] = probs[base + v] * inv;
  }
  if (rt.valid && rt.lane == 0) {
    losses[rt.row] = canon::log(z) - (logits[base + targets[rt.row]] - m);
  }
}

// Mean loss (§5.1): sum(losses) / N by one half-warp; launched as one block of 32 threads.
extern "C" __global__ void mean_loss(float* __restrict__ out, const float* __restrict__ losses,
                                     int count) {
  const int lane = threadIdx.x % LANES;
  const int width = threadIdx.x < LANES ? count : 0;
  // Eight loads in flight before their additions, which stay in index order.
  constexpr int BATCH = 8;
  float p = 0.0f;
  int i = lane;
  for (; i + (BATCH - 1) * LANES < width; i += BATCH * LANES) {
    float v[BATCH];
#pragma unroll
    for (int j = 0; j < BATCH; j++) {
      v[j] = losses[i + j * LANES];
    }
#pragma unroll
    for (int j = 0; j < BATCH; j++) {
      p = p + v[j];
    }
  }
  for (; i < width; i += LANES) {
    p = p + losses[i];
  }
  const float s = canon::half_warp_tree(p);
  if (threadIdx.x == 0) {
    out[0] = s / (float)count;
  }
}
