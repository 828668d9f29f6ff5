// The state hash on the device (docs/state.md §2-3): the canonical bytes are assembled in one
// staging buffer (the 144-byte header copied from the host, then every tensor's values with NaNs
// written as 0x7FC00000), and each 1 MiB chunk's leaf hash SHA-256(0x00 ‖ chunk) is computed by
// one thread. Only the leaf digests cross to the host, which forms the small tree above them.
#include "canon.cuh"
#include "geometry.cuh"
#include "sha256.cuh"

// Segment s (blockIdx.y) copies lengths[s] floats from sources[s] to the 32-bit words starting at
// word destinations[s] of the staging buffer, as canonical bits.
extern "C" __global__ void __launch_bounds__(GATHER_THREADS) state_gather(
    unsigned* __restrict__ staging, const unsigned long long* __restrict__ sources,
    const long long* __restrict__ destinations, const long long* __restrict__ lengths) {
  const int s = blockIdx.y;
  const float* source = reinterpret_cast<const float*>(sources[s]);
  unsigned* destination = staging + destinations[s];
  const long long length = lengths[s];
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < length;
       i += (long long)gridDim.x * blockDim.x) {
    destination[i] = canon::canonical_bits(source[i]);
  }
}

// digests[8 i .. 8 i + 8) = the leaf hash of chunk i of bytes[0 .. length), as big-endian words.
extern "C" __global__ void __launch_bounds__(HASH_THREADS) sha256_leaves(
    unsigned* __restrict__ digests, const unsigned char* __restrict__ bytes, long long length,
    int chunks) {
  const int chunk = blockIdx.x * blockDim.x + threadIdx.x;
  if (chunk >= chunks) {
    return;
  }
  const long long start = (long long)chunk * HASH_CHUNK_BYTES;
  const long long remaining = length - start;
  const long long size = remaining < HASH_CHUNK_BYTES ? remaining : HASH_CHUNK_BYTES;
  unsigned digest[8];
  sha256::leaf(bytes + start, size, digest);
  for (int i = 0; i < 8; i++) {
    digests[chunk * 8 + i] = digest[i];
  }
}
