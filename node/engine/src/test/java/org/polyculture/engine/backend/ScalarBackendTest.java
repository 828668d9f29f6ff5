package org.polyculture.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.polyculture.engine.tensor.TensorSpec.floats;
import static org.polyculture.engine.tensor.TensorSpec.ints;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.tensor.TensorSpec;

class ScalarBackendTest {

  private final OpHarness harness = new OpHarness(new ScalarBackend());

  @Test
  void shouldBeNamedScalar() {
    assertThat(new ScalarBackend().name()).isEqualTo("scalar");
  }

  @Test
  void shouldAddTokenAndPositionEmbeddings() {
    TensorSpec out = floats("out", 1, 2, 2);
    TensorSpec tokens = ints("tokens", 1, 2);
    TensorSpec wte = floats("wte", 3, 2);
    TensorSpec wpe = floats("wpe", 2, 2);

    harness
        .ints(tokens, 2, 0)
        .floats(wte, 1, 2, 3, 4, 5, 6)
        .floats(wpe, 10, 20, 30, 40)
        .run(new Op.Encoder("enc", out, tokens, wte, wpe));

    assertThat(harness.read(out)).containsExactly(15, 26, 31, 42);
  }

  @Test
  void shouldMultiplyMatricesInEveryTransposition() {
    float[] a = {1, 2, 3, 4, 5, 6}; // [2,3]
    float[] aT = {1, 4, 2, 5, 3, 6}; // [3,2]
    float[] b = {7, 8, 9, 10, 11, 12}; // [3,2]
    float[] bT = {7, 9, 11, 8, 10, 12}; // [2,3]
    float[] expected = {58, 64, 139, 154};

    for (int variant = 0; variant < 4; variant++) {
      boolean transA = (variant & 1) != 0;
      boolean transB = (variant & 2) != 0;
      TensorSpec out = floats("out" + variant, 2, 2);
      TensorSpec as = transA ? floats("aT", 3, 2) : floats("a", 2, 3);
      TensorSpec bs = transB ? floats("bT", 2, 3) : floats("b", 3, 2);
      harness
          .floats(as, transA ? aT : a)
          .floats(bs, transB ? bT : b)
          .run(new Op.Matmul("mm", out, as, bs, Optional.empty(), transA, transB, 2, 2, 3));
      assertThat(harness.read(out))
          .as("transA=%s transB=%s", transA, transB)
          .containsExactly(expected);
    }
  }

  @Test
  void shouldAddTheBiasAfterTheDotProduct() {
    TensorSpec out = floats("out", 2, 2);
    TensorSpec a = floats("a", 2, 3);
    TensorSpec b = floats("b", 2, 3);
    TensorSpec bias = floats("bias", 2);

    harness
        .floats(a, 1, 2, 3, 4, 5, 6)
        .floats(b, 7, 9, 11, 8, 10, 12)
        .floats(bias, 1, -1)
        .run(new Op.Matmul("linear", out, a, b, Optional.of(bias), false, true, 2, 2, 3));

    assertThat(harness.read(out)).containsExactly(59, 63, 140, 153);
  }

  @Test
  void shouldNormaliseEachRow() {
    TensorSpec out = floats("out", 2, 4);
    TensorSpec mean = floats("mean", 2);
    TensorSpec rstd = floats("rstd", 2);
    TensorSpec x = floats("x", 2, 4);
    TensorSpec w = floats("w", 4);
    TensorSpec b = floats("b", 4);

    harness
        .floats(x, 1, 2, 3, 4, 5, 5, 5, 5)
        .floats(w, 1, 1, 2, 2)
        .floats(b, 0, 0, 0, 1)
        .run(new Op.LayerNorm("ln", out, mean, rstd, x, w, b));

    // Row 0: mean 2.5, variance 1.25; row 1: variance 0, so rstd = 1/sqrt(1e-5).
    assertThat(harness.read(mean)).containsExactly(2.5f, 5.0f);
    float[] rstds = harness.read(rstd);
    assertThat(rstds[0]).isCloseTo((float) (1 / Math.sqrt(1.25 + 1e-5)), within(1e-6f));
    assertThat(rstds[1]).isCloseTo((float) (1 / Math.sqrt(1e-5)), within(1e-2f));
    float r = rstds[0];
    assertThat(harness.read(out))
        .containsExactly(
            new float[] {-1.5f * r, -0.5f * r, 1.0f * r, 3.0f * r + 1, 0, 0, 0, 1}, within(1e-6f));
  }

  @Test
  void shouldAttendCausallyWithSoftmaxWeights() {
    TensorSpec out = floats("out", 1, 2, 2);
    TensorSpec att = floats("att", 1, 1, 2, 2);
    TensorSpec qkv = floats("qkv", 1, 2, 6);
    // t0: q=(1,0) k=(1,0) v=(1,2); t1: q=(0,1) k=(0,2) v=(3,4)
    harness
        .floats(qkv, 1, 0, 1, 0, 1, 2, 0, 1, 0, 2, 3, 4)
        .run(new Op.Attention("attn", out, att, qkv, 1, 2, 2, 1));

    // Query 1 scores: 0 and 2/sqrt(2); softmax weight of key 1 is 1/(1 + e^-sqrt2).
    double p1 = 1.0 / (1.0 + Math.exp(-Math.sqrt(2.0)));
    float[] weights = harness.read(att);
    assertThat(weights[0]).isEqualTo(1.0f);
    assertThat(Float.floatToRawIntBits(weights[1])).isEqualTo(0);
    assertThat(weights[2]).isCloseTo((float) (1 - p1), within(1e-6f));
    assertThat(weights[3]).isCloseTo((float) p1, within(1e-6f));
    assertThat(harness.read(out))
        .containsExactly(
            new float[] {1, 2, (float) ((1 - p1) + 3 * p1), (float) (2 * (1 - p1) + 4 * p1)},
            within(1e-5f));
  }

  @Test
  void shouldComputeSoftmaxAndLossPerRow() {
    TensorSpec probs = floats("probs", 2, 4);
    TensorSpec losses = floats("losses", 2);
    TensorSpec logits = floats("logits", 2, 4);
    TensorSpec targets = ints("targets", 2);

    harness
        .floats(logits, 3, 3, 3, 3, 0, 0, 0, 100)
        .ints(targets, 1, 0)
        .run(new Op.CrossEntropy("ce", probs, losses, logits, targets));

    float[] p = harness.read(probs);
    assertThat(p).startsWith(0.25f, 0.25f, 0.25f, 0.25f);
    assertThat(p[7]).isEqualTo(1.0f);
    assertThat(harness.read(losses))
        .containsExactly(new float[] {1.3862944f, 100.0f}, within(1e-6f));
  }

  @Test
  void shouldAverageLosses() {
    TensorSpec out = floats("loss", 1);
    TensorSpec losses = floats("losses", 4);

    harness.floats(losses, 1, 2, 3, 4).run(new Op.MeanLoss("mean", out, losses));

    assertThat(harness.read(out)).containsExactly(2.5f);
  }

  @Test
  void shouldSubtractTheTargetAndScaleByTheRowCount() {
    TensorSpec dlogits = floats("dlogits", 2, 2);
    TensorSpec probs = floats("probs", 2, 2);
    TensorSpec targets = ints("targets", 2);

    harness
        .floats(probs, 0.25f, 0.75f, 0.5f, 0.5f)
        .ints(targets, 1, 0)
        .run(new Op.CrossEntropyBackward("ceb", dlogits, probs, targets));

    assertThat(harness.read(dlogits)).containsExactly(0.125f, -0.125f, -0.25f, 0.25f);
  }

  @Test
  void shouldSumBiasGradientsOverRows() {
    TensorSpec db = floats("db", 2);
    TensorSpec dout = floats("dout", 3, 2);

    harness.floats(dout, 1, 2, 3, 4, 5, 6).run(new Op.BiasGrad("bg", db, dout, 3, 2));

    assertThat(harness.read(db)).containsExactly(9, 12);
  }

  @Test
  void shouldGatherEmbeddingGradientsByToken() {
    TensorSpec dwte = floats("dwte", 3, 1);
    TensorSpec dwpe = floats("dwpe", 3, 1);
    TensorSpec dout = floats("dout", 2, 2, 1);
    TensorSpec tokens = ints("tokens", 2, 2);

    harness
        .floats(dout, 1, 2, 3, 4)
        .ints(tokens, 1, 1, 0, 1)
        .run(new Op.EncoderBackward("encb", dwte, dwpe, dout, tokens));

    assertThat(harness.read(dwte)).containsExactly(3, 7, 0);
    assertThat(harness.read(dwpe)).containsExactly(4, 6, 0);
  }

  @Test
  void shouldAddElementwiseAndApplyGelu() {
    TensorSpec sum = floats("sum", 3);
    TensorSpec a = floats("a", 3);
    TensorSpec b = floats("b", 3);
    TensorSpec g = floats("g", 3);
    TensorSpec dx = floats("dx", 3);

    harness
        .floats(a, 1, -2, 0.5f)
        .floats(b, 2, 2, 0.25f)
        .run(new Op.Add("add", sum, a, b))
        .run(new Op.Gelu("gelu", g, sum))
        .run(new Op.GeluBackward("gelub", dx, a, sum));

    assertThat(harness.read(sum)).containsExactly(3, 0, 0.75f);
    float[] gelu = harness.read(g);
    assertThat(gelu[0]).isCloseTo(2.9963627f, within(1e-6f));
    assertThat(gelu[1]).isZero();
    assertThat(harness.read(dx)[1]).isEqualTo(-1.0f);
  }

  @Test
  void shouldSumSquaredGradientsAndClip() {
    TensorSpec norm = floats("norm", 1);
    TensorSpec g1 = floats("g1", 2);
    TensorSpec g2 = floats("g2", 1, 1);
    TensorSpec clip = floats("clip", 1);
    TensorSpec noClip = floats("noClip", 1);

    harness
        .floats(g1, 3, 4)
        .floats(g2, 12)
        .run(new Op.GradNormSquared("norm", norm, List.of(g1, g2)))
        .run(new Op.ClipScale("clip", clip, norm, 1.0f))
        .run(new Op.ClipScale("noclip", noClip, norm, 13.0f));

    assertThat(harness.read(norm)).containsExactly(169);
    assertThat(harness.read(clip)).containsExactly(1.0f / (13.0f + 1e-6f));
    assertThat(harness.read(noClip)).containsExactly(1.0f);
  }

  @Test
  void shouldTakeOneAdamWStepWithBiasCorrection() {
    TensorSpec p = floats("p", 2);
    TensorSpec m = floats("m", 2);
    TensorSpec v = floats("v", 2);
    TensorSpec g = floats("g", 2);
    TensorSpec clip = floats("clip", 1);
    StepScalars first = new StepScalars(0, 0.01f, 1.0f - 0.9f, 1.0f - 0.999f);

    harness
        .floats(p, 1, -2)
        .floats(g, 0.5f, -4)
        .floats(clip, 0.5f)
        .run(new Op.AdamW("adam", p, m, v, g, clip, 0.9f, 0.999f, 1e-8f, 0.1f), first);

    // First step: mhat = g, vhat = g^2, so p -= lr * (sign(g) + wd * p).
    assertThat(harness.read(p))
        .containsExactly(new float[] {1 - 0.01f * 1.1f, -2 - 0.01f * (-1 - 0.2f)}, within(1e-6f));
    assertThat(harness.read(m)).containsExactly(new float[] {0.025f, -0.2f}, within(1e-7f));
    float oneMinusBeta2 = 1.0f - 0.999f;
    assertThat(harness.read(v)).containsExactly(oneMinusBeta2 * 0.0625f, oneMinusBeta2 * 4.0f);
  }

  @Test
  void shouldRejectOpsThatOverwriteTheirOwnInputs() {
    TensorSpec a = floats("a", 2, 2);
    TensorSpec b = floats("b", 2, 2);
    harness.floats(a, 1, 2, 3, 4).floats(b, 1, 0, 0, 1);

    assertThatThrownBy(
            () ->
                harness.run(new Op.Matmul("mm", a, a, b, Optional.empty(), false, false, 2, 2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("also reads");
  }

  @Test
  void shouldAllowElementwiseOpsInPlace() {
    TensorSpec a = floats("a", 2);
    TensorSpec b = floats("b", 2);

    harness.floats(a, 1, 2).floats(b, 3, 4).run(new Op.Add("acc", a, a, b));

    assertThat(harness.read(a)).containsExactly(4, 6);
  }

  @Test
  void shouldRejectTokensOutsideTheVocabulary() {
    TensorSpec out = floats("out", 1, 1, 1);
    TensorSpec tokens = ints("tokens", 1, 1);
    TensorSpec wte = floats("wte", 2, 1);
    TensorSpec wpe = floats("wpe", 1, 1);
    harness.ints(tokens, 2);

    assertThatThrownBy(() -> harness.run(new Op.Encoder("enc", out, tokens, wte, wpe)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vocabulary");
  }

  @Test
  void shouldRejectUnallocatedAndMismatchedTensors() {
    ScalarBackend backend = new ScalarBackend();
    TensorSpec x = floats("x", 2);

    assertThatThrownBy(() -> backend.write(x, new float[2]))
        .isInstanceOf(IllegalStateException.class);
    backend.allocate(List.of(x));
    assertThatThrownBy(() -> backend.allocate(List.of(floats("x", 3))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> backend.write(x, new float[3]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> backend.writeInts(x, new int[2]))
        .isInstanceOf(IllegalArgumentException.class);
    backend.close();
    assertThatThrownBy(() -> backend.read(x, new float[2]))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldRejectShapesThatDoNotFitTheOp() {
    TensorSpec out = floats("out", 1, 2, 2);
    TensorSpec att = floats("att", 1, 1, 2, 2);
    TensorSpec qkv = floats("qkv", 1, 2, 5);

    assertThatThrownBy(() -> harness.run(new Op.Attention("attn", out, att, qkv, 1, 2, 2, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("qkv");
  }
}
