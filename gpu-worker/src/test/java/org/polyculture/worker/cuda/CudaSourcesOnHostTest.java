package org.polyculture.worker.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.engine.numerics.CanonicalMath;
import org.polyculture.engine.numerics.CanonicalReduce;

/**
 * The device functions of canon.cuh and sha256.cuh, compiled for the CPU by the host's C++ compiler
 * (src/test/cuda/host_check.cu, with {@code -ffp-contract=off}), give the Java reference's bits:
 * exp, log, tanh, gelu and geluGrad statement for statement as CanonicalMath, the maximum and the
 * pairwise tree as CanonicalReduce, and the state hash's leaf as the JDK's SHA-256. This checks the
 * CUDA transcription itself without a GPU; the kernel emulation checks the kernels' order.
 */
class CudaSourcesOnHostTest {

  private static Path program;

  @BeforeAll
  static void compile(@TempDir Path directory) {
    String compiler = Tools.onPath("g++") ? "g++" : Tools.onPath("c++") ? "c++" : null;
    assumeTrue(compiler != null, "no C++ compiler (g++ or c++) on the PATH");
    program = directory.resolve("host_check");
    Tools.run(
        compiler,
        "-x",
        "c++",
        "-std=c++17",
        "-O2",
        "-ffp-contract=off",
        "-fno-fast-math",
        "-I",
        CudaSources.SOURCES.toString(),
        "-o",
        program.toString(),
        CudaSources.HOST_CHECK.toString());
  }

  @Test
  void shouldComputeTheElementaryFunctionsBitForBitAsCanonicalMath() {
    List<Float> inputs = mathInputs();
    StringBuilder stdin = new StringBuilder();
    for (float x : inputs) {
      stdin.append(String.format("%08x%n", Float.floatToRawIntBits(x)));
    }
    List<String> lines = run(stdin.toString().getBytes(StandardCharsets.US_ASCII), "math");
    assertThat(lines).hasSameSizeAs(inputs);
    for (int i = 0; i < inputs.size(); i++) {
      float x = inputs.get(i);
      String[] bits = lines.get(i).split(" ");
      assertSame("exp", x, CanonicalMath.exp(x), bits[0]);
      assertSame("log", x, CanonicalMath.log(x), bits[1]);
      assertSame("tanh", x, CanonicalMath.tanh(x), bits[2]);
      assertSame("gelu", x, CanonicalMath.gelu(x), bits[3]);
      assertSame("geluGrad", x, CanonicalMath.geluGrad(x), bits[4]);
    }
  }

  @Test
  void shouldTakeTheMaximumAsTheSpecDefinesIt() {
    float[] values = {
      0.0f, -0.0f, 1.0f, -1.0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-45f
    };
    StringBuilder stdin = new StringBuilder();
    List<float[]> pairs = new ArrayList<>();
    for (float a : values) {
      for (float b : values) {
        pairs.add(new float[] {a, b});
        stdin.append(
            String.format("%08x %08x%n", Float.floatToRawIntBits(a), Float.floatToRawIntBits(b)));
      }
    }
    List<String> lines = run(stdin.toString().getBytes(StandardCharsets.US_ASCII), "max2");
    for (int i = 0; i < pairs.size(); i++) {
      float a = pairs.get(i)[0];
      float b = pairs.get(i)[1];
      assertSame("max2(" + b + ")", a, CanonicalReduce.max(a, b), lines.get(i));
    }
  }

  @Test
  void shouldFormThePairwiseTreeOfTheSpec() {
    SplittableRandom random = new SplittableRandom(16);
    StringBuilder stdin = new StringBuilder();
    List<float[]> trees = new ArrayList<>();
    for (int t = 0; t < 2000; t++) {
      float[] lanes = new float[16];
      for (int l = 0; l < 16; l++) {
        lanes[l] = (float) ((random.nextDouble() - 0.5) * Math.pow(2, random.nextInt(-30, 30)));
        stdin.append(String.format("%08x ", Float.floatToRawIntBits(lanes[l])));
      }
      stdin.append('\n');
      trees.add(lanes);
    }
    List<String> lines = run(stdin.toString().getBytes(StandardCharsets.US_ASCII), "tree16");
    for (int i = 0; i < trees.size(); i++) {
      assertSame("tree16", i, CanonicalReduce.tree16(trees.get(i)), lines.get(i));
    }
  }

  @Test
  void shouldHashStateChunksAsTheJdkDoes() throws Exception {
    SplittableRandom random = new SplittableRandom(1);
    int[] lengths = {0, 1, 2, 3, 4, 54, 55, 56, 62, 63, 64, 65, 127, 128, 1000, 4099, 1 << 20};
    for (int length : lengths) {
      byte[] chunk = new byte[length];
      random.nextBytes(chunk);
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update((byte) 0);
      sha256.update(chunk);
      assertThat(run(chunk, "leaf", Integer.toString(length)))
          .as("leaf of %d bytes", length)
          .containsExactly(HexFormat.of().formatHex(sha256.digest()));
    }
  }

  private static List<Float> mathInputs() {
    List<Float> inputs = new ArrayList<>();
    float[] edges = {
      0.0f,
      -0.0f,
      1.0f,
      -1.0f,
      0.5f,
      0.875f,
      -0.875f,
      9.0109f,
      10.0f,
      -10.0f,
      88.72283f,
      88.72284f,
      89.0f,
      89.00001f,
      -87.33655f,
      -103.97208f,
      -104.0f,
      -104.00001f,
      1e-45f,
      -1e-45f,
      1.17549435e-38f,
      3.4028235e38f,
      -3.4028235e38f,
      Float.NaN,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      1.8e19f,
      -1.8e19f,
      -0.7518f,
      -3.0f,
      3.0f,
      -9.4f
    };
    for (float edge : edges) {
      inputs.add(edge);
    }
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 20000; i++) {
      inputs.add((float) ((random.nextDouble() * 2 - 1) * 12));
    }
    for (int i = 0; i < 20000; i++) {
      inputs.add(Float.intBitsToFloat(random.nextInt()));
    }
    return inputs;
  }

  private static void assertSame(String function, Object input, float expected, String actualHex) {
    float actual = Float.intBitsToFloat(Integer.parseUnsignedInt(actualHex, 16));
    if (Float.isNaN(expected)) {
      assertThat(actual).as("%s(%s)", function, input).isNaN();
    } else {
      assertThat(Float.floatToRawIntBits(actual))
          .as("%s(%s): expected %s, got %s", function, input, expected, actual)
          .isEqualTo(Float.floatToRawIntBits(expected));
    }
  }

  private static List<String> run(byte[] stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(program.toString());
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      Thread writer =
          new Thread(
              () -> {
                try (var in = process.getOutputStream()) {
                  in.write(stdin);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              },
              "host-check-stdin");
      writer.start();
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      writer.join();
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(process.exitValue()).isZero();
      return output.lines().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
