// SHA-256 (FIPS 180-4) of a state-hash leaf: SHA-256(0x00 ‖ chunk) for one chunk of the canonical
// state bytes (docs/state.md §3). One thread hashes one chunk; the code is __host__ __device__ so
// that src/test/cuda/host_check.cu can compare it with the JDK's SHA-256 without a GPU.
#ifndef POLYCULTURE_SHA256_CUH
#define POLYCULTURE_SHA256_CUH

#include "canon.cuh"

namespace sha256 {

CANON_FN unsigned rotr(unsigned x, int n) { return (x >> n) | (x << (32 - n)); }

CANON_FN unsigned round_constant(int i) {
  constexpr unsigned K[64] = {
      0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u,
      0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu,
      0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu,
      0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau, 0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u,
      0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu,
      0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu,
      0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u, 0x19a4c116u,
      0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
      0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u,
      0xc67178f2u};
  return K[i];
}

CANON_FN void initial_state(unsigned h[8]) {
  h[0] = 0x6a09e667u;
  h[1] = 0xbb67ae85u;
  h[2] = 0x3c6ef372u;
  h[3] = 0xa54ff53au;
  h[4] = 0x510e527fu;
  h[5] = 0x9b05688cu;
  h[6] = 0x1f83d9abu;
  h[7] = 0x5be0cd19u;
}

// One compression of the 16 big-endian message words w (overwritten by the schedule).
CANON_FN void compress(unsigned h[8], unsigned w[16]) {
  unsigned a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
#ifdef __CUDA_ARCH__
#pragma unroll
#endif
  for (int i = 0; i < 64; i++) {
    unsigned wi;
    if (i < 16) {
      wi = w[i];
    } else {
      unsigned w15 = w[(i - 15) & 15];
      unsigned w2 = w[(i - 2) & 15];
      unsigned s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3);
      unsigned s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10);
      wi = w[i & 15] + s0 + w[(i - 7) & 15] + s1;
      w[i & 15] = wi;
    }
    unsigned big_s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    unsigned ch = (e & f) ^ (~e & g);
    unsigned t1 = hh + big_s1 + ch + round_constant(i) + wi;
    unsigned big_s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    unsigned maj = (a & b) ^ (a & c) ^ (b & c);
    unsigned t2 = big_s0 + maj;
    hh = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
  h[5] += f;
  h[6] += g;
  h[7] += hh;
}

// Little-endian 32-bit word at p, which is 4-byte aligned.
CANON_FN unsigned load_le32(const unsigned char* p) {
#ifdef __CUDA_ARCH__
  return *reinterpret_cast<const unsigned*>(p);
#else
  return (unsigned)p[0] | ((unsigned)p[1] << 8) | ((unsigned)p[2] << 16) | ((unsigned)p[3] << 24);
#endif
}

// The leaf hash SHA-256(0x00 ‖ chunk[0 .. length)) as eight big-endian words.
//
// The message is the chunk shifted by the one prefix byte: message byte k is chunk[k - 1], so the
// big-endian word w of a block is (chunk[4w-1], chunk[4w], chunk[4w+1], chunk[4w+2]). Full blocks
// read the chunk as aligned little-endian words and splice each word's bytes 0-2 under the top byte
// of the word before (the prefix 0x00 for the very first). The last aligned word of the last full
// block reaches one byte past the message: `chunk` must be followed by at least 3 readable bytes
// (the next chunk, or padding of the buffer). The padding blocks are assembled byte by byte.
CANON_FN void leaf(const unsigned char* chunk, long long length, unsigned digest[8]) {
  initial_state(digest);
  const long long message = length + 1;
  const long long full_blocks = message / 64;
  unsigned previous = 0u;  // its top byte plays chunk[-1], the 0x00 prefix
  unsigned w[16];
  for (long long block = 0; block < full_blocks; block++) {
    const unsigned char* words = chunk + block * 64;
    for (int i = 0; i < 16; i++) {
      unsigned current = load_le32(words + 4 * i);
      w[i] = (previous & 0xFF000000u) | ((current & 0xFFu) << 16) | (current & 0xFF00u) |
             ((current >> 16) & 0xFFu);
      previous = current;
    }
    compress(digest, w);
  }
  // Padding: 0x80, zeros, then the message length in bits as a big-endian 64-bit number.
  const long long padded = ((message + 8) / 64 + 1) * 64;
  const unsigned long long bits = (unsigned long long)message * 8ull;
  for (long long block = full_blocks; block * 64 < padded; block++) {
    for (int i = 0; i < 16; i++) {
      unsigned word = 0u;
      for (int j = 0; j < 4; j++) {
        long long k = block * 64 + 4 * i + j;
        unsigned byte;
        if (k == 0) {
          byte = 0u;
        } else if (k < message) {
          byte = chunk[k - 1];
        } else if (k == message) {
          byte = 0x80u;
        } else if (k >= padded - 8) {
          byte = (unsigned)(bits >> (8 * (padded - 1 - k))) & 0xFFu;
        } else {
          byte = 0u;
        }
        word = (word << 8) | byte;
      }
      w[i] = word;
    }
    compress(digest, w);
  }
}

}  // namespace sha256

#endif  // POLYCULTURE_SHA256_CUH
