package org.polyculture.bench;

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
import org.polyculture.engine.backend.VectorBackend;
import org.polyculture.engine.data.BatchSampler;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.Genesis;
import org.polyculture.engine.train.StepExecutor;

/**
 * One training step of a named config on the cpu backend, on the demo corpus: the time a worker
 * spends per step, and beside it the time to hash the resulting state with the same threads.
 * Steps/s = 1 / time; tokens/s = B·T / time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class TrainingStepBenchmark {

  @Param({"nano", "micro"})
  public String config;

  @Param({"1", "2"})
  public int threads;

  private ExecutorService executor;
  private VectorBackend backend;
  private StepExecutor steps;
  private StateHasher hasher;
  private BatchSampler sampler;
  private TrainingState state;

  @Setup(Level.Trial)
  public void setUp() {
    ModelConfig model =
        NamedConfig.byName(config).orElseThrow().config().toBuilder().totalSteps(1 << 20).build();
    executor = Executors.newFixedThreadPool(threads);
    backend = new VectorBackend(executor, threads);
    steps = new StepExecutor(backend, model);
    hasher = new StateHasher(executor, threads);
    sampler = new BatchSampler(BenchCorpus.load(), 1, model.batch(), model.context());
    state = Genesis.state(model, 1, Bytes32.ZERO);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    backend.close();
    executor.shutdownNow();
  }

  /** One step, state to state. */
  @Benchmark
  public TrainingState step() {
    state = steps.step(state, sampler.sample(state.step())).state();
    return state;
  }

  /** The state hash of the current state: what a worker adds to every step. */
  @Benchmark
  public Bytes32 hash() {
    return hasher.hash(state);
  }
}
