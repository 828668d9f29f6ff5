package org.polyculture.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes32;
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
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.model.ModelTensors;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.engine.model.ParameterLayout;
import org.polyculture.engine.state.StateBytes;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;

/**
 * The state hash (docs/state.md §3) of a whole training state, beside a plain copy of the same
 * number of bytes and a plain single SHA-256 over them. GB/s = state bytes / time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class StateHashBenchmark {

  @Param({"gpu-base"})
  public String config;

  @Param({"1", "2"})
  public int threads;

  private ExecutorService executor;
  private StateHasher hasher;
  private TrainingState state;
  private byte[] serialized;
  private byte[] copy;

  @Setup(Level.Trial)
  public void setUp() {
    ModelConfig model = NamedConfig.byName(config).orElseThrow().config();
    ParameterLayout layout = new ParameterLayout(model);
    SplittableRandom random = new SplittableRandom(1);
    List<ModelTensors> sections = new ArrayList<>();
    for (int section = 0; section < 3; section++) {
      List<float[]> tensors = new ArrayList<>();
      for (int i = 0; i < layout.count(); i++) {
        float[] values = new float[layout.get(i).size()];
        for (int j = 0; j < values.length; j++) {
          values[j] = (float) (random.nextDouble() - 0.5);
        }
        tensors.add(values);
      }
      sections.add(ModelTensors.copyOf(layout, tensors));
    }
    state =
        TrainingState.of(
            model,
            1,
            Bytes32.ZERO,
            1000,
            0.5f,
            0.9f,
            sections.get(0),
            sections.get(1),
            sections.get(2));
    executor = Executors.newFixedThreadPool(threads);
    hasher = new StateHasher(executor, threads);
    serialized = StateBytes.of(state).toArray();
    copy = new byte[serialized.length];
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    executor.shutdownNow();
  }

  /** The state hash, filling 1 MiB chunks from the tensors and hashing them in parallel. */
  @Benchmark
  public Bytes32 stateHash() {
    return hasher.hash(state);
  }

  /** A plain copy of as many bytes (memcpy speed): the floor of any pass over the state. */
  @Benchmark
  public byte[] plainCopy() {
    System.arraycopy(serialized, 0, copy, 0, serialized.length);
    return copy;
  }

  /** One SHA-256 over the already serialised bytes, one thread: the JDK's raw speed. */
  @Benchmark
  public Bytes32 plainSha256() throws Exception {
    return Bytes32.wrap(java.security.MessageDigest.getInstance("SHA-256").digest(serialized));
  }
}
