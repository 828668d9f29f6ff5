package org.polyculture.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.data.Batch;
import org.polyculture.engine.data.BatchSampler;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.model.ModelTensors;
import org.polyculture.engine.model.ParameterLayout;
import org.polyculture.engine.model.ParameterSpec;
import org.polyculture.engine.model.TransformerProgram;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.state.StateCodec;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;

class StepExecutorTest {

  private static final ModelConfig TINY =
      ModelConfig.builder()
          .layers(2)
          .channels(16)
          .heads(2)
          .context(8)
          .batch(3)
          .warmupSteps(2)
          .totalSteps(50)
          .maxLearningRate(1e-2f)
          .minLearningRate(1e-3f)
          .build();

  private final BatchSampler sampler =
      new BatchSampler(GoldenText.stream(), 7, TINY.batch(), TINY.context());

  @Test
  void shouldStartNearTheLossOfAUniformGuess() {
    try (ScalarBackend backend = new ScalarBackend()) {
      StepOutcome outcome = new StepExecutor(backend, TINY).step(genesis(), sampler.sample(0));
      assertThat(outcome.loss()).isBetween(5.45f, 5.65f); // ln 256 = 5.545
      assertThat(outcome.state().step()).isEqualTo(1);
      assertThat(outcome.state().beta1Power()).isEqualTo(0.9f);
      assertThat(outcome.state().beta2Power()).isEqualTo(0.95f);
    }
  }

  @Test
  void shouldComputeGradientsThatMatchFiniteDifferencesOfTheLoss() {
    // Train a little first so that no gradient is trivially small, then compare each tensor's
    // gradient with a central difference of the loss along a random direction. This checks the
    // backward program's wiring (transposes, residual sums), not bits; bits are the golden tests'.
    try (ScalarBackend backend = new ScalarBackend()) {
      StepExecutor executor = new StepExecutor(backend, TINY);
      TrainingState state = genesis();
      for (int t = 0; t < 5; t++) {
        state = executor.step(state, sampler.sample(t)).state();
      }
      Batch batch = sampler.sample(5);
      Map<String, float[]> gradients = new TreeMap<>();
      TransformerProgram program = executor.program();
      executor.step(
          state,
          batch,
          (index, op, outputs) -> {
            for (int i = 0; i < op.outputs().size(); i++) {
              if (!(op instanceof Op.AdamW) && program.gradients().contains(op.outputs().get(i))) {
                gradients.put(op.outputs().get(i).name(), outputs.get(i));
              }
            }
          });
      ParameterLayout layout = program.layout();
      assertThat(gradients).hasSize(layout.count());
      Random random = new Random(11);
      for (ParameterSpec parameter : layout.parameters()) {
        float[] gradient = gradients.get(ParameterLayout.gradientName(parameter.name()));
        double[] direction = new double[parameter.size()];
        double norm = 0;
        for (int j = 0; j < direction.length; j++) {
          direction[j] = random.nextGaussian();
          norm += direction[j] * direction[j];
        }
        double analytic = 0;
        for (int j = 0; j < direction.length; j++) {
          direction[j] /= Math.sqrt(norm);
          analytic += direction[j] * gradient[j];
        }
        double epsilon = 1e-2;
        double numeric =
            (meanLoss(executor, perturbed(state, parameter.index(), direction, epsilon), batch)
                    - meanLoss(
                        executor, perturbed(state, parameter.index(), direction, -epsilon), batch))
                / (2 * epsilon);
        assertThat(numeric)
            .as("directional derivative along %s (analytic %s)", parameter.name(), analytic)
            .isCloseTo(analytic, Offset.offset(1.5e-5 + 0.01 * Math.abs(analytic)));
      }
    }
  }

  @Test
  void shouldHandEveryOpAndItsOutputsToTheTraceInProgramOrder() {
    List<Integer> indices = new ArrayList<>();
    try (ScalarBackend backend = new ScalarBackend()) {
      StepExecutor executor = new StepExecutor(backend, TINY);
      executor.step(
          genesis(),
          sampler.sample(0),
          (index, op, outputs) -> {
            assertThat(op).isSameAs(executor.program().ops().get(index));
            assertThat(outputs).hasSameSizeAs(op.outputs());
            for (int i = 0; i < outputs.size(); i++) {
              assertThat(outputs.get(i)).hasSize(op.outputs().get(i).size());
            }
            indices.add(index);
          });
      assertThat(indices).hasSize(executor.program().ops().size()).isSorted();
    }
  }

  @Test
  void shouldContinueFromADecodedCheckpointExactlyAsWithoutIt() {
    StateHasher hasher = StateHasher.singleThreaded();
    TrainingState direct;
    TrainingState resumed;
    try (ScalarBackend backend = new ScalarBackend()) {
      StepExecutor executor = new StepExecutor(backend, TINY);
      TrainingState state = genesis();
      for (int t = 0; t < 3; t++) {
        state = executor.step(state, sampler.sample(t)).state();
      }
      TrainingState checkpoint = StateCodec.decode(StateCodec.encode(state)).value();
      direct = executor.step(state, sampler.sample(3)).state();
      try (ScalarBackend other = new ScalarBackend()) {
        resumed = new StepExecutor(other, TINY).step(checkpoint, sampler.sample(3)).state();
      }
    }
    assertThat(hasher.hash(resumed)).isEqualTo(hasher.hash(direct));
    assertThat(resumed).isEqualTo(direct);
  }

  @Test
  void shouldLeaveTheStateUntouchedWhenEvaluating() {
    try (ScalarBackend backend = new ScalarBackend()) {
      StepExecutor executor = new StepExecutor(backend, TINY);
      TrainingState state = executor.step(genesis(), sampler.sample(0)).state();
      float[] losses = executor.evaluate(state, sampler.sample(1));
      assertThat(losses).hasSize(TINY.tokensPerStep());
      TrainingState afterEvaluation = executor.step(state, sampler.sample(1)).state();
      try (ScalarBackend fresh = new ScalarBackend()) {
        TrainingState direct = new StepExecutor(fresh, TINY).step(state, sampler.sample(1)).state();
        assertThat(afterEvaluation).isEqualTo(direct);
      }
    }
  }

  @Test
  void shouldRefuseAStepOutsideTheSchedule() {
    ModelConfig short2 = TINY.toBuilder().totalSteps(2).warmupSteps(1).build();
    try (ScalarBackend backend = new ScalarBackend()) {
      StepExecutor executor = new StepExecutor(backend, short2);
      TrainingState state = Genesis.state(short2, 3, GoldenText.root());
      state = executor.step(state, sampler.sample(0)).state();
      state = executor.step(state, sampler.sample(1)).state();
      TrainingState finished = state;
      assertThatThrownBy(() -> executor.step(finished, sampler.sample(2)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("outside the schedule");
    }
  }

  @Test
  void shouldRefuseAStateOfAnotherModel() {
    try (ScalarBackend backend = new ScalarBackend()) {
      StepExecutor executor = new StepExecutor(backend, TINY);
      TrainingState other =
          Genesis.state(TINY.toBuilder().weightDecay(0.0f).build(), 3, GoldenText.root());
      assertThatThrownBy(() -> executor.step(other, sampler.sample(0)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private TrainingState genesis() {
    return Genesis.state(TINY, 3, GoldenText.root());
  }

  private static double meanLoss(StepExecutor executor, TrainingState state, Batch batch) {
    double sum = 0;
    float[] losses = executor.evaluate(state, batch);
    for (float loss : losses) {
      sum += loss;
    }
    return sum / losses.length;
  }

  private static TrainingState perturbed(
      TrainingState state, int tensor, double[] direction, double epsilon) {
    List<float[]> parameters = state.parameters().toArrays();
    float[] values = parameters.get(tensor);
    for (int j = 0; j < values.length; j++) {
      values[j] = (float) (values[j] + epsilon * direction[j]);
    }
    return new TrainingState(
        state.specVersion(),
        state.config(),
        state.jobSeed(),
        state.datasetRoot(),
        state.step(),
        state.beta1Power(),
        state.beta2Power(),
        ModelTensors.copyOf(state.parameters().layout(), parameters),
        state.firstMoments(),
        state.secondMoments());
  }
}
