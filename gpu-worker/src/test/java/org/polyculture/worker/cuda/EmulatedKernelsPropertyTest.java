package org.polyculture.worker.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.tensor.TensorSpec;
import org.polyculture.worker.cuda.check.BitComparison;
import org.polyculture.worker.cuda.check.OpCase;
import org.polyculture.worker.cuda.check.OpCases;
import org.polyculture.worker.cuda.check.OpKind;

/**
 * Every op of the canonical op set, planned as the CUDA backend plans it and run on the Java
 * transcription of its kernels (tiling, thread assignment, lanes, shuffle trees), gives the scalar
 * reference's bits: over random shapes (not multiples of 16 or of a tile, size 1, several tiles in
 * every direction) and values including signed zeros, subnormals, huge values, infinities and NaN.
 */
class EmulatedKernelsPropertyTest {

  private static final OpCases.Bounds ORDINARY = new OpCases.Bounds(70, 0);
  private static final OpCases.Bounds EDGES = new OpCases.Bounds(70, 8);

  @ParameterizedTest
  @EnumSource(OpKind.class)
  void shouldMatchTheScalarReferenceBitForBit(OpKind kind) {
    qt().withExamples(examples(kind))
        .forAll(longs().all())
        .checkAssert(seed -> assertSameBits(OpCases.of(kind, seed, ORDINARY)));
  }

  @ParameterizedTest
  @EnumSource(OpKind.class)
  void shouldMatchTheScalarReferenceOnEdgeValues(OpKind kind) {
    qt().withExamples(examples(kind))
        .forAll(longs().all())
        .checkAssert(seed -> assertSameBits(OpCases.of(kind, seed, EDGES)));
  }

  /**
   * Attention backward reads only the entries of {@code att} on and below the diagonal (§5.2): what
   * lies above them, even an infinity or NaN, changes nothing.
   */
  @Test
  void shouldReadOnlyTheLowerTriangleOfAttInAttentionBackward() {
    qt().withExamples(20)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              OpCase opCase = OpCases.of(OpKind.ATTENTION_BACKWARD, seed, EDGES);
              Op.AttentionBackward op = (Op.AttentionBackward) opCase.op();
              Map<TensorSpec, float[]> floats = new LinkedHashMap<>(opCase.floats());
              float[] att = floats.get(op.att()).clone();
              SplittableRandom random = new SplittableRandom(seed);
              int t = op.context();
              float[] junk = {Float.NaN, Float.POSITIVE_INFINITY, -3e38f, 1.0f, -0.0f};
              for (int i = 0; i < att.length; i++) {
                if (i % t > (i / t) % t) {
                  att[i] = junk[random.nextInt(junk.length)];
                }
              }
              floats.put(op.att(), att);
              OpCase withJunk =
                  new OpCase(
                      opCase.description() + " (junk above the diagonal)",
                      op,
                      opCase.scalars(),
                      floats,
                      opCase.ints());
              List<float[]> clean = run(EmulatedCuda.backend(), opCase);
              assertSameBits(withJunk);
              assertThat(
                      BitComparison.firstDifference(
                          op, clean, run(EmulatedCuda.backend(), withJunk)))
                  .isEmpty();
            });
  }

  private static int examples(OpKind kind) {
    return switch (kind) {
      case MATMUL, ATTENTION, ATTENTION_BACKWARD -> 12;
      default -> 40;
    };
  }

  static void assertSameBits(OpCase opCase) {
    List<float[]> expected = run(new ScalarBackend(), opCase);
    List<float[]> actual = run(EmulatedCuda.backend(), opCase);
    Optional<BitComparison.Divergence> divergence =
        BitComparison.firstDifference(opCase.op(), expected, actual);
    assertThat(divergence).as("%s", opCase).isEmpty();
  }

  private static List<float[]> run(Backend backend, OpCase opCase) {
    try (backend) {
      return opCase.run(backend);
    }
  }
}
