package org.polyculture.bench;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.polyculture.engine.backend.VectorBackend;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * Square matmuls {@code out = a · bᵀ} (a linear layer's shape: {@code transB}), n = 256..1024: the
 * canonical matmul of the cpu backend with 1 and 2 threads, and a naive Java triple loop. One
 * operation is {@code 2 n³} floating-point operations; scripts/bench.d/10-matmul turns the times
 * into GFLOP/s beside OpenBLAS.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class MatmulBenchmark {

  @Param({"256", "512", "1024"})
  public int size;

  @Param({"1", "2"})
  public int threads;

  private ExecutorService executor;
  private VectorBackend backend;
  private Op.Matmul matmul;
  private float[] a;
  private float[] b;
  private float[] out;

  @Setup(Level.Trial)
  public void setUp() {
    executor = Executors.newFixedThreadPool(Math.max(1, threads - 1));
    backend = new VectorBackend(executor, threads);
    TensorSpec as = TensorSpec.floats("a", size, size);
    TensorSpec bs = TensorSpec.floats("b", size, size);
    TensorSpec outs = TensorSpec.floats("out", size, size);
    a = random(size * size, 1);
    b = random(size * size, 2);
    out = new float[size * size];
    backend.allocate(List.of(as, bs, outs));
    backend.write(as, a);
    backend.write(bs, b);
    matmul = new Op.Matmul("mm", outs, as, bs, Optional.empty(), false, true, size, size, size);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    backend.close();
    executor.shutdownNow();
  }

  /** The cpu backend's canonical matmul. */
  @Benchmark
  public VectorBackend canonical() {
    backend.execute(matmul, StepScalars.forwardOnly(0));
    return backend;
  }

  /** The textbook loop: one running sum per output, in k order (measured with threads = 1). */
  @Benchmark
  public float[] naive() {
    int n = size;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        float sum = 0.0f;
        for (int p = 0; p < n; p++) {
          sum += a[i * n + p] * b[j * n + p];
        }
        out[i * n + j] = sum;
      }
    }
    return out;
  }

  private static float[] random(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return values;
  }
}
