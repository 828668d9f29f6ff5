// Compiles the device functions of canon.cuh and sha256.cuh for the CPU (plain C++, no GPU) so that
// CudaSourcesOnHostTest can compare them bit for bit with the Java reference. Built with
// -ffp-contract=off, the host counterpart of nvcc's --fmad=false.
//
//   host_check math     stdin: one hex float bit pattern per line; stdout: the bits of
//                       exp log tanh gelu geluGrad of each
//   host_check max2     stdin: pairs "a b" of hex bits; stdout: the bits of max2(a, b)
//   host_check tree16   stdin: 16 hex bits per line; stdout: the bits of tree16
//   host_check leaf N   stdin: N raw bytes; stdout: the leaf hash SHA-256(0x00 ‖ bytes) in hex
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "canon.cuh"
#include "sha256.cuh"

static int math() {
  unsigned bits;
  while (std::scanf("%x", &bits) == 1) {
    float x = canon::bits_float(bits);
    std::printf("%08x %08x %08x %08x %08x\n", canon::float_bits(canon::exp(x)),
                canon::float_bits(canon::log(x)), canon::float_bits(canon::tanh(x)),
                canon::float_bits(canon::gelu(x)), canon::float_bits(canon::gelu_grad(x)));
  }
  return 0;
}

static int max2() {
  unsigned a, b;
  while (std::scanf("%x %x", &a, &b) == 2) {
    std::printf("%08x\n",
                canon::float_bits(canon::max2(canon::bits_float(a), canon::bits_float(b))));
  }
  return 0;
}

static int tree16() {
  for (;;) {
    float p[16];
    for (int i = 0; i < 16; i++) {
      unsigned bits;
      if (std::scanf("%x", &bits) != 1) {
        return 0;
      }
      p[i] = canon::bits_float(bits);
    }
    std::printf("%08x\n", canon::float_bits(canon::tree16(p)));
  }
}

static int leaf(long long length) {
  // Three readable bytes past the chunk, as the device staging buffer has (sha256::leaf reads them).
  std::vector<unsigned char> bytes(length + 3, 0xA5);
  if (length > 0 && std::fread(bytes.data(), 1, length, stdin) != (size_t)length) {
    std::fprintf(stderr, "expected %lld bytes on stdin\n", length);
    return 2;
  }
  unsigned digest[8];
  sha256::leaf(bytes.data(), length, digest);
  for (int i = 0; i < 8; i++) {
    std::printf("%08x", digest[i]);
  }
  std::printf("\n");
  return 0;
}

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "math") == 0) return math();
  if (argc >= 2 && std::strcmp(argv[1], "max2") == 0) return max2();
  if (argc >= 2 && std::strcmp(argv[1], "tree16") == 0) return tree16();
  if (argc >= 3 && std::strcmp(argv[1], "leaf") == 0) return leaf(std::atoll(argv[2]));
  std::fprintf(stderr, "usage: host_check math|max2|tree16|leaf N\n");
  return 2;
}
