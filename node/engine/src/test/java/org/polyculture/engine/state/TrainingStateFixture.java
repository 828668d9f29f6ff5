package org.polyculture.engine.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.model.ModelTensors;
import org.polyculture.engine.model.ParameterLayout;

/** Seeded training states with safe defaults, for codec, hash and storage tests. */
public final class TrainingStateFixture {

  private ModelConfig config =
      ModelConfig.builder().layers(1).channels(8).heads(2).context(4).batch(2).build();
  private long seed = 42;
  private long step = 7;
  private long randomSeed = 1;
  private float nanEvery = 0;

  public static TrainingStateFixture aState() {
    return new TrainingStateFixture();
  }

  public TrainingStateFixture config(ModelConfig config) {
    this.config = config;
    return this;
  }

  public TrainingStateFixture step(long step) {
    this.step = step;
    return this;
  }

  public TrainingStateFixture jobSeed(long seed) {
    this.seed = seed;
    return this;
  }

  /** The seed of the random tensor values. */
  public TrainingStateFixture values(long randomSeed) {
    this.randomSeed = randomSeed;
    return this;
  }

  /** Puts a NaN with a random payload at roughly one element in {@code every}. */
  public TrainingStateFixture withNaNs(int every) {
    this.nanEvery = every;
    return this;
  }

  public TrainingState build() {
    Random random = new Random(randomSeed);
    ParameterLayout layout = new ParameterLayout(config);
    byte[] root = new byte[32];
    random.nextBytes(root);
    return new TrainingState(
        1,
        config,
        seed,
        Bytes32.wrap(root),
        step,
        random.nextFloat(),
        random.nextFloat(),
        tensors(layout, random),
        tensors(layout, random),
        tensors(layout, random));
  }

  private ModelTensors tensors(ParameterLayout layout, Random random) {
    List<float[]> values = new ArrayList<>();
    for (int i = 0; i < layout.count(); i++) {
      float[] tensor = new float[layout.get(i).size()];
      for (int j = 0; j < tensor.length; j++) {
        tensor[j] =
            nanEvery > 0 && random.nextInt((int) nanEvery) == 0
                ? Float.intBitsToFloat(
                    0x7F800001 | random.nextInt(0x7FFFFF) | (random.nextBoolean() ? 0x80000000 : 0))
                : (float) random.nextGaussian();
      }
      values.add(tensor);
    }
    return ModelTensors.copyOf(layout, values);
  }
}
