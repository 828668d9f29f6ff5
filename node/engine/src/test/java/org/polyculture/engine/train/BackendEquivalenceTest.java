package org.polyculture.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.backend.VectorBackend;
import org.polyculture.engine.data.BatchSampler;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;

/**
 * Whole training steps give the same state hash after every step on the scalar reference and on the
 * cpu backend with one, two and three threads, including shapes whose sizes are not multiples of
 * the vector length (width 24, context 13, three rows).
 */
class BackendEquivalenceTest {

  private static final ExecutorService POOL = Executors.newFixedThreadPool(3);

  @AfterAll
  static void shutdown() {
    POOL.shutdownNow();
  }

  @Test
  void shouldGiveIdenticalStateHashesOnEveryBackendAndThreadCount() {
    ModelConfig config =
        ModelConfig.builder()
            .layers(2)
            .channels(24)
            .heads(3)
            .context(13)
            .batch(3)
            .warmupSteps(1)
            .totalSteps(10)
            .build();
    List<Bytes32> reference;
    try (ScalarBackend scalar = new ScalarBackend()) {
      reference = hashes(scalar, config, 4);
    }
    for (int threads = 1; threads <= 3; threads++) {
      try (VectorBackend cpu = new VectorBackend(POOL, threads)) {
        assertThat(hashes(cpu, config, 4)).as("cpu, %d threads", threads).isEqualTo(reference);
      }
    }
  }

  @Test
  void shouldReproduceTheGoldenVectorsOnTheCpuBackendWithTwoThreads() throws Exception {
    try (VectorBackend cpu = new VectorBackend(POOL, 2)) {
      assertThat(GoldenTrainingVectorsTest.goldenLines(cpu))
          .isEqualTo(GoldenTrainingVectorsTest.expected());
    }
  }

  private static List<Bytes32> hashes(Backend backend, ModelConfig config, int steps) {
    StateHasher hasher = StateHasher.singleThreaded();
    BatchSampler sampler =
        new BatchSampler(GoldenText.stream(), 9, config.batch(), config.context());
    TrainingState state = Genesis.state(config, 9, GoldenText.root());
    StepExecutor executor = new StepExecutor(backend, config);
    List<Bytes32> hashes = new ArrayList<>();
    for (int t = 0; t < steps; t++) {
      state = executor.step(state, sampler.sample(t)).state();
      hashes.add(hasher.hash(state));
    }
    return hashes;
  }
}
