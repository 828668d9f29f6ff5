package org.polyculture.worker.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.model.ModelTensors;
import org.polyculture.engine.model.ParameterLayout;
import org.polyculture.engine.state.StateCodec;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.state.TrainingStateFixture;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * A state held by a backend hashes, and serialises, exactly as the engine's StateHasher and
 * StateCodec do with the state on the host: on the CUDA backend's plans and kernels (emulated) and
 * on the host adapter. The states span several 1 MiB chunks with a short last one, and hold NaNs
 * with arbitrary payloads.
 */
class ResidentStateHashingTest {

  /** 1 layer, width 64, context 128: 91,072 parameters, a 1,093,008-byte state (two chunks). */
  private static final ModelConfig TWO_CHUNKS =
      ModelConfig.builder().layers(1).channels(64).heads(2).context(128).batch(1).build();

  @ParameterizedTest
  @ValueSource(ints = {0, 97})
  void shouldHashOnTheDeviceAsTheEngineDoesOnTheHost(int nanEvery) {
    TrainingState state =
        TrainingStateFixture.aState()
            .config(TWO_CHUNKS)
            .withNaNs(nanEvery)
            .values(nanEvery)
            .build();
    try (EmulatedResidentBackend device = new EmulatedResidentBackend()) {
      ResidentState resident = upload(device, state);
      assertThat(resident.length()).isGreaterThan(StateTree.CHUNK_SIZE);
      assertThat(device.hashState(resident).join())
          .isEqualTo(StateHasher.singleThreaded().hash(state));
      assertThat(device.stateBytes(resident)).isEqualTo(StateCodec.encode(state).toArray());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 97})
  void shouldHashOnTheHostAdapterAsTheEngineDoes(int nanEvery) {
    TrainingState state =
        TrainingStateFixture.aState().config(TWO_CHUNKS).withNaNs(nanEvery).values(3).build();
    try (HostResidentBackend host = new HostResidentBackend(new ScalarBackend())) {
      ResidentState resident = upload(host, state);
      assertThat(host.hashState(resident).join())
          .isEqualTo(StateHasher.singleThreaded().hash(state));
      assertThat(host.stateBytes(resident)).isEqualTo(StateCodec.encode(state).toArray());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5})
  void shouldHashSmallStatesInOneChunk(long seed) {
    TrainingState state = TrainingStateFixture.aState().values(seed).build();
    try (EmulatedResidentBackend device = new EmulatedResidentBackend()) {
      assertThat(device.hashState(upload(device, state)).join())
          .isEqualTo(StateHasher.singleThreaded().hash(state));
    }
  }

  private static ResidentState upload(ResidentStateBackend backend, TrainingState state) {
    ParameterLayout layout = state.parameters().layout();
    List<TensorSpec> parameters = layout.tensors();
    List<TensorSpec> first = layout.firstMoments();
    List<TensorSpec> second = layout.secondMoments();
    List<TensorSpec> all = new ArrayList<>(parameters);
    all.addAll(first);
    all.addAll(second);
    backend.allocate(all);
    write(backend, parameters, state.parameters());
    write(backend, first, state.firstMoments());
    write(backend, second, state.secondMoments());
    return new ResidentState(StateHeaders.of(state), parameters, first, second);
  }

  private static void write(
      ResidentStateBackend backend, List<TensorSpec> specs, ModelTensors values) {
    for (int i = 0; i < specs.size(); i++) {
      backend.write(specs.get(i), values.toArray(i));
    }
  }
}
