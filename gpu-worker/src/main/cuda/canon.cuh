// Canonical numerics of docs/numerics.md (spec v1) for CUDA: the elementary functions ported
// statement by statement from CanonicalMath.java, the maximum of §2.4 and the pairwise tree of §2.3.
//
// Everything here is __host__ __device__ so that src/test/cuda/host_check.cu can compile the very
// same code for the CPU and compare it bit for bit with the Java reference without a GPU. Device
// code is built with --fmad=false (no contraction of a*b+c), -prec-div=true, -prec-sqrt=true and
// -ftz=false; fmaf appears only where the spec writes fma.
#ifndef POLYCULTURE_CANON_CUH
#define POLYCULTURE_CANON_CUH

#ifdef __CUDACC__
#define CANON_FN __host__ __device__ __forceinline__
#else
#define CANON_FN inline
#endif

#ifndef __CUDA_ARCH__
#include <cmath>
#include <cstring>
#endif

namespace canon {

// Constants by their bits, which are authoritative in the spec (docs/numerics.md §3).
constexpr unsigned EXP_OVERFLOW_ABOVE_BITS = 0x42B20000u;   // 89.0f
constexpr unsigned EXP_UNDERFLOW_BELOW_BITS = 0xC2D00000u;  // -104.0f
constexpr unsigned LOG2E_BITS = 0x3FB8AA3Bu;
constexpr unsigned LN2_HI_BITS = 0x3F317218u;
constexpr unsigned LN2_LO_BITS = 0xB102E308u;
constexpr unsigned E2_BITS = 0x3EFFFFFEu;
constexpr unsigned E3_BITS = 0x3E2AAA46u;
constexpr unsigned E4_BITS = 0x3D2AAC83u;
constexpr unsigned E5_BITS = 0x3C091EA6u;
constexpr unsigned E6_BITS = 0x3AB50F46u;
constexpr unsigned TWO_POW_23_BITS = 0x4B000000u;
constexpr int SQRT_HALF_BITS = 0x3F3504F3;
constexpr unsigned L1_BITS = 0x3F2AAABDu;
constexpr unsigned L2_BITS = 0x3ECCAF3Cu;
constexpr unsigned L3_BITS = 0x3E98F53Bu;
constexpr unsigned T0_BITS = 0xBEAAAAA8u;
constexpr unsigned T1_BITS = 0x3E0887D5u;
constexpr unsigned T2_BITS = 0xBD5CED39u;
constexpr unsigned T3_BITS = 0x3CB1BBE6u;
constexpr unsigned T4_BITS = 0xBC0882B2u;
constexpr unsigned T5_BITS = 0x3B2DBC92u;
constexpr unsigned T6_BITS = 0xB9FCED0Du;
constexpr unsigned TANH_POLYNOMIAL_BELOW_BITS = 0x3F600000u;  // 0.875f
constexpr unsigned TANH_ONE_FROM_BITS = 0x41200000u;          // 10.0f
constexpr unsigned GELU_C_BITS = 0x3F4C422Au;
constexpr unsigned GELU_K_BITS = 0x3D372713u;
constexpr unsigned GELU_2C_BITS = 0x3FCC422Au;
constexpr unsigned GELU_3K_BITS = 0x3E095D4Eu;
constexpr unsigned LAYER_NORM_EPS_BITS = 0x3727C5ACu;  // 1e-5f
constexpr unsigned CLIP_EPS_BITS = 0x358637BDu;        // 1e-6f
constexpr unsigned CANONICAL_NAN_BITS = 0x7FC00000u;

CANON_FN float bits_float(unsigned bits) {
#ifdef __CUDA_ARCH__
  return __uint_as_float(bits);
#else
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
#endif
}

CANON_FN unsigned float_bits(float f) {
#ifdef __CUDA_ARCH__
  return __float_as_uint(f);
#else
  unsigned bits;
  std::memcpy(&bits, &f, sizeof bits);
  return bits;
#endif
}

CANON_FN bool is_nan(float x) { return x != x; }

// |x|: clears the sign bit.
CANON_FN float abs_bits(float x) { return bits_float(float_bits(x) & 0x7FFFFFFFu); }

CANON_FN float with_sign_of(float magnitude, float sign) {
  return bits_float((float_bits(magnitude) & 0x7FFFFFFFu) | (float_bits(sign) & 0x80000000u));
}

// §2.4: NaN wins, +0 > -0; Java's Math.max, not fmaxf (which ignores NaN).
CANON_FN float max2(float a, float b) {
  if (is_nan(a) || is_nan(b)) {
    return bits_float(CANONICAL_NAN_BITS);
  }
  return (a > b || (a == b && (float_bits(a) & 0x80000000u) == 0u)) ? a : b;
}

// 2^e for e in [-126, 127], a normal float.
CANON_FN float power_of_two(int e) { return bits_float((unsigned)(e + 127) << 23); }

// §3.1 exp.
CANON_FN float exp(float x) {
  if (is_nan(x)) {
    return x;
  }
  if (x > bits_float(EXP_OVERFLOW_ABOVE_BITS)) {
    return bits_float(0x7F800000u);
  }
  if (x < bits_float(EXP_UNDERFLOW_BELOW_BITS)) {
    return 0.0f;
  }
  float n = rintf(x * bits_float(LOG2E_BITS));
  float r = fmaf(n, -bits_float(LN2_HI_BITS), x);
  r = fmaf(n, -bits_float(LN2_LO_BITS), r);
  float p = fmaf(bits_float(E6_BITS), r, bits_float(E5_BITS));
  p = fmaf(p, r, bits_float(E4_BITS));
  p = fmaf(p, r, bits_float(E3_BITS));
  p = fmaf(p, r, bits_float(E2_BITS));
  p = fmaf(p, r * r, r);
  p = p + 1.0f;
  int e = (int)n;
  int e1 = e < -126 ? -126 : (e > 127 ? 127 : e);
  return (p * power_of_two(e - e1)) * power_of_two(e1);
}

// §3.2 log.
CANON_FN float log(float x) {
  if (is_nan(x)) {
    return bits_float(CANONICAL_NAN_BITS);
  }
  if (x == 0.0f) {
    return bits_float(0xFF800000u);
  }
  if (x < 0.0f) {
    return bits_float(CANONICAL_NAN_BITS);
  }
  if (x == bits_float(0x7F800000u)) {
    return x;
  }
  int k = 0;
  int ix = (int)float_bits(x);
  if (ix < 0x00800000) {
    ix = (int)float_bits(x * bits_float(TWO_POW_23_BITS));
    k = -23;
  }
  ix += 0x3F800000 - SQRT_HALF_BITS;
  k += (ix >> 23) - 127;
  ix = (ix & 0x007FFFFF) + SQRT_HALF_BITS;
  float f = bits_float((unsigned)ix) - 1.0f;
  float s = f / (2.0f + f);
  float z = s * s;
  float r = z * fmaf(fmaf(bits_float(L3_BITS), z, bits_float(L2_BITS)), z, bits_float(L1_BITS));
  float half_square = (0.5f * f) * f;
  float ek = (float)k;
  float lo = fmaf(s, half_square + r, ek * bits_float(LN2_LO_BITS));
  return fmaf(ek, bits_float(LN2_HI_BITS), f - (half_square - lo));
}

// §3.3 tanh.
CANON_FN float tanh(float x) {
  if (is_nan(x)) {
    return x;
  }
  float a = abs_bits(x);
  float t;
  if (a >= bits_float(TANH_ONE_FROM_BITS)) {
    t = 1.0f;
  } else if (a < bits_float(TANH_POLYNOMIAL_BELOW_BITS)) {
    float z = a * a;
    float p = fmaf(bits_float(T6_BITS), z, bits_float(T5_BITS));
    p = fmaf(p, z, bits_float(T4_BITS));
    p = fmaf(p, z, bits_float(T3_BITS));
    p = fmaf(p, z, bits_float(T2_BITS));
    p = fmaf(p, z, bits_float(T1_BITS));
    p = fmaf(p, z, bits_float(T0_BITS));
    t = fmaf(a * z, p, a);
  } else {
    float e = exp(a + a);
    t = 1.0f - 2.0f / (e + 1.0f);
  }
  return with_sign_of(t, x);
}

// §3.5 gelu, as x * sigmoid(2u).
CANON_FN float gelu(float x) {
  float u = bits_float(GELU_C_BITS) * (x + bits_float(GELU_K_BITS) * ((x * x) * x));
  return x / (1.0f + exp(-2.0f * u));
}

// §3.5 geluGrad; 1 - sigmoid(2u) is computed as sigmoid(-2u).
CANON_FN float gelu_grad(float x) {
  float x2 = x * x;
  float u = bits_float(GELU_C_BITS) * (x + bits_float(GELU_K_BITS) * (x2 * x));
  float s = 1.0f / (1.0f + exp(-2.0f * u));
  float sm = 1.0f / (1.0f + exp(2.0f * u));
  float du = bits_float(GELU_2C_BITS) * (1.0f + bits_float(GELU_3K_BITS) * x2);
  return s + ((x * s) * sm) * du;
}

// §2.3 over eight lanes: ((p0+p1)+(p2+p3))+((p4+p5)+(p6+p7)). tree16 is tree8(0..7) + tree8(8..15).
CANON_FN float tree8(const float* p) {
  return ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]));
}

CANON_FN float tree16(const float* p) { return tree8(p) + tree8(p + 8); }

// The canonical bits of a float in serialised state: every NaN is 0x7FC00000 (docs/state.md §2).
CANON_FN unsigned canonical_bits(float x) { return is_nan(x) ? CANONICAL_NAN_BITS : float_bits(x); }

}  // namespace canon

#ifdef __CUDACC__
namespace canon {

constexpr unsigned FULL_MASK = 0xFFFFFFFFu;

// The tree of §2.3 over the 16 lanes of a half-warp, lane l = thread (l mod 16) holding p_l. After
// xor-shuffles with offsets 1, 2, 4, 8 every thread of the half-warp holds the tree's result: step
// one forms p_2i + p_2i+1 (the partner's sum is the same two terms, and + is commutative), step two
// pairs those, and so on, which is exactly the pairwise tree. All 32 threads of the warp must call it.
__device__ __forceinline__ float half_warp_tree(float v) {
  v = v + __shfl_xor_sync(FULL_MASK, v, 1);
  v = v + __shfl_xor_sync(FULL_MASK, v, 2);
  v = v + __shfl_xor_sync(FULL_MASK, v, 4);
  v = v + __shfl_xor_sync(FULL_MASK, v, 8);
  return v;
}

// §2.4's maximum across a half-warp; max2 is commutative and associative, so any order will do.
__device__ __forceinline__ float half_warp_max(float v) {
  v = max2(v, __shfl_xor_sync(FULL_MASK, v, 1));
  v = max2(v, __shfl_xor_sync(FULL_MASK, v, 2));
  v = max2(v, __shfl_xor_sync(FULL_MASK, v, 4));
  v = max2(v, __shfl_xor_sync(FULL_MASK, v, 8));
  return v;
}

}  // namespace canon
#endif

#endif  // POLYCULTURE_CANON_CUH
