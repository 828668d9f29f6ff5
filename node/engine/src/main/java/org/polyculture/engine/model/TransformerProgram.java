package org.polyculture.engine.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * The canonical op programs of a model (docs/numerics.md §5.1): the ordered lists of ops a backend
 * runs for a training step, a forward-only evaluation and a generation forward pass. Every tensor
 * has a name that says what it is ({@code L1.qkv}, {@code L1.dqkv}, {@code L1.dfcw}), so any
 * intermediate of a step can be named, read back and hashed.
 *
 * <p>Naming: parameters as in {@link ParameterLayout}; a gradient is {@code d} before the local
 * name of what it is the gradient of ({@code L0.dres2} is the gradient of {@code L0.res2}); AdamW
 * moments are {@code NAME.m} and {@code NAME.v}. Layer {@code l}'s tensors start with {@code Ll.}.
 */
public final class TransformerProgram {

  /** Which program: the op lists differ, the parameter tensors are the same. */
  public enum Kind {
    /** Forward, loss, backward, gradient clipping and AdamW: one training step. */
    TRAINING,
    /** Forward and loss only, with the training batch shape: held-out evaluation. */
    EVALUATION,
    /** Forward to the logits for a single sequence ({@code B = 1}): text generation. */
    GENERATION
  }

  private final ModelConfig config;
  private final Kind kind;
  private final int batch;
  private final ParameterLayout layout;
  private final List<TensorSpec> gradients;
  private final List<TensorSpec> firstMoments;
  private final List<TensorSpec> secondMoments;
  private final TensorSpec tokens;
  private final TensorSpec targets;
  private final TensorSpec logits;
  private final TensorSpec losses;
  private final TensorSpec loss;
  private final TensorSpec gradNormSquared;
  private final TensorSpec clipScale;
  private final List<Op> forward = new ArrayList<>();
  private final List<Op> backward = new ArrayList<>();
  private final List<Op> update = new ArrayList<>();
  private final List<Op> ops;
  private final List<TensorSpec> tensors;
  private Op.LayerNorm finalLayerNorm;
  private Op.CrossEntropy crossEntropy;

  private TransformerProgram(ModelConfig config, Kind kind) {
    this.config = config;
    this.kind = kind;
    this.batch = kind == Kind.GENERATION ? 1 : config.batch();
    this.layout = new ParameterLayout(config);
    this.gradients = layout.gradients();
    this.firstMoments = layout.firstMoments();
    this.secondMoments = layout.secondMoments();
    int rows = batch * config.context();
    this.tokens = TensorSpec.ints("tokens", batch, config.context());
    this.targets = TensorSpec.ints("targets", batch, config.context());
    this.logits = TensorSpec.floats("logits", rows, config.vocab());
    this.losses = TensorSpec.floats("losses", rows);
    this.loss = TensorSpec.floats("loss", 1);
    this.gradNormSquared = TensorSpec.floats("gradnormsq", 1);
    this.clipScale = TensorSpec.floats("clipscale", 1);

    List<Activations> layers = buildForward();
    if (kind == Kind.TRAINING) {
      buildBackward(layers);
      buildUpdate();
    }
    List<Op> all = new ArrayList<>(forward);
    all.addAll(backward);
    all.addAll(update);
    this.ops = List.copyOf(all);
    Set<TensorSpec> used = new LinkedHashSet<>(layout.tensors());
    for (Op op : ops) {
      used.addAll(op.inputs());
      used.addAll(op.outputs());
    }
    this.tensors = List.copyOf(used);
    requireUniqueNames();
  }

  private void requireUniqueNames() {
    Set<String> tensorNames = new HashSet<>();
    for (TensorSpec tensor : tensors) {
      if (!tensorNames.add(tensor.name())) {
        throw new IllegalStateException("two tensors named " + tensor.name());
      }
    }
    Set<String> opNames = new HashSet<>();
    for (Op op : ops) {
      if (!opNames.add(op.name())) {
        throw new IllegalStateException("two ops named " + op.name());
      }
    }
  }

  public static TransformerProgram training(ModelConfig config) {
    return new TransformerProgram(config, Kind.TRAINING);
  }

  public static TransformerProgram evaluation(ModelConfig config) {
    return new TransformerProgram(config, Kind.EVALUATION);
  }

  public static TransformerProgram generation(ModelConfig config) {
    return new TransformerProgram(config, Kind.GENERATION);
  }

  public ModelConfig config() {
    return config;
  }

  public Kind kind() {
    return kind;
  }

  public ParameterLayout layout() {
    return layout;
  }

  /** Sequences per run of this program: {@code B}, or 1 for generation. */
  public int batch() {
    return batch;
  }

  /** The whole program, in execution order. */
  public List<Op> ops() {
    return ops;
  }

  /** The forward pass (with the loss, except for generation). */
  public List<Op> forwardOps() {
    return List.copyOf(forward);
  }

  /** The backward pass: every parameter's gradient; empty unless {@link Kind#TRAINING}. */
  public List<Op> backwardOps() {
    return List.copyOf(backward);
  }

  /** Gradient norm, clip scale and one AdamW op per parameter; empty unless training. */
  public List<Op> updateOps() {
    return List.copyOf(update);
  }

  /** Every tensor the program reads or writes, parameters first; allocate these. */
  public List<TensorSpec> tensors() {
    return tensors;
  }

  public Optional<TensorSpec> tensor(String name) {
    return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public TensorSpec tokens() {
    return tokens;
  }

  public TensorSpec targets() {
    return targets;
  }

  public TensorSpec logits() {
    return logits;
  }

  /** Per-position cross-entropy losses, {@code [B·T]}; absent from generation. */
  public TensorSpec losses() {
    return losses;
  }

  /** The mean loss, {@code [1]}; absent from generation. */
  public TensorSpec loss() {
    return loss;
  }

  public TensorSpec gradNormSquared() {
    return gradNormSquared;
  }

  public TensorSpec clipScale() {
    return clipScale;
  }

  public List<TensorSpec> parameters() {
    return layout.tensors();
  }

  public List<TensorSpec> gradients() {
    return gradients;
  }

  public List<TensorSpec> firstMoments() {
    return firstMoments;
  }

  public List<TensorSpec> secondMoments() {
    return secondMoments;
  }

  /** The forward activations of one block that its backward pass reads. */
  private record Activations(
      TensorSpec input,
      TensorSpec ln1,
      TensorSpec ln1Mean,
      TensorSpec ln1Rstd,
      TensorSpec qkv,
      TensorSpec atty,
      TensorSpec att,
      TensorSpec res1,
      TensorSpec ln2,
      TensorSpec ln2Mean,
      TensorSpec ln2Rstd,
      TensorSpec fch,
      TensorSpec fcgelu,
      TensorSpec res2) {}

  private TensorSpec param(String name) {
    return layout.byName(name).orElseThrow().tensor();
  }

  private TensorSpec grad(String name) {
    return gradients.get(layout.byName(name).orElseThrow().index());
  }

  private List<Activations> buildForward() {
    int c = config.channels();
    int t = config.context();
    int h = config.heads();
    int rows = batch * t;
    TensorSpec encoded = TensorSpec.floats("encoded", rows, c);
    forward.add(new Op.Encoder("encoder", encoded, tokens, param("wte"), param("wpe")));
    List<Activations> layers = new ArrayList<>();
    TensorSpec residual = encoded;
    for (int l = 0; l < config.layers(); l++) {
      String p = ParameterLayout.layerPrefix(l);
      TensorSpec ln1 = TensorSpec.floats(p + "ln1", rows, c);
      TensorSpec ln1Mean = TensorSpec.floats(p + "ln1.mean", rows);
      TensorSpec ln1Rstd = TensorSpec.floats(p + "ln1.rstd", rows);
      TensorSpec qkv = TensorSpec.floats(p + "qkv", rows, 3 * c);
      TensorSpec atty = TensorSpec.floats(p + "atty", rows, c);
      TensorSpec att = TensorSpec.floats(p + "att", batch, h, t, t);
      TensorSpec attproj = TensorSpec.floats(p + "attproj", rows, c);
      TensorSpec res1 = TensorSpec.floats(p + "res1", rows, c);
      TensorSpec ln2 = TensorSpec.floats(p + "ln2", rows, c);
      TensorSpec ln2Mean = TensorSpec.floats(p + "ln2.mean", rows);
      TensorSpec ln2Rstd = TensorSpec.floats(p + "ln2.rstd", rows);
      TensorSpec fch = TensorSpec.floats(p + "fch", rows, 4 * c);
      TensorSpec fcgelu = TensorSpec.floats(p + "fcgelu", rows, 4 * c);
      TensorSpec fcproj = TensorSpec.floats(p + "fcproj", rows, c);
      TensorSpec res2 = TensorSpec.floats(p + "res2", rows, c);

      forward.add(
          new Op.LayerNorm(
              p + "ln1", ln1, ln1Mean, ln1Rstd, residual, param(p + "ln1w"), param(p + "ln1b")));
      forward.add(linear(p + "qkv", qkv, ln1, param(p + "qkvw"), param(p + "qkvb")));
      forward.add(new Op.Attention(p + "attention", atty, att, qkv, batch, t, c, h));
      forward.add(
          linear(p + "attproj", attproj, atty, param(p + "attprojw"), param(p + "attprojb")));
      forward.add(new Op.Add(p + "res1", res1, residual, attproj));
      forward.add(
          new Op.LayerNorm(
              p + "ln2", ln2, ln2Mean, ln2Rstd, res1, param(p + "ln2w"), param(p + "ln2b")));
      forward.add(linear(p + "fch", fch, ln2, param(p + "fcw"), param(p + "fcb")));
      forward.add(new Op.Gelu(p + "fcgelu", fcgelu, fch));
      forward.add(linear(p + "fcproj", fcproj, fcgelu, param(p + "fcprojw"), param(p + "fcprojb")));
      forward.add(new Op.Add(p + "res2", res2, res1, fcproj));
      layers.add(
          new Activations(
              residual, ln1, ln1Mean, ln1Rstd, qkv, atty, att, res1, ln2, ln2Mean, ln2Rstd, fch,
              fcgelu, res2));
      residual = res2;
    }
    TensorSpec lnf = TensorSpec.floats("lnf", rows, c);
    finalLayerNorm =
        new Op.LayerNorm(
            "lnf",
            lnf,
            TensorSpec.floats("lnf.mean", rows),
            TensorSpec.floats("lnf.rstd", rows),
            residual,
            param("lnfw"),
            param("lnfb"));
    forward.add(finalLayerNorm);
    forward.add(
        new Op.Matmul(
            "logits",
            logits,
            lnf,
            param("lmw"),
            Optional.empty(),
            false,
            true,
            rows,
            config.vocab(),
            c));
    if (kind != Kind.GENERATION) {
      crossEntropy =
          new Op.CrossEntropy(
              "crossentropy",
              TensorSpec.floats("probs", rows, config.vocab()),
              losses,
              logits,
              targets);
      forward.add(crossEntropy);
      forward.add(new Op.MeanLoss("loss", loss, losses));
    }
    return layers;
  }

  private void buildBackward(List<Activations> layers) {
    int c = config.channels();
    int t = config.context();
    int h = config.heads();
    int v = config.vocab();
    int rows = batch * t;
    Op.LayerNorm lnfOp = finalLayerNorm;

    TensorSpec dlogits = TensorSpec.floats("dlogits", rows, v);
    backward.add(
        new Op.CrossEntropyBackward(
            "crossentropy.backward", dlogits, crossEntropy.probs(), targets));
    // dW = dYᵀ·X and dX = dY·W for a linear layer Y = X·Wᵀ.
    backward.add(
        new Op.Matmul(
            "dlmw", grad("lmw"), dlogits, lnfOp.out(), Optional.empty(), true, false, v, c, rows));
    TensorSpec dlnf = TensorSpec.floats("dlnf", rows, c);
    backward.add(
        new Op.Matmul(
            "dlnf", dlnf, dlogits, param("lmw"), Optional.empty(), false, false, rows, c, v));
    String last = ParameterLayout.layerPrefix(config.layers() - 1);
    TensorSpec dres2 = TensorSpec.floats(last + "dres2", rows, c);
    backward.add(
        new Op.LayerNormBackward(
            "lnf.backward",
            dres2,
            grad("lnfw"),
            grad("lnfb"),
            dlnf,
            lnfOp.x(),
            lnfOp.mean(),
            lnfOp.rstd(),
            param("lnfw")));

    for (int l = config.layers() - 1; l >= 0; l--) {
      String p = ParameterLayout.layerPrefix(l);
      Activations a = layers.get(l);
      // res2 = res1 + fcproj: both receive dres2.
      backward.addAll(linearBackward(p, "fcproj", dres2, a.fcgelu(), rows, c, 4 * c));
      TensorSpec dfcgelu = TensorSpec.floats(p + "dfcgelu", rows, 4 * c);
      TensorSpec dfch = TensorSpec.floats(p + "dfch", rows, 4 * c);
      backward.add(new Op.GeluBackward(p + "fcgelu.backward", dfch, dfcgelu, a.fch()));
      backward.addAll(linearBackward(p, "fc", dfch, a.ln2(), rows, 4 * c, c));
      TensorSpec dln2 = TensorSpec.floats(p + "dln2", rows, c);
      TensorSpec ln2dx = TensorSpec.floats(p + "ln2.dx", rows, c);
      backward.add(
          new Op.LayerNormBackward(
              p + "ln2.backward",
              ln2dx,
              grad(p + "ln2w"),
              grad(p + "ln2b"),
              dln2,
              a.res1(),
              a.ln2Mean(),
              a.ln2Rstd(),
              param(p + "ln2w")));
      TensorSpec dres1 = TensorSpec.floats(p + "dres1", rows, c);
      backward.add(new Op.Add(p + "dres1", dres1, dres2, ln2dx));
      // res1 = input + attproj: both receive dres1.
      backward.addAll(linearBackward(p, "attproj", dres1, a.atty(), rows, c, c));
      TensorSpec datty = TensorSpec.floats(p + "datty", rows, c);
      TensorSpec dqkv = TensorSpec.floats(p + "dqkv", rows, 3 * c);
      backward.add(
          new Op.AttentionBackward(
              p + "attention.backward", dqkv, datty, a.qkv(), a.att(), batch, t, c, h));
      backward.addAll(linearBackward(p, "qkv", dqkv, a.ln1(), rows, 3 * c, c));
      TensorSpec dln1 = TensorSpec.floats(p + "dln1", rows, c);
      TensorSpec ln1dx = TensorSpec.floats(p + "ln1.dx", rows, c);
      backward.add(
          new Op.LayerNormBackward(
              p + "ln1.backward",
              ln1dx,
              grad(p + "ln1w"),
              grad(p + "ln1b"),
              dln1,
              a.input(),
              a.ln1Mean(),
              a.ln1Rstd(),
              param(p + "ln1w")));
      TensorSpec dinput =
          l == 0
              ? TensorSpec.floats("dencoded", rows, c)
              : TensorSpec.floats(ParameterLayout.layerPrefix(l - 1) + "dres2", rows, c);
      backward.add(new Op.Add(dinput.name(), dinput, dres1, ln1dx));
      dres2 = dinput;
    }
    backward.add(
        new Op.EncoderBackward("encoder.backward", grad("wte"), grad("wpe"), dres2, tokens));
  }

  /**
   * The backward ops of the linear layer {@code out = x·Wᵀ + b} of block prefix {@code p} whose
   * weight is {@code p + local + "w"} and whose output gradient is {@code dout}: the weight and
   * bias gradients, then the input gradient {@code p + "d" + inputName}.
   */
  private List<Op> linearBackward(
      String p, String local, TensorSpec dout, TensorSpec x, int rows, int outWidth, int inWidth) {
    TensorSpec weight = param(p + local + "w");
    TensorSpec dx = TensorSpec.floats(p + "d" + localName(x.name()), rows, inWidth);
    return List.of(
        new Op.Matmul(
            p + "d" + local + "w",
            grad(p + local + "w"),
            dout,
            x,
            Optional.empty(),
            true,
            false,
            outWidth,
            inWidth,
            rows),
        new Op.BiasGrad(p + "d" + local + "b", grad(p + local + "b"), dout, rows, outWidth),
        new Op.Matmul(
            dx.name(), dx, dout, weight, Optional.empty(), false, false, rows, inWidth, outWidth));
  }

  private void buildUpdate() {
    update.add(new Op.GradNormSquared("gradnormsq", gradNormSquared, gradients));
    update.add(new Op.ClipScale("clipscale", clipScale, gradNormSquared, config.maxGradNorm()));
    for (ParameterSpec parameter : layout.parameters()) {
      int i = parameter.index();
      update.add(
          new Op.AdamW(
              "adamw." + parameter.name(),
              parameter.tensor(),
              firstMoments.get(i),
              secondMoments.get(i),
              gradients.get(i),
              clipScale,
              config.beta1(),
              config.beta2(),
              config.epsilon(),
              parameter.weightDecay() ? config.weightDecay() : 0.0f));
    }
  }

  private static Op.Matmul linear(
      String name, TensorSpec out, TensorSpec x, TensorSpec weight, TensorSpec bias) {
    int rows = out.dim(0);
    int in = weight.dim(1);
    int outWidth = weight.dim(0);
    return new Op.Matmul(name, out, x, weight, Optional.of(bias), false, true, rows, outWidth, in);
  }

  private static String localName(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }
}
