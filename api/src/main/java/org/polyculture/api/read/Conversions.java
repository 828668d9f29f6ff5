package org.polyculture.api.read;

import java.util.Optional;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.governance.proposal.JobTerms;
import org.polyculture.governance.proposal.ProposalCost;

/** From the node's types to the API's views. */
public final class Conversions {

  private Conversions() {}

  public static JobViews.ModelConfig config(ModelConfig config) {
    return new JobViews.ModelConfig(
        config.layers(),
        config.channels(),
        config.heads(),
        config.context(),
        config.batch(),
        config.vocab(),
        config.parameterCount(),
        config.maxLearningRate(),
        config.minLearningRate(),
        config.warmupSteps(),
        config.totalSteps(),
        config.beta1(),
        config.beta2(),
        config.epsilon(),
        config.weightDecay(),
        config.maxGradNorm());
  }

  public static JobViews.JobTerms terms(JobTerms terms) {
    return new JobViews.JobTerms(
        terms.modelSpecHash().toHexString(),
        terms.modelSpec().numericsSpecVersion(),
        config(terms.modelSpec().config()),
        Long.toUnsignedString(terms.seed()),
        terms.datasetRoot().toHexString(),
        terms.datasetManifestHash().toHexString(),
        terms.datasetLocations(),
        terms.genesisStateHash().toHexString(),
        terms.totalSteps(),
        terms.segmentLength(),
        terms.segments(),
        terms.rewardPerSegment(),
        terms.budget(),
        terms.minWorkerStake(),
        terms.challengeWindowSeconds(),
        terms.leaseSeconds());
  }

  public static JobViews.Cost cost(ProposalCost cost) {
    return new JobViews.Cost(
        cost.budget(),
        cost.rewardPerSegment(),
        cost.perStep(),
        cost.totalSteps(),
        cost.segments(),
        cost.segmentLength(),
        cost.parameterCount(),
        cost.tokensPerStep(),
        cost.trainingTokens(),
        cost.stateBytes());
  }

  /** The first line of a description without its Markdown heading marks, at most 120 chars. */
  public static String title(String description) {
    String first = description.strip().lines().findFirst().orElse("");
    String stripped = first.replaceFirst("^#+\\s*", "").strip();
    if (stripped.isEmpty()) {
      return "(untitled)";
    }
    return stripped.length() > 120 ? stripped.substring(0, 117) + "..." : stripped;
  }

  public static <T> Optional<T> when(boolean condition, T value) {
    return condition ? Optional.of(value) : Optional.empty();
  }
}
