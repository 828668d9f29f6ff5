package org.polyculture.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polyculture.engine.backend.BackendGenerators.flag;
import static org.polyculture.engine.backend.BackendGenerators.flags;
import static org.polyculture.engine.backend.BackendGenerators.seeds;
import static org.polyculture.engine.backend.BackendGenerators.sizes;
import static org.polyculture.engine.tensor.TensorSpec.floats;
import static org.polyculture.engine.tensor.TensorSpec.ints;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * The cpu backend gives the scalar reference's bits for every op, over random shapes (sizes that
 * are not multiples of 16 or of the vector length, size 1) and values (signed zeros, subnormals,
 * huge values, infinities, NaN), with 1, 2 and 3 threads.
 */
class VectorBackendPropertyTest {

  /** Caps shrinking: after a failure QuickTheories re-runs the property on smaller inputs. */
  private static final int SHRINK_CYCLES = 200;

  private record Dims3(int a, int b, int c) {}

  private record Dims5(int a, int b, int c, int d, int e) {}

  @Test
  void matmulShouldMatchScalar() {
    qt().withExamples(60)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(sizes(1, 37).zip(sizes(1, 45), sizes(1, 70), Dims3::new), flags(), seeds())
        .checkAssert(
            (d, f, seed) ->
                matmul(d.a(), d.b(), d.c(), flag(f, 0), flag(f, 1), flag(f, 2), flag(f, 3), seed));
  }

  @Test
  void largeMatmulShouldMatchScalar() {
    qt().withExamples(8)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(sizes(100, 300).zip(sizes(60, 200), sizes(100, 400), Dims3::new), flags(), seeds())
        .checkAssert(
            (d, f, seed) -> largeMatmul(d.a(), d.b(), d.c(), flag(f, 0), flag(f, 1), seed));
  }

  @Test
  void attentionAndItsBackwardShouldMatchScalar() {
    qt().withExamples(40)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(
            sizes(1, 3)
                .zip(
                    sizes(1, 21),
                    sizes(1, 3),
                    sizes(1, 19),
                    (b, t, h, hs) -> new Dims5(b, t, h, hs, 0)),
            flags(),
            seeds())
        .checkAssert((d, f, seed) -> attention(d.a(), d.b(), d.c(), d.d(), flag(f, 0), seed));
  }

  @Test
  void layerNormAndItsBackwardShouldMatchScalar() {
    qt().withExamples(40)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(sizes(1, 40), sizes(1, 90), flags(), seeds())
        .checkAssert((rows, c, f, seed) -> layerNorm(rows, c, flag(f, 0), seed));
  }

  @Test
  void crossEntropyOpsShouldMatchScalar() {
    qt().withExamples(40)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(sizes(1, 20), sizes(1, 300), flags(), seeds())
        .checkAssert((rows, vocab, f, seed) -> crossEntropy(rows, vocab, flag(f, 0), seed));
  }

  @Test
  void elementwiseOpsShouldMatchScalar() {
    qt().withExamples(40)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(sizes(1, 5000), flags(), seeds())
        .checkAssert((size, f, seed) -> elementwise(size, flag(f, 0), seed));
  }

  @Test
  void biasGradShouldMatchScalar() {
    qt().withExamples(40)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(sizes(1, 70), sizes(1, 70), flags(), seeds())
        .checkAssert((rows, columns, f, seed) -> biasGrad(rows, columns, flag(f, 0), seed));
  }

  @Test
  void embeddingOpsShouldMatchScalar() {
    qt().withExamples(40)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(
            sizes(1, 4).zip(sizes(1, 40), sizes(0, 5), sizes(1, 40), sizes(1, 9), Dims5::new),
            flags(),
            seeds())
        .checkAssert(
            (d, f, seed) -> embedding(d.a(), d.b(), d.c(), d.d(), d.e(), flag(f, 0), seed));
  }

  @Test
  void optimizerOpsShouldMatchScalar() {
    qt().withExamples(30)
        .withShrinkCycles(SHRINK_CYCLES)
        .forAll(sizes(1, 4), sizes(1, 3000), flags(), seeds())
        .checkAssert((count, size, f, seed) -> optimizer(count, size, flag(f, 0), seed));
  }

  private static void matmul(
      int m,
      int n,
      int k,
      boolean transA,
      boolean transB,
      boolean withBias,
      boolean specials,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    TensorSpec out = floats("out", m, n);
    TensorSpec a = transA ? floats("a", k, m) : floats("a", m, k);
    TensorSpec b = transB ? floats("b", n, k) : floats("b", k, n);
    TensorSpec bias = floats("bias", n);
    BackendParity parity =
        new BackendParity()
            .floats(a, BackendParity.values(random, m * k, 2, specials))
            .floats(b, BackendParity.values(random, k * n, 2, specials))
            .floats(bias, BackendParity.values(random, n, 1, specials));

    parity.assertSameBits(
        new Op.Matmul(
            "mm",
            out,
            a,
            b,
            withBias ? Optional.of(bias) : Optional.empty(),
            transA,
            transB,
            m,
            n,
            k));
  }

  private static void largeMatmul(int m, int n, int k, boolean transA, boolean transB, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    TensorSpec out = floats("out", m, n);
    TensorSpec a = transA ? floats("a", k, m) : floats("a", m, k);
    TensorSpec b = transB ? floats("b", n, k) : floats("b", k, n);
    TensorSpec bias = floats("bias", n);

    new BackendParity()
        .floats(a, BackendParity.values(random, m * k, 2, false))
        .floats(b, BackendParity.values(random, k * n, 2, false))
        .floats(bias, BackendParity.values(random, n, 1, false))
        .assertSameBits(new Op.Matmul("mm", out, a, b, Optional.of(bias), transA, transB, m, n, k));
  }

  private static void attention(
      int batch, int context, int heads, int headSize, boolean specials, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int channels = heads * headSize;
    TensorSpec out = floats("out", batch, context, channels);
    TensorSpec att = floats("att", batch, heads, context, context);
    TensorSpec qkv = floats("qkv", batch, context, 3 * channels);
    TensorSpec dout = floats("dout", batch, context, channels);
    TensorSpec dqkv = floats("dqkv", batch, context, 3 * channels);
    float[] qkvValues = BackendParity.values(random, qkv.size(), 2, specials);

    List<float[]> forward =
        new BackendParity()
            .floats(qkv, qkvValues)
            .assertSameBits(
                new Op.Attention("attn", out, att, qkv, batch, context, channels, heads));
    new BackendParity()
        .floats(qkv, qkvValues)
        .floats(att, forward.get(1))
        .floats(dout, BackendParity.values(random, dout.size(), 1, specials))
        .assertSameBits(
            new Op.AttentionBackward(
                "attnb", dqkv, dout, qkv, att, batch, context, channels, heads));
    // The backward op reads only att's causal triangle: values above it must not matter.
    new BackendParity()
        .floats(qkv, qkvValues)
        .floats(att, BackendParity.values(random, att.size(), 1, specials))
        .floats(dout, BackendParity.values(random, dout.size(), 1, specials))
        .assertSameBits(
            new Op.AttentionBackward(
                "attnb", dqkv, dout, qkv, att, batch, context, channels, heads));
  }

  private static void layerNorm(int rows, int channels, boolean specials, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    TensorSpec out = floats("out", rows, channels);
    TensorSpec mean = floats("mean", rows);
    TensorSpec rstd = floats("rstd", rows);
    TensorSpec x = floats("x", rows, channels);
    TensorSpec w = floats("w", channels);
    TensorSpec b = floats("b", channels);
    TensorSpec dout = floats("dout", rows, channels);
    TensorSpec dx = floats("dx", rows, channels);
    TensorSpec dw = floats("dw", channels);
    TensorSpec db = floats("db", channels);
    float[] xs = BackendParity.values(random, x.size(), 3, specials);
    float[] ws = BackendParity.values(random, channels, 2, specials);

    List<float[]> forward =
        new BackendParity()
            .floats(x, xs)
            .floats(w, ws)
            .floats(b, BackendParity.values(random, channels, 1, specials))
            .assertSameBits(new Op.LayerNorm("ln", out, mean, rstd, x, w, b));
    new BackendParity()
        .floats(x, xs)
        .floats(w, ws)
        .floats(mean, forward.get(1))
        .floats(rstd, forward.get(2))
        .floats(dout, BackendParity.values(random, dout.size(), 1, specials))
        .assertSameBits(new Op.LayerNormBackward("lnb", dx, dw, db, dout, x, mean, rstd, w));
  }

  private static void crossEntropy(int rows, int vocab, boolean specials, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    TensorSpec probs = floats("probs", rows, vocab);
    TensorSpec losses = floats("losses", rows);
    TensorSpec logits = floats("logits", rows, vocab);
    TensorSpec targets = ints("targets", rows);
    TensorSpec loss = floats("loss", 1);
    TensorSpec dlogits = floats("dlogits", rows, vocab);
    int[] targetValues = BackendParity.tokens(random, rows, vocab);

    List<float[]> forward =
        new BackendParity()
            .floats(logits, BackendParity.values(random, logits.size(), 8, specials))
            .ints(targets, targetValues)
            .assertSameBits(new Op.CrossEntropy("ce", probs, losses, logits, targets));
    new BackendParity()
        .floats(losses, forward.get(1))
        .assertSameBits(new Op.MeanLoss("mean", loss, losses));
    new BackendParity()
        .floats(probs, forward.get(0))
        .ints(targets, targetValues)
        .assertSameBits(new Op.CrossEntropyBackward("ceb", dlogits, probs, targets));
  }

  private static void elementwise(int size, boolean specials, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    TensorSpec a = floats("a", size);
    TensorSpec b = floats("b", size);
    TensorSpec out = floats("out", size);
    float[] as = BackendParity.values(random, size, 6, specials);
    float[] bs = BackendParity.values(random, size, 6, specials);

    new BackendParity().floats(a, as).floats(b, bs).assertSameBits(new Op.Add("add", out, a, b));
    new BackendParity().floats(a, as).assertSameBits(new Op.Gelu("gelu", out, a));
    new BackendParity()
        .floats(a, as)
        .floats(b, bs)
        .assertSameBits(new Op.GeluBackward("gelub", out, b, a));
    new BackendParity().floats(a, as).floats(b, bs).assertSameBits(new Op.Add("inplace", a, a, b));
  }

  private static void biasGrad(int rows, int columns, boolean specials, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    TensorSpec db = floats("db", columns);
    TensorSpec dout = floats("dout", rows, columns);

    new BackendParity()
        .floats(dout, BackendParity.values(random, dout.size(), 2, specials))
        .assertSameBits(new Op.BiasGrad("bg", db, dout, rows, columns));
  }

  private static void embedding(
      int batch,
      int context,
      int extraPositions,
      int channels,
      int vocab,
      boolean specials,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int positions = context + extraPositions;
    TensorSpec out = floats("out", batch, context, channels);
    TensorSpec tokens = ints("tokens", batch, context);
    TensorSpec wte = floats("wte", vocab, channels);
    TensorSpec wpe = floats("wpe", positions, channels);
    TensorSpec dwte = floats("dwte", vocab, channels);
    TensorSpec dwpe = floats("dwpe", positions, channels);
    int[] tokenValues = BackendParity.tokens(random, batch * context, vocab);

    new BackendParity()
        .ints(tokens, tokenValues)
        .floats(wte, BackendParity.values(random, wte.size(), 1, specials))
        .floats(wpe, BackendParity.values(random, wpe.size(), 1, specials))
        .assertSameBits(new Op.Encoder("enc", out, tokens, wte, wpe));
    new BackendParity()
        .ints(tokens, tokenValues)
        .floats(out, BackendParity.values(random, out.size(), 1, specials))
        .assertSameBits(new Op.EncoderBackward("encb", dwte, dwpe, out, tokens));
  }

  private static void optimizer(int tensorCount, int size, boolean specials, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<TensorSpec> grads = new ArrayList<>();
    BackendParity norms = new BackendParity();
    for (int j = 0; j < tensorCount; j++) {
      TensorSpec g = floats("g" + j, size + j);
      grads.add(g);
      norms.floats(g, BackendParity.values(random, g.size(), 1, specials));
    }
    TensorSpec normSquared = floats("norm", 1);
    TensorSpec clip = floats("clip", 1);
    float maxNorm = (float) random.nextDouble(0.5, 50);

    float[] norm = norms.assertSameBits(new Op.GradNormSquared("norm", normSquared, grads)).get(0);
    float[] scale =
        new BackendParity()
            .floats(normSquared, norm)
            .assertSameBits(new Op.ClipScale("clip", clip, normSquared, maxNorm))
            .get(0);

    TensorSpec p = floats("p", size);
    TensorSpec m = floats("m", size);
    TensorSpec v = floats("v", size);
    TensorSpec g = floats("grad", size);
    float[] vs = BackendParity.values(random, size, 1, specials);
    for (int i = 0; i < size; i++) {
      vs[i] = Math.abs(vs[i]);
    }
    StepScalars scalars = new StepScalars(7, 3e-4f, 0.52170f, 0.0079f);
    List<float[]> updated =
        new BackendParity()
            .floats(p, BackendParity.values(random, size, 1, specials))
            .floats(m, BackendParity.values(random, size, 0.1f, specials))
            .floats(v, vs)
            .floats(g, BackendParity.values(random, size, 1, specials))
            .floats(clip, scale)
            .assertSameBits(
                new Op.AdamW("adam", p, m, v, g, clip, 0.9f, 0.95f, 1e-8f, 0.1f), scalars);
    assertThat(updated).hasSize(3);
  }
}
