package org.polyculture.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polyculture.engine.tensor.TensorSpec.floats;
import static org.polyculture.engine.tensor.TensorSpec.ints;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * The cpu backend gives the scalar reference's bits for every op, over random shapes (sizes that
 * are not multiples of 16 or of the vector length, size 1) and values (signed zeros, subnormals,
 * huge values, infinities, NaN), with 1, 2 and 3 threads.
 */
class VectorBackendPropertyTest {

  @Property(tries = 60)
  void matmulShouldMatchScalar(
      @ForAll @IntRange(min = 1, max = 37) int m,
      @ForAll @IntRange(min = 1, max = 45) int n,
      @ForAll @IntRange(min = 1, max = 70) int k,
      @ForAll boolean transA,
      @ForAll boolean transB,
      @ForAll boolean withBias,
      @ForAll boolean specials,
      @ForAll long seed) {
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

  @Property(tries = 8)
  void largeMatmulShouldMatchScalar(
      @ForAll @IntRange(min = 100, max = 300) int m,
      @ForAll @IntRange(min = 60, max = 200) int n,
      @ForAll @IntRange(min = 100, max = 400) int k,
      @ForAll boolean transA,
      @ForAll boolean transB,
      @ForAll long seed) {
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

  @Property(tries = 40)
  void attentionAndItsBackwardShouldMatchScalar(
      @ForAll @IntRange(min = 1, max = 3) int batch,
      @ForAll @IntRange(min = 1, max = 21) int context,
      @ForAll @IntRange(min = 1, max = 3) int heads,
      @ForAll @IntRange(min = 1, max = 19) int headSize,
      @ForAll boolean specials,
      @ForAll long seed) {
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
  }

  @Property(tries = 40)
  void layerNormAndItsBackwardShouldMatchScalar(
      @ForAll @IntRange(min = 1, max = 40) int rows,
      @ForAll @IntRange(min = 1, max = 90) int channels,
      @ForAll boolean specials,
      @ForAll long seed) {
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

  @Property(tries = 40)
  void crossEntropyOpsShouldMatchScalar(
      @ForAll @IntRange(min = 1, max = 20) int rows,
      @ForAll @IntRange(min = 1, max = 300) int vocab,
      @ForAll boolean specials,
      @ForAll long seed) {
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

  @Property(tries = 40)
  void elementwiseOpsShouldMatchScalar(
      @ForAll @IntRange(min = 1, max = 5000) int size,
      @ForAll boolean specials,
      @ForAll long seed) {
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

  @Property(tries = 40)
  void biasGradShouldMatchScalar(
      @ForAll @IntRange(min = 1, max = 70) int rows,
      @ForAll @IntRange(min = 1, max = 70) int columns,
      @ForAll boolean specials,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    TensorSpec db = floats("db", columns);
    TensorSpec dout = floats("dout", rows, columns);

    new BackendParity()
        .floats(dout, BackendParity.values(random, dout.size(), 2, specials))
        .assertSameBits(new Op.BiasGrad("bg", db, dout, rows, columns));
  }

  @Property(tries = 40)
  void embeddingOpsShouldMatchScalar(
      @ForAll @IntRange(min = 1, max = 4) int batch,
      @ForAll @IntRange(min = 1, max = 40) int context,
      @ForAll @IntRange(min = 0, max = 5) int extraPositions,
      @ForAll @IntRange(min = 1, max = 40) int channels,
      @ForAll @IntRange(min = 1, max = 9) int vocab,
      @ForAll boolean specials,
      @ForAll long seed) {
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

  @Property(tries = 30)
  void optimizerOpsShouldMatchScalar(
      @ForAll @IntRange(min = 1, max = 4) int tensorCount,
      @ForAll @IntRange(min = 1, max = 3000) int size,
      @ForAll boolean specials,
      @ForAll long seed) {
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
