package org.polyculture.engine.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The named configurations that {@code polyculture train --config NAME} accepts, from {@code nano}
 * (a step well under a second on two cores) to GPU-sized ones. A run may still override the
 * schedule length; the name itself is not part of the spec hash, only the values are.
 */
public enum NamedConfig {
  /** 2 layers, width 64, context 64: 136,960 parameters; the demo and the tests. */
  NANO("nano", 2, 64, 4, 64, 8, 3e-3f, 20, 2000),
  /** 4 layers, width 128, context 128: 875,264 parameters. */
  MICRO("micro", 4, 128, 4, 128, 8, 2e-3f, 50, 5000),
  /** 4 layers, width 256, context 256: 3,356,160 parameters. */
  SMALL("small", 4, 256, 8, 256, 8, 1e-3f, 100, 10000),
  /** 6 layers, width 384, context 256, batch 32: 10,942,464 parameters. */
  GPU_BASE("gpu-base", 6, 384, 6, 256, 32, 1e-3f, 200, 20000),
  /** 8 layers, width 512, context 512, batch 32: 25,744,384 parameters. */
  GPU_MEDIUM("gpu-medium", 8, 512, 8, 512, 32, 6e-4f, 500, 50000),
  /** 12 layers, width 768, context 512, batch 16: 85,842,432 parameters. */
  GPU_LARGE("gpu-large", 12, 768, 12, 512, 16, 6e-4f, 1000, 100000);

  private final String cliName;
  private final ModelConfig config;

  NamedConfig(
      String cliName,
      int layers,
      int channels,
      int heads,
      int context,
      int batch,
      float maxLearningRate,
      int warmupSteps,
      int totalSteps) {
    this.cliName = cliName;
    this.config =
        ModelConfig.builder()
            .layers(layers)
            .channels(channels)
            .heads(heads)
            .context(context)
            .batch(batch)
            .maxLearningRate(maxLearningRate)
            .minLearningRate(maxLearningRate / 10.0f)
            .warmupSteps(warmupSteps)
            .totalSteps(totalSteps)
            .beta1(0.9f)
            .beta2(0.95f)
            .epsilon(1e-8f)
            .weightDecay(0.1f)
            .maxGradNorm(1.0f)
            .build();
  }

  /** The name used on the command line, e.g. {@code gpu-base}. */
  public String cliName() {
    return cliName;
  }

  public ModelConfig config() {
    return config;
  }

  public static Optional<NamedConfig> byName(String name) {
    return Arrays.stream(values()).filter(named -> named.cliName.equals(name)).findFirst();
  }
}
