package org.polyculture.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

  private static final ModelConfig NANO = NamedConfig.NANO.config();

  @Test
  void shouldRoundTripEveryNamedConfigThroughCanonicalBytes() {
    for (NamedConfig named : NamedConfig.values()) {
      Bytes bytes = named.config().canonicalBytes();
      assertThat(bytes.size()).isEqualTo(ModelConfig.CANONICAL_LENGTH);
      assertThat(ModelConfig.fromCanonicalBytes(bytes)).contains(named.config());
    }
  }

  @Test
  void shouldKeepTheNanoStepSmall() {
    assertThat(NANO.layers()).isEqualTo(2);
    assertThat(NANO.channels()).isEqualTo(64);
    assertThat(NANO.context()).isEqualTo(64);
    assertThat(NANO.batch()).isEqualTo(8);
    assertThat(NANO.parameterCount()).isEqualTo(new ParameterLayout(NANO).totalElements());
  }

  @Test
  void shouldOfferAGpuSizedConfig() {
    ModelConfig base = NamedConfig.byName("gpu-base").orElseThrow().config();
    assertThat(base.layers()).isEqualTo(6);
    assertThat(base.channels()).isEqualTo(384);
    assertThat(base.context()).isEqualTo(256);
  }

  @Test
  void shouldCountParametersLikeTheLayoutForEveryNamedConfig() {
    for (NamedConfig named : NamedConfig.values()) {
      assertThat(named.config().parameterCount())
          .as(named.cliName())
          .isEqualTo(new ParameterLayout(named.config()).totalElements());
    }
  }

  @Test
  void shouldRejectAnySingleByteChangeOrDecodeToADifferentConfig() {
    qt().withExamples(300)
        .forAll(integers().between(0, ModelConfig.CANONICAL_LENGTH - 1), integers().between(1, 255))
        .checkAssert(
            (position, flip) -> {
              byte[] bytes = NANO.canonicalBytes().toArray();
              bytes[position] ^= (byte) (int) flip;
              ModelConfig.fromCanonicalBytes(Bytes.wrap(bytes))
                  .ifPresent(decoded -> assertThat(decoded).isNotEqualTo(NANO));
            });
  }

  @Test
  void shouldRejectWrongLengths() {
    Bytes bytes = NANO.canonicalBytes();
    assertThat(ModelConfig.fromCanonicalBytes(bytes.slice(0, 63))).isEmpty();
    assertThat(ModelConfig.fromCanonicalBytes(Bytes.concatenate(bytes, Bytes.of(0)))).isEmpty();
  }

  @Test
  void shouldChangeTheSpecHashWithAnyHyperparameterOrTheSpecVersion() {
    assertThat(NANO.specHash()).isEqualTo(NANO.specHash(NumericsSpecVersion.CURRENT));
    assertThat(NANO.specHash(2)).isNotEqualTo(NANO.specHash());
    assertThat(NANO.toBuilder().weightDecay(0.0f).build().specHash()).isNotEqualTo(NANO.specHash());
    assertThat(NANO.toBuilder().totalSteps(NANO.totalSteps() + 1).build().specHash())
        .isNotEqualTo(NANO.specHash());
  }

  @Test
  void shouldPinTheSpecHashOfNano() {
    // Any change here changes every job's spec hash: that is a spec-version bump.
    assertThat(NANO.specHash().toHexString())
        .isEqualTo("0xb5b2e3153de79dbf80b6640a253ad6422c2040f76be5f2ec9ded2073aec5bb98");
  }

  @Test
  void shouldRejectInvalidValuesWithAllProblemsNamed() {
    assertThatThrownBy(() -> ModelConfig.builder().channels(65).heads(4).beta1(1.0f).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of heads")
        .hasMessageContaining("beta1");
    assertThat(ModelConfig.builder().epsilon(Float.NaN).problems()).hasSize(1);
    assertThat(ModelConfig.builder().warmupSteps(11).totalSteps(10).problems()).hasSize(1);
    assertThat(ModelConfig.builder().totalSteps(1 << 24).problems()).isNotEmpty();
    assertThat(ModelConfig.builder().layers(ModelConfig.MAX_LAYERS + 1).problems()).isNotEmpty();
    assertThat(ModelConfig.builder().batch(1 << 12).context(1 << 12).problems()).isNotEmpty();
    assertThat(ModelConfig.builder().maxLearningRate(Float.POSITIVE_INFINITY).problems())
        .isNotEmpty();
  }
}
