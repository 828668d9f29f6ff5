package org.polyculture.api.write;

import java.util.List;
import java.util.Optional;

/**
 * A model proposal to prepare, as the "propose a model" form sends it. Amounts are token base units
 * as decimal strings; the seed is an unsigned 64-bit decimal; durations are seconds.
 *
 * @param model a named configuration ({@code name}: nano, micro, small, gpu-base, gpu-medium,
 *     gpu-large) or an explicit {@code config}
 * @param proposer the address that will submit it; the description then ends with {@code
 *     #proposer=} so nobody else can submit the same proposal first
 */
public record DraftRequest(
    String name,
    String community,
    Optional<String> summary,
    Model model,
    String seed,
    Dataset dataset,
    Long totalSteps,
    Integer segmentLength,
    String rewardPerSegment,
    String minWorkerStake,
    Optional<Long> challengeWindowSeconds,
    Optional<Long> leaseSeconds,
    Optional<String> proposer) {

  /** Exactly one of a configuration name and an explicit configuration. */
  public record Model(Optional<String> name, Optional<Config> config) {}

  /** An explicit model configuration (docs/numerics.md §5). */
  public record Config(
      Integer layers,
      Integer channels,
      Integer heads,
      Integer context,
      Integer batch,
      Float maxLearningRate,
      Float minLearningRate,
      Integer warmupSteps,
      Integer totalSteps,
      Float beta1,
      Float beta2,
      Float epsilon,
      Float weightDecay,
      Float maxGradNorm) {}

  /**
   * The dataset: its root and manifest hash (0x hex), its size, and the base URLs that serve it.
   */
  public record Dataset(String root, String manifestHash, Long bytes, List<String> locations) {}
}
