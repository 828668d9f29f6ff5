package org.polyculture.engine.model;

import java.util.ArrayList;
import java.util.List;
import org.polyculture.engine.numerics.CanonicalMath;
import org.polyculture.engine.numerics.Philox;
import org.polyculture.engine.numerics.RandomPurpose;

/**
 * The genesis parameters of a job (docs/numerics.md §5.5): normal weights from a Box–Muller
 * transform of Philox words keyed by {@code (seed, step 0, INIT, i·2^40 + j)} for element {@code j}
 * of parameter tensor {@code i}; biases zero; LayerNorm weights one.
 */
public final class Initializer {

  /** Standard deviation of the normal weights. */
  public static final float STD = 0.02f;

  private Initializer() {}

  public static ModelTensors parameters(ModelConfig config, long seed) {
    ParameterLayout layout = new ParameterLayout(config);
    float residualStd = STD / CanonicalMath.sqrt((float) (2 * config.layers()));
    List<float[]> tensors = new ArrayList<>(layout.count());
    for (ParameterSpec parameter : layout.parameters()) {
      float[] values = new float[parameter.size()];
      switch (parameter.initialization()) {
        case NORMAL -> fillNormal(values, seed, parameter.index(), STD);
        case NORMAL_RESIDUAL -> fillNormal(values, seed, parameter.index(), residualStd);
        case ONES -> java.util.Arrays.fill(values, 1.0f);
        case ZEROS -> {}
      }
      tensors.add(values);
    }
    return ModelTensors.copyOf(layout, tensors);
  }

  /** One standard normal value: {@code sqrt(-2 log u1) · cos(2π u2)}. */
  public static float standardNormal(long seed, int tensor, int element) {
    Philox.Block block = Philox.block(seed, 0, RandomPurpose.INIT, ((long) tensor << 40) + element);
    float u1 = Philox.uniformPositive24(block.w0());
    float u2 = Philox.uniform24(block.w1());
    return CanonicalMath.sqrt(-2.0f * CanonicalMath.log(u1)) * CanonicalMath.cosPi(2.0f * u2);
  }

  private static void fillNormal(float[] values, long seed, int tensor, float std) {
    for (int j = 0; j < values.length; j++) {
      values[j] = standardNormal(seed, tensor, j) * std;
    }
  }
}
