package org.polyculture.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * Runs one op on the scalar reference and on the cpu backend with 1, 2 and 3 threads, from the same
 * inputs, and requires identical output bits (NaNs compared as NaN: their payload is not part of
 * the contract).
 */
final class BackendParity {

  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  /** Shared by every test: the helpers of the multi-threaded backends. */
  static final ExecutorService EXECUTOR =
      Executors.newFixedThreadPool(
          2,
          runnable -> {
            Thread thread = new Thread(runnable, "parity-" + THREAD_NUMBER.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });

  private final Map<TensorSpec, float[]> floats = new LinkedHashMap<>();
  private final Map<TensorSpec, int[]> ints = new LinkedHashMap<>();

  BackendParity floats(TensorSpec spec, float[] values) {
    floats.put(spec, values);
    return this;
  }

  BackendParity ints(TensorSpec spec, int[] values) {
    ints.put(spec, values);
    return this;
  }

  /** Runs {@code op} everywhere and returns the reference outputs. */
  List<float[]> assertSameBits(Op op) {
    return assertSameBits(op, StepScalars.forwardOnly(0));
  }

  List<float[]> assertSameBits(Op op, StepScalars scalars) {
    List<float[]> reference = run(new ScalarBackend(), op, scalars);
    for (int threads = 1; threads <= 3; threads++) {
      List<float[]> actual = run(new VectorBackend(EXECUTOR, threads), op, scalars);
      for (int o = 0; o < reference.size(); o++) {
        String output = op.outputs().get(o).name();
        assertThat(canonicalBits(actual.get(o)))
            .as("%s output %s, cpu with %d threads vs scalar", op.name(), output, threads)
            .containsExactly(canonicalBits(reference.get(o)));
      }
    }
    return reference;
  }

  private List<float[]> run(Backend backend, Op op, StepScalars scalars) {
    try (backend) {
      List<TensorSpec> all = new ArrayList<>(op.outputs());
      all.addAll(op.inputs());
      all.addAll(floats.keySet());
      all.addAll(ints.keySet());
      backend.allocate(all);
      floats.forEach((spec, values) -> backend.write(spec, values.clone()));
      ints.forEach((spec, values) -> backend.writeInts(spec, values.clone()));
      backend.execute(op, scalars);
      List<float[]> outputs = new ArrayList<>();
      for (TensorSpec out : op.outputs()) {
        float[] values = new float[out.size()];
        backend.read(out, values);
        outputs.add(values);
      }
      return outputs;
    }
  }

  static int[] canonicalBits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.isNaN(values[i]) ? 0x7FC00000 : Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }

  /**
   * Test values: mostly ordinary numbers of magnitude up to {@code scale}; with {@code specials},
   * also signed zeros, subnormals, huge values, infinities and NaN.
   */
  static float[] values(SplittableRandom random, int n, float scale, boolean specials) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
      if (specials && random.nextInt(12) == 0) {
        values[i] =
            switch (random.nextInt(8)) {
              case 0 -> 0.0f;
              case 1 -> -0.0f;
              case 2 -> Float.intBitsToFloat(random.nextInt(1, 0x007FFFFF));
              case 3 -> -Float.intBitsToFloat(random.nextInt(1, 0x007FFFFF));
              case 4 -> random.nextBoolean() ? 3e38f : -3e38f;
              case 5 -> Float.POSITIVE_INFINITY;
              case 6 -> Float.NEGATIVE_INFINITY;
              default -> Float.NaN;
            };
      }
    }
    return values;
  }

  static int[] tokens(SplittableRandom random, int n, int vocab) {
    int[] tokens = new int[n];
    for (int i = 0; i < n; i++) {
      tokens[i] = random.nextInt(vocab);
    }
    return tokens;
  }
}
