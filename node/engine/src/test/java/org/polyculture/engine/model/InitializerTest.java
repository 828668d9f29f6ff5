package org.polyculture.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.polyculture.engine.numerics.CanonicalMath;

class InitializerTest {

  private final ModelConfig config =
      ModelConfig.builder().layers(2).channels(32).heads(4).context(16).batch(2).build();
  private final ParameterLayout layout = new ParameterLayout(config);
  private final ModelTensors parameters = Initializer.parameters(config, 42);

  @Test
  void shouldDrawNormalWeightsWithTheSpecsStandardDeviations() {
    assertThat(std(layout.byName("wte").orElseThrow().index())).isBetween(0.019, 0.021);
    double residual = 0.02 / Math.sqrt(4);
    assertThat(std(layout.byName("L1.fcprojw").orElseThrow().index()))
        .isBetween(residual * 0.93, residual * 1.07);
  }

  @Test
  void shouldFollowTheBoxMullerFormulaOfTheSpec() {
    int wpe = layout.byName("wpe").orElseThrow().index();
    assertThat(parameters.get(wpe, 5)).isEqualTo(Initializer.standardNormal(42, wpe, 5) * 0.02f);
    int attproj = layout.byName("L0.attprojw").orElseThrow().index();
    assertThat(parameters.get(attproj, 3))
        .isEqualTo(Initializer.standardNormal(42, attproj, 3) * (0.02f / CanonicalMath.sqrt(4.0f)));
  }

  @Test
  void shouldSetBiasesToZeroAndLayerNormWeightsToOne() {
    for (ParameterSpec parameter : layout.parameters()) {
      float[] values = parameters.toArray(parameter.index());
      switch (parameter.initialization()) {
        case ZEROS -> assertThat(values).containsOnly(0.0f);
        case ONES -> assertThat(values).containsOnly(1.0f);
        default -> assertThat(values).doesNotContain(Float.NaN);
      }
    }
  }

  @Test
  void shouldDependOnTheSeed() {
    assertThat(Initializer.parameters(config, 43)).isNotEqualTo(parameters);
    assertThat(Initializer.parameters(config, 42)).isEqualTo(parameters);
  }

  private double std(int tensor) {
    float[] values = parameters.toArray(tensor);
    double sum = 0;
    double squares = 0;
    for (float value : values) {
      sum += value;
      squares += (double) value * value;
    }
    double mean = sum / values.length;
    return Math.sqrt(squares / values.length - mean * mean);
  }
}
