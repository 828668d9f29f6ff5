package org.polyculture.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.tensor.TensorSpec;

class TransformerProgramTest {

  private final ModelConfig config =
      ModelConfig.builder().layers(3).channels(16).heads(4).context(8).batch(2).build();

  @Test
  void shouldReadOnlyTensorsThatAreInputsOrWrittenEarlier() {
    for (TransformerProgram program :
        List.of(
            TransformerProgram.training(config),
            TransformerProgram.evaluation(config),
            TransformerProgram.generation(config))) {
      Set<TensorSpec> available = new HashSet<>(program.parameters());
      available.add(program.tokens());
      available.add(program.targets());
      available.addAll(program.firstMoments());
      available.addAll(program.secondMoments());
      for (Op op : program.ops()) {
        assertThat(available).as(op.name()).containsAll(op.inputs());
        available.addAll(op.outputs());
      }
    }
  }

  @Test
  void shouldWriteEveryActivationAndGradientExactlyOnce() {
    TransformerProgram program = TransformerProgram.training(config);
    Map<TensorSpec, Integer> writes = new HashMap<>();
    for (Op op : program.ops()) {
      if (!(op instanceof Op.AdamW)) {
        op.outputs().forEach(t -> writes.merge(t, 1, Integer::sum));
      }
    }
    assertThat(writes.values()).containsOnly(1);
    assertThat(writes.keySet()).containsAll(program.gradients());
    assertThat(writes.keySet()).doesNotContainAnyElementsOf(program.parameters());
  }

  @Test
  void shouldUpdateEveryParameterOnceInCanonicalOrderAfterClipping() {
    TransformerProgram program = TransformerProgram.training(config);
    List<Op> update = program.updateOps();
    assertThat(update.get(0)).isInstanceOf(Op.GradNormSquared.class);
    assertThat(((Op.GradNormSquared) update.get(0)).grads()).isEqualTo(program.gradients());
    assertThat(update.get(1)).isInstanceOf(Op.ClipScale.class);
    List<Op.AdamW> adam =
        update.stream().filter(Op.AdamW.class::isInstance).map(Op.AdamW.class::cast).toList();
    assertThat(adam).extracting(Op.AdamW::param).isEqualTo(program.parameters());
    assertThat(adam).extracting(Op.AdamW::grad).isEqualTo(program.gradients());
    assertThat(adam)
        .filteredOn(a -> a.param().rank() == 1)
        .allSatisfy(a -> assertThat(a.weightDecay()).isZero());
    assertThat(adam)
        .filteredOn(a -> a.param().rank() == 2)
        .allSatisfy(a -> assertThat(a.weightDecay()).isEqualTo(config.weightDecay()));
  }

  @Test
  void shouldNameIntermediatesByLayer() {
    TransformerProgram program = TransformerProgram.training(config);
    assertThat(program.tensor("L2.qkv")).isPresent();
    assertThat(program.tensor("L2.dqkv")).isPresent();
    assertThat(program.tensor("L1.fcgelu")).isPresent();
    assertThat(program.tensor("L0.dres2")).isPresent();
    assertThat(program.tensor("L2.dqkvw")).isPresent();
    assertThat(program.tensor("dencoded")).isPresent();
    assertThat(program.ops()).extracting(Op::name).doesNotHaveDuplicates();
  }

  @Test
  void shouldUseTheSameForwardPassForTrainingAndEvaluation() {
    assertThat(TransformerProgram.evaluation(config).ops())
        .isEqualTo(TransformerProgram.training(config).forwardOps());
    assertThat(TransformerProgram.evaluation(config).backwardOps()).isEmpty();
  }

  @Test
  void shouldStopGenerationAtTheLogitsOfOneSequence() {
    TransformerProgram generation = TransformerProgram.generation(config);
    assertThat(generation.batch()).isEqualTo(1);
    assertThat(generation.ops().get(generation.ops().size() - 1).outputs())
        .containsExactly(generation.logits());
    assertThat(generation.logits().shape()).containsExactly(config.context(), 256);
    assertThat(generation.ops()).noneMatch(Op.CrossEntropy.class::isInstance);
  }

  @Test
  void shouldComputeLinearWeightGradientsAsTransposedProducts() {
    TransformerProgram program = TransformerProgram.training(config);
    Op.Matmul dqkvw =
        program.ops().stream()
            .filter(op -> op.name().equals("L1.dqkvw"))
            .map(Op.Matmul.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(dqkvw.transA()).isTrue();
    assertThat(dqkvw.transB()).isFalse();
    assertThat(dqkvw.a().name()).isEqualTo("L1.dqkv");
    assertThat(dqkvw.b().name()).isEqualTo("L1.ln1");
    assertThat(dqkvw.k()).isEqualTo(config.tokensPerStep());
  }
}
