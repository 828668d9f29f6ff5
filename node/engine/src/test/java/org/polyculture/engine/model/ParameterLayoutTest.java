package org.polyculture.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.tensor.TensorSpec;

class ParameterLayoutTest {

  private final ModelConfig config =
      ModelConfig.builder().layers(2).channels(8).heads(2).context(4).batch(2).build();
  private final ParameterLayout layout = new ParameterLayout(config);

  @Test
  void shouldListParametersInTheCanonicalOrderOfTheSpec() {
    List<String> block =
        List.of(
            "ln1w",
            "ln1b",
            "qkvw",
            "qkvb",
            "attprojw",
            "attprojb",
            "ln2w",
            "ln2b",
            "fcw",
            "fcb",
            "fcprojw",
            "fcprojb");
    List<String> expected = new java.util.ArrayList<>(List.of("wte", "wpe"));
    for (int l = 0; l < 2; l++) {
      for (String name : block) {
        expected.add("L" + l + "." + name);
      }
    }
    expected.addAll(List.of("lnfw", "lnfb", "lmw"));
    assertThat(layout.parameters()).extracting(ParameterSpec::name).isEqualTo(expected);
    assertThat(layout.parameters())
        .extracting(ParameterSpec::index)
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, expected.size()).boxed().toList());
  }

  @Test
  void shouldShapeLinearWeightsOutByIn() {
    assertThat(layout.byName("L0.qkvw").orElseThrow().tensor().shape()).containsExactly(24, 8);
    assertThat(layout.byName("L1.fcprojw").orElseThrow().tensor().shape()).containsExactly(8, 32);
    assertThat(layout.byName("wte").orElseThrow().tensor().shape()).containsExactly(256, 8);
    assertThat(layout.byName("wpe").orElseThrow().tensor().shape()).containsExactly(4, 8);
    assertThat(layout.byName("lmw").orElseThrow().tensor().shape()).containsExactly(256, 8);
  }

  @Test
  void shouldDecayOnlyMatricesAndEmbeddings() {
    assertThat(layout.parameters())
        .filteredOn(ParameterSpec::weightDecay)
        .extracting(ParameterSpec::name)
        .containsExactly(
            "wte",
            "wpe",
            "L0.qkvw",
            "L0.attprojw",
            "L0.fcw",
            "L0.fcprojw",
            "L1.qkvw",
            "L1.attprojw",
            "L1.fcw",
            "L1.fcprojw",
            "lmw");
  }

  @Test
  void shouldInitialiseResidualProjectionsWithTheScaledNormal() {
    assertThat(layout.parameters())
        .filteredOn(p -> p.initialization() == ParameterSpec.Initialization.NORMAL_RESIDUAL)
        .extracting(ParameterSpec::name)
        .containsExactly("L0.attprojw", "L0.fcprojw", "L1.attprojw", "L1.fcprojw");
    assertThat(layout.byName("L0.ln1w").orElseThrow().initialization())
        .isEqualTo(ParameterSpec.Initialization.ONES);
    assertThat(layout.byName("lnfb").orElseThrow().initialization())
        .isEqualTo(ParameterSpec.Initialization.ZEROS);
  }

  @Test
  void shouldNameGradientsAndMomentsAfterTheirParameter() {
    assertThat(ParameterLayout.gradientName("L3.qkvw")).isEqualTo("L3.dqkvw");
    assertThat(ParameterLayout.gradientName("wte")).isEqualTo("dwte");
    assertThat(layout.gradients()).extracting(TensorSpec::name).contains("dwpe", "L1.dfcb");
    assertThat(layout.firstMoments().get(0).name()).isEqualTo("wte.m");
    assertThat(layout.secondMoments().get(2).name()).isEqualTo("L0.ln1w.v");
  }
}
