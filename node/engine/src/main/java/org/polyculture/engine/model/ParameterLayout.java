package org.polyculture.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.polyculture.engine.model.ParameterSpec.Initialization;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * The parameter tensors of a model in canonical parameter order (docs/numerics.md §5):
 *
 * <pre>
 * wte[V,C], wpe[T,C],
 * per layer l: Ll.ln1w[C], Ll.ln1b[C], Ll.qkvw[3C,C], Ll.qkvb[3C], Ll.attprojw[C,C], Ll.attprojb[C],
 *              Ll.ln2w[C], Ll.ln2b[C], Ll.fcw[4C,C], Ll.fcb[4C], Ll.fcprojw[C,4C], Ll.fcprojb[C],
 * lnfw[C], lnfb[C], lmw[V,C]
 * </pre>
 *
 * <p>Initialisation, the gradient norm, serialisation and the optimiser all walk this order.
 */
public final class ParameterLayout {

  private final ModelConfig config;
  private final List<ParameterSpec> parameters;
  private final long totalElements;

  public ParameterLayout(ModelConfig config) {
    this.config = config;
    int c = config.channels();
    List<ParameterSpec> specs = new ArrayList<>();
    add(specs, "wte", Initialization.NORMAL, config.vocab(), c);
    add(specs, "wpe", Initialization.NORMAL, config.context(), c);
    for (int l = 0; l < config.layers(); l++) {
      String p = layerPrefix(l);
      add(specs, p + "ln1w", Initialization.ONES, c);
      add(specs, p + "ln1b", Initialization.ZEROS, c);
      add(specs, p + "qkvw", Initialization.NORMAL, 3 * c, c);
      add(specs, p + "qkvb", Initialization.ZEROS, 3 * c);
      add(specs, p + "attprojw", Initialization.NORMAL_RESIDUAL, c, c);
      add(specs, p + "attprojb", Initialization.ZEROS, c);
      add(specs, p + "ln2w", Initialization.ONES, c);
      add(specs, p + "ln2b", Initialization.ZEROS, c);
      add(specs, p + "fcw", Initialization.NORMAL, 4 * c, c);
      add(specs, p + "fcb", Initialization.ZEROS, 4 * c);
      add(specs, p + "fcprojw", Initialization.NORMAL_RESIDUAL, c, 4 * c);
      add(specs, p + "fcprojb", Initialization.ZEROS, c);
    }
    add(specs, "lnfw", Initialization.ONES, c);
    add(specs, "lnfb", Initialization.ZEROS, c);
    add(specs, "lmw", Initialization.NORMAL, config.vocab(), c);
    this.parameters = List.copyOf(specs);
    this.totalElements = parameters.stream().mapToLong(ParameterSpec::size).sum();
  }

  /** {@code "L3."} for layer 3: the prefix of every tensor name that belongs to a block. */
  public static String layerPrefix(int layer) {
    return "L" + layer + ".";
  }

  /** The gradient tensor's name: a {@code d} before the local name ({@code L3.qkvw → L3.dqkvw}). */
  public static String gradientName(String name) {
    int dot = name.lastIndexOf('.');
    return name.substring(0, dot + 1) + "d" + name.substring(dot + 1);
  }

  public ModelConfig config() {
    return config;
  }

  public List<ParameterSpec> parameters() {
    return parameters;
  }

  public int count() {
    return parameters.size();
  }

  public ParameterSpec get(int index) {
    return parameters.get(index);
  }

  public Optional<ParameterSpec> byName(String name) {
    return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** Number of scalar parameters. */
  public long totalElements() {
    return totalElements;
  }

  public List<TensorSpec> tensors() {
    return parameters.stream().map(ParameterSpec::tensor).toList();
  }

  /** The gradient of each parameter, in canonical order. */
  public List<TensorSpec> gradients() {
    return parameters.stream()
        .map(p -> TensorSpec.floats(gradientName(p.name()), p.tensor().shape()))
        .toList();
  }

  /** AdamW's first moment of each parameter ({@code wte.m}), in canonical order. */
  public List<TensorSpec> firstMoments() {
    return parameters.stream()
        .map(p -> TensorSpec.floats(p.name() + ".m", p.tensor().shape()))
        .toList();
  }

  /** AdamW's second moment of each parameter ({@code wte.v}), in canonical order. */
  public List<TensorSpec> secondMoments() {
    return parameters.stream()
        .map(p -> TensorSpec.floats(p.name() + ".v", p.tensor().shape()))
        .toList();
  }

  private static void add(
      List<ParameterSpec> specs, String name, Initialization initialization, int... shape) {
    specs.add(new ParameterSpec(specs.size(), TensorSpec.floats(name, shape), initialization));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ParameterLayout that && config.equals(that.config);
  }

  @Override
  public int hashCode() {
    return config.hashCode();
  }
}
