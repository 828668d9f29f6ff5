package org.polyculture.governance.proposal;

import java.math.BigInteger;
import org.polyculture.engine.model.ModelConfig;

/**
 * What a model proposal costs and buys, shown before anyone signs: the budget the treasury escrows
 * (reward per segment times segments), the steps and segments, and the model's size and the
 * training tokens the steps consume.
 *
 * @param stateBytes bytes of one training state (parameters and both AdamW moments), what workers
 *     store and serve per checkpoint
 */
public record ProposalCost(
    BigInteger budget,
    BigInteger rewardPerSegment,
    long totalSteps,
    long segments,
    long segmentLength,
    long parameterCount,
    long tokensPerStep,
    long trainingTokens,
    long stateBytes) {

  /** The cost of the job these terms create. */
  public static ProposalCost of(JobTerms terms) {
    ModelConfig config = terms.modelSpec().config();
    long parameters = config.parameterCount();
    long tokensPerStep = config.tokensPerStep();
    return new ProposalCost(
        terms.budget(),
        terms.rewardPerSegment(),
        terms.totalSteps(),
        terms.segments(),
        terms.segmentLength(),
        parameters,
        tokensPerStep,
        Math.multiplyExact(tokensPerStep, terms.totalSteps()),
        144 + 12 * parameters);
  }

  /** The budget per training step, in base units (rounded down). */
  public BigInteger perStep() {
    return budget.divide(BigInteger.valueOf(totalSteps));
  }
}
