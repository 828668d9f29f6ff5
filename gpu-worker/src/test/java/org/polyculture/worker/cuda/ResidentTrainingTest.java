package org.polyculture.worker.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.data.BatchSampler;
import org.polyculture.engine.data.TokenStream;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.Genesis;
import org.polyculture.engine.train.StepExecutor;
import org.polyculture.engine.train.StepOutcome;

/**
 * Whole training steps with the state resident on the (emulated) CUDA backend give the per-step
 * state hashes, losses and final state of the engine's StepExecutor on the scalar reference.
 */
class ResidentTrainingTest {

  /**
   * Two layers so that the residual and layer-to-layer gradients are exercised; tiny to emulate.
   */
  private static final ModelConfig TINY =
      ModelConfig.builder()
          .layers(2)
          .channels(24)
          .heads(2)
          .context(20)
          .batch(3)
          .warmupSteps(1)
          .totalSteps(10)
          .maxLearningRate(1e-2f)
          .minLearningRate(1e-3f)
          .build();

  private static final long SEED = 7;

  @Test
  void shouldTrainWithTheScalarReferencesHashes() {
    TokenStream stream = stream();
    BatchSampler sampler = new BatchSampler(stream, SEED, TINY.batch(), TINY.context());
    TrainingState genesis = Genesis.state(TINY, SEED, Bytes32.ZERO);
    List<Bytes32> expectedHashes = new ArrayList<>();
    List<Float> expectedLosses = new ArrayList<>();
    TrainingState expected = genesis;
    try (ScalarBackend scalar = new ScalarBackend()) {
      StepExecutor executor = new StepExecutor(scalar, TINY);
      for (int t = 0; t < 3; t++) {
        StepOutcome outcome = executor.step(expected, sampler.sample(t));
        expected = outcome.state();
        expectedHashes.add(StateHasher.singleThreaded().hash(expected));
        expectedLosses.add(outcome.loss());
      }
    }
    try (EmulatedResidentBackend device = new EmulatedResidentBackend()) {
      ResidentTraining training = new ResidentTraining(device, genesis);
      for (int t = 0; t < 3; t++) {
        ResidentTraining.StepRecord record = training.runStep(sampler.sample(t));
        assertThat(record.step()).isEqualTo(t);
        assertThat(record.loss()).isEqualTo(expectedLosses.get(t));
        assertThat(record.stateHash().join()).as("H(%d)", t + 1).isEqualTo(expectedHashes.get(t));
      }
      assertThat(training.download()).isEqualTo(expected);
    }
  }

  private static TokenStream stream() {
    byte[] text = new byte[4000];
    for (int i = 0; i < text.length; i++) {
      text[i] =
          (byte) ("the quick brown fox jumps over the lazy dog ".charAt((i * 7) % 44) + i % 3);
    }
    return TokenStream.of(Bytes.wrap(text), 3600);
  }
}
