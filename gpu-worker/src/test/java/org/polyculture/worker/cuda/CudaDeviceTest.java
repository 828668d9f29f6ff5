package org.polyculture.worker.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.data.BatchSampler;
import org.polyculture.engine.data.TokenStream;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.StateCodec;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.state.TrainingStateFixture;
import org.polyculture.engine.train.Genesis;
import org.polyculture.engine.train.StepExecutor;
import org.polyculture.worker.cuda.check.BitComparison;
import org.polyculture.worker.cuda.check.OpCase;
import org.polyculture.worker.cuda.check.OpCases;
import org.polyculture.worker.cuda.check.OpKind;

/**
 * On a machine with a CUDA device: every op on the real kernels gives the scalar reference's bits,
 * a state hashed on the device hashes as the engine hashes it, and training steps with the state
 * resident on the device give the reference's per-step hashes. Skipped, naming what is missing,
 * where there is no driver or no device (the kernel emulation and the host-compiled sources cover
 * the order there; scripts/gpu-check covers a whole run).
 */
class CudaDeviceTest {

  static void requireDevice() {
    CudaAvailability availability = CudaAvailability.probe();
    assumeTrue(availability.available(), "no CUDA device: " + availability);
  }

  @ParameterizedTest
  @EnumSource(OpKind.class)
  void shouldMatchTheScalarReferenceOnTheDevice(OpKind kind) {
    requireDevice();
    for (int seed = 0; seed < 20; seed++) {
      OpCase opCase = OpCases.of(kind, seed, new OpCases.Bounds(300, seed % 2 == 0 ? 0 : 6));
      List<float[]> expected = run(new ScalarBackend(), opCase);
      List<float[]> actual = run(CudaBackend.open(), opCase);
      Optional<BitComparison.Divergence> divergence =
          BitComparison.firstDifference(opCase.op(), expected, actual);
      assertThat(divergence).as("%s", opCase).isEmpty();
    }
  }

  @Test
  void shouldHashAStateOnTheDeviceAsTheEngineDoes() {
    requireDevice();
    ModelConfig twoChunks =
        ModelConfig.builder().layers(1).channels(64).heads(2).context(128).batch(1).build();
    TrainingState state = TrainingStateFixture.aState().config(twoChunks).withNaNs(97).build();
    try (CudaBackend device = CudaBackend.open()) {
      ResidentTraining resident = new ResidentTraining(device, state);
      assertThat(resident.hashState().join()).isEqualTo(StateHasher.singleThreaded().hash(state));
      assertThat(resident.stateBytes()).isEqualTo(StateCodec.encode(state).toArray());
      assertThat(resident.download()).isEqualTo(state);
    }
  }

  @Test
  void shouldTrainWithTheScalarReferencesHashes() {
    requireDevice();
    ModelConfig config =
        ModelConfig.builder()
            .layers(2)
            .channels(48)
            .heads(3)
            .context(40)
            .batch(3)
            .warmupSteps(1)
            .totalSteps(10)
            .build();
    TokenStream stream = org.polyculture.worker.cuda.check.SyntheticCorpus.stream(3, 50_000);
    BatchSampler sampler = new BatchSampler(stream, 9, config.batch(), config.context());
    TrainingState genesis = Genesis.state(config, 9, Bytes32.ZERO);
    try (ScalarBackend scalar = new ScalarBackend();
        CudaBackend device = CudaBackend.open()) {
      StepExecutor reference = new StepExecutor(scalar, config);
      ResidentTraining training = new ResidentTraining(device, genesis);
      TrainingState expected = genesis;
      for (int t = 0; t < 4; t++) {
        expected = reference.step(expected, sampler.sample(t)).state();
        assertThat(training.runStep(sampler.sample(t)).stateHash().join())
            .as("H(%d)", t + 1)
            .isEqualTo(StateHasher.singleThreaded().hash(expected));
      }
    }
  }

  private static List<float[]> run(Backend backend, OpCase opCase) {
    try (backend) {
      return opCase.run(backend);
    }
  }
}
