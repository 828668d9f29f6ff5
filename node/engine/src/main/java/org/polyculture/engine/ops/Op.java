package org.polyculture.engine.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * One canonical op of a step program (docs/numerics.md §5.1). Ops are values: a program is an
 * ordered list of them, the same for every backend, so that a dispute can name "op 137, {@code
 * L2.dqkv}" and every party knows exactly what was computed.
 *
 * <p>The field order of each record is: outputs first, then inputs, then attributes.
 */
public sealed interface Op {

  /** A name unique within the program, e.g. {@code L2.attn.backward}. */
  String name();

  /** The tensors this op writes, in a fixed order. */
  List<TensorSpec> outputs();

  /** The tensors this op reads, in a fixed order. */
  List<TensorSpec> inputs();

  /** {@code out[b,t,c] = wte[tok[b,t],c] + wpe[t,c]}. */
  record Encoder(String name, TensorSpec out, TensorSpec tokens, TensorSpec wte, TensorSpec wpe)
      implements Op {
    @Override
    public List<TensorSpec> outputs() {
      return List.of(out);
    }

    @Override
    public List<TensorSpec> inputs() {
      return List.of(tokens, wte, wpe);
    }
  }

  /** LayerNorm over the last axis with eps {@code 1e-5f}, saving each row's mean and rstd. */
  record LayerNorm(
      String name,
      TensorSpec out,
      TensorSpec mean,
      TensorSpec rstd,
      TensorSpec x,
      TensorSpec weight,
      TensorSpec bias)
      implements Op {
    @Override
    public List<TensorSpec> outputs() {
      return List.of(out, mean, rstd);
    }

    @Override
    public List<TensorSpec> inputs() {
      return List.of(x, weight, bias);
    }
  }

  /**
   * {@code out[m,n] = dot_k(A'[m,k], B'[k,n]) (+ bias[n])} where {@code A' = transA ? aᵀ : a} and
   * {@code B' = transB ? bᵀ : b}; a linear layer's forward pass is {@code transB = true}.
   */
  record Matmul(
      String name,
      TensorSpec out,
      TensorSpec a,
      TensorSpec b,
      Optional<TensorSpec> bias,
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k)
      implements Op {
    public Matmul {
      requireSize(out, (long) m * n, name, "out");
      requireSize(a, (long) m * k, name, "a");
      requireSize(b, (long) k * n, name, "b");
      bias.ifPresent(t -> requireSize(t, n, name, "bias"));
    }

    @Override
    public List<TensorSpec> outputs() {
      return List.of(out);
    }

    @Override
    public List<TensorSpec> inputs() {
      List<TensorSpec> inputs = new ArrayList<>(List.of(a, b));
      bias.ifPresent(inputs::add);
      return List.copyOf(inputs);
    }
  }

  /** Causal multi-head self-attention over a packed {@code qkv[B,T,3C]} (§5.2). */
  record Attention(
      String name,
      TensorSpec out,
      TensorSpec att,
      TensorSpec qkv,
      int batch,
      int context,
      int channels,
      int heads)
      implements Op {
    @Override
    public List<TensorSpec> outputs() {
      return List.of(out, att);
    }

    @Override
    public List<TensorSpec> inputs() {
      return List.of(qkv);
    }
  }

  /** Elementwise {@code gelu(x)} (tanh form). */
  record Gelu(String name, TensorSpec out, TensorSpec x) implements Op {
    @Override
    public List<TensorSpec> outputs() {
      return List.of(out);
    }

    @Override
    public List<TensorSpec> inputs() {
      return List.of(x);
    }
  }

  /** Elementwise {@code a + b}. */
  record Add(String name, TensorSpec out, TensorSpec a, TensorSpec b) implements Op {
    @Override
    public List<TensorSpec> outputs() {
      return List.of(out);
    }

    @Override
    public List<TensorSpec> inputs() {
      return List.of(a, b);
    }
  }

  /** Row-wise softmax and cross-entropy loss against integer targets. */
  record CrossEntropy(
      String name, TensorSpec probs, TensorSpec losses, TensorSpec logits, TensorSpec targets)
      implements Op {
    @Override
    public List<TensorSpec> outputs() {
      return List.of(probs, losses);
    }

    @Override
    public List<TensorSpec> inputs() {
      return List.of(logits, targets);
    }
  }

  /** {@code out[0] = sum(losses) / n}. */
  record MeanLoss(String name, TensorSpec out, TensorSpec losses) implements Op {
    @Override
    public List<TensorSpec> outputs() {
      return List.of(out);
    }

    @Override
    public List<TensorSpec> inputs() {
      return List.of(losses);
    }
  }

  /** {@code dlogits = (probs - onehot(target)) * (1/rows)}. */
  record CrossEntropyBackward(String name, TensorSpec dlogits, TensorSpec probs, TensorSpec targets)
      implements Op {
    @Override
    public List<TensorSpec> outputs() {
      return List.of(dlogits);
    }

    @Override
    public List<TensorSpec> inputs() {
      return List.of(probs, targets);
    }
  }

  /** LayerNorm backward (§5.3): writes {@code dx}, {@code dweight}, {@code dbias}. */
  record LayerNormBackward(
      String name,
      TensorSpec dx,
      TensorSpec dweight,
      TensorSpec dbias,
      TensorSpec dout,
      TensorSpec x,
      TensorSpec mean,
      TensorSpec rstd,
      TensorSpec weight)
      implements Op {
    @Override
    public List<TensorSpec> outputs() {
      return List.of(dx, dweight, dbias);
    }

    @Override
    public List<TensorSpec> inputs() {
      return List.of(dout, x, mean, rstd, weight);
    }
  }

  /** {@code db[n] = sum over rows m of dout[m,n]}. */
  record BiasGrad(String name, TensorSpec dbias, TensorSpec dout, int rows, int columns)
      implements Op {
    @Override
    public List<TensorSpec> outputs() {
      return List.of(dbias);
    }

    @Override
    public List<TensorSpec> inputs() {
      return List.of(dout);
    }
  }

  /** {@code dx = dout * geluGrad(x)}. */
  record GeluBackward(String name, TensorSpec dx, TensorSpec dout, TensorSpec x) implements Op {
    @Override
    public List<TensorSpec> outputs() {
      return List.of(dx);
    }

    @Override
    public List<TensorSpec> inputs() {
      return List.of(dout, x);
    }
  }

  /** Attention backward (§5.2): writes the gradient of the packed {@code qkv}. */
  record AttentionBackward(
      String name,
      TensorSpec dqkv,
      TensorSpec dout,
      TensorSpec qkv,
      TensorSpec att,
      int batch,
      int context,
      int channels,
      int heads)
      implements Op {
    @Override
    public List<TensorSpec> outputs() {
      return List.of(dqkv);
    }

    @Override
    public List<TensorSpec> inputs() {
      return List.of(dout, qkv, att);
    }
  }

  /** Gradients of the token and position embeddings. */
  record EncoderBackward(
      String name, TensorSpec dwte, TensorSpec dwpe, TensorSpec dout, TensorSpec tokens)
      implements Op {
    @Override
    public List<TensorSpec> outputs() {
      return List.of(dwte, dwpe);
    }

    @Override
    public List<TensorSpec> inputs() {
      return List.of(dout, tokens);
    }
  }

  /** Sum over gradient tensors (canonical parameter order) of each tensor's {@code dot(g, g)}. */
  record GradNormSquared(String name, TensorSpec out, List<TensorSpec> grads) implements Op {
    public GradNormSquared {
      grads = List.copyOf(grads);
    }

    @Override
    public List<TensorSpec> outputs() {
      return List.of(out);
    }

    @Override
    public List<TensorSpec> inputs() {
      return grads;
    }
  }

  /** Gradient clipping coefficient from the squared global norm. */
  record ClipScale(String name, TensorSpec out, TensorSpec normSquared, float maxNorm)
      implements Op {
    @Override
    public List<TensorSpec> outputs() {
      return List.of(out);
    }

    @Override
    public List<TensorSpec> inputs() {
      return List.of(normSquared);
    }
  }

  /**
   * AdamW update of one parameter tensor in place (§5.4), using the learning rate and bias
   * corrections of the step's {@link StepScalars}.
   */
  record AdamW(
      String name,
      TensorSpec param,
      TensorSpec m,
      TensorSpec v,
      TensorSpec grad,
      TensorSpec clipScale,
      float beta1,
      float beta2,
      float eps,
      float weightDecay)
      implements Op {
    @Override
    public List<TensorSpec> outputs() {
      return List.of(param, m, v);
    }

    @Override
    public List<TensorSpec> inputs() {
      return List.of(param, m, v, grad, clipScale);
    }
  }

  private static void requireSize(TensorSpec spec, long expected, String op, String role) {
    if (spec.size() != expected) {
      throw new IllegalArgumentException(
          op
              + ": "
              + role
              + " "
              + spec
              + " has "
              + spec.size()
              + " elements, expected "
              + expected);
    }
  }
}
