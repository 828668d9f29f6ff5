package org.polyculture.worker.cuda;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * The CUDA backend rejects the programs the CPU backends reject (docs/numerics.md §5.1), before
 * launching anything: sizes that do not fit, forbidden aliasing, tokens outside the vocabulary.
 */
class OpGeometryTest {

  private static final TensorSpec X = TensorSpec.floats("x", 4, 6);
  private static final TensorSpec OUT = TensorSpec.floats("out", 4, 6);
  private static final TensorSpec W = TensorSpec.floats("w", 6);
  private static final TensorSpec ROWS = TensorSpec.floats("rows", 4);

  static Stream<Op> invalidOps() {
    return Stream.of(
        new Op.LayerNorm(
            "ln-bias", OUT, ROWS, TensorSpec.floats("rstd", 4), X, W, TensorSpec.floats("b5", 5)),
        new Op.LayerNorm("ln-alias", X, ROWS, TensorSpec.floats("rstd", 4), X, W, W),
        new Op.Matmul(
            "mm-alias",
            X,
            X,
            TensorSpec.floats("b", 6, 6),
            Optional.empty(),
            false,
            false,
            4,
            6,
            6),
        new Op.Attention(
            "att-heads",
            TensorSpec.floats("y", 1, 2, 6),
            TensorSpec.floats("att", 1, 4, 2, 2),
            TensorSpec.floats("qkv", 1, 2, 18),
            1,
            2,
            6,
            4),
        new Op.Encoder(
            "enc-token",
            TensorSpec.floats("e", 1, 2, 6),
            TensorSpec.ints("tokens", 1, 2),
            TensorSpec.floats("wte", 1, 6),
            TensorSpec.floats("wpe", 2, 6)),
        new Op.Add("add-size", OUT, X, TensorSpec.floats("small", 3)),
        new Op.CrossEntropy("ce-alias", X, ROWS, X, TensorSpec.ints("targets", 4)),
        new Op.GradNormSquared("norm-size", TensorSpec.floats("two", 2), List.of(X)));
  }

  @ParameterizedTest
  @MethodSource("invalidOps")
  void shouldRejectWhatTheScalarBackendRejects(Op op) {
    assertThatThrownBy(() -> run(new ScalarBackend(), op))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> run(EmulatedCuda.backend(), op))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void run(Backend backend, Op op) {
    try (backend) {
      List<TensorSpec> all = new java.util.ArrayList<>(op.outputs());
      all.addAll(op.inputs());
      backend.allocate(all.stream().distinct().toList());
      for (TensorSpec spec : all) {
        if (spec.type() == TensorSpec.ElementType.INT32) {
          // Token 1 is outside a vocabulary of one row.
          int[] tokens = new int[spec.size()];
          java.util.Arrays.fill(tokens, 1);
          backend.writeInts(spec, tokens);
        }
      }
      backend.execute(op, StepScalars.forwardOnly(0));
    }
  }
}
