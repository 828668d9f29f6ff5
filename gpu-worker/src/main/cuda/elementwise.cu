// Elementwise kernels: each output element depends only on the inputs at its own index (and on the
// token of its row), so any thread may compute it. Grid-stride loops with 64-bit indices.
#include "canon.cuh"
#include "geometry.cuh"

#define FOR_EACH_ELEMENT(i, count)                                                   \
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (count); \
       i += (long long)gridDim.x * blockDim.x)

// out[b,t,c] = wte[tok[b,t],c] + wpe[t,c]; tokens were checked on the host.
extern "C" __global__ void encoder_forward(float* __restrict__ out, const int* __restrict__ tokens,
                                           const float* __restrict__ wte,
                                           const float* __restrict__ wpe, int rows, int context,
                                           int channels) {
  const long long count = (long long)rows * channels;
  FOR_EACH_ELEMENT(i, count) {
    int row = (int)(i / channels);
    int c = (int)(i % channels);
    int position = row % context;
    out[i] = wte[(long long)tokens[row] * channels + c] + wpe[(long long)position * channels + c];
  }
}

extern "C" __global__ void gelu_forward(float* out, const float* x, long long count) {
  FOR_EACH_ELEMENT(i, count) { out[i] = canon::gelu(x[i]); }
}

// dx = dout * geluGrad(x); dx may be dout or x (elementwise ops may work in place).
extern "C" __global__ void gelu_backward(float* dx, const float* dout, const float* x,
                                         long long count) {
  FOR_EACH_ELEMENT(i, count) { dx[i] = dout[i] * canon::gelu_grad(x[i]); }
}

extern "C" __global__ void add(float* out, const float* a, const float* b, long long count) {
  FOR_EACH_ELEMENT(i, count) { out[i] = a[i] + b[i]; }
}

// dlogits = (probs - (v == target ? 1 : 0)) * s with s = 1/(B*T) computed by the host.
extern "C" __global__ void cross_entropy_backward(float* dlogits, const float* probs,
                                                  const int* __restrict__ targets, int rows,
                                                  int vocab, float s) {
  const long long count = (long long)rows * vocab;
  FOR_EACH_ELEMENT(i, count) {
    int row = (int)(i / vocab);
    int v = (int)(i % vocab);
    dlogits[i] = (probs[i] - (v == targets[row] ? 1.0f : 0.0f)) * s;
  }
}

// AdamW (§5.4), in place; the clip scale is the one-element output of clip_scale on the device.
extern "C" __global__ void adamw(float* p, float* m, float* v, const float* grad,
                                 const float* __restrict__ clip, float lr, float bc1, float bc2,
                                 float beta1, float beta2, float one_minus_beta1,
                                 float one_minus_beta2, float eps, float wd, long long count) {
  const float c = clip[0];
  FOR_EACH_ELEMENT(i, count) {
    float g = grad[i] * c;
    float mi = (beta1 * m[i]) + (one_minus_beta1 * g);
    float vi = (beta2 * v[i]) + (one_minus_beta2 * (g * g));
    m[i] = mi;
    v[i] = vi;
    float mhat = mi / bc1;
    float vhat = vi / bc2;
    p[i] = p[i] - lr * ((mhat / (sqrtf(vhat) + eps)) + wd * p[i]);
  }
}
