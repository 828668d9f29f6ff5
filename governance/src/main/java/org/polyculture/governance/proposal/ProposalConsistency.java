package org.polyculture.governance.proposal;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.protocol.ValidationResult;

/**
 * Checks that a proposal's description tells the truth about its actions: a description is free
 * text written by the proposer, the actions are what executes. A model proposal is consistent when
 * its actions are exactly {@code token.approve(ledger, budget)} and {@code ledger.createJob(spec)}
 * with no value, the approval equals the job's escrow, and the metadata's model config and dataset
 * are the ones the job commits to.
 */
public final class ProposalConsistency {

  /** Why a description and its actions disagree. */
  public enum Inconsistency {
    UNEXPECTED_ACTIONS,
    APPROVAL_MISMATCH,
    INVALID_CONFIG,
    CONFIG_MISMATCH,
    SCHEDULE_TOO_SHORT,
    DATASET_MISMATCH
  }

  private ProposalConsistency() {}

  public static ValidationResult<Inconsistency> check(
      ModelMetadata metadata,
      List<String> targets,
      List<BigInteger> values,
      List<Bytes> calldatas,
      ChainDeployment deployment) {
    if (targets.size() != 2
        || values.size() != 2
        || calldatas.size() != 2
        || !targets.get(0).equalsIgnoreCase(deployment.token())
        || !targets.get(1).equalsIgnoreCase(deployment.ledger())
        || values.stream().anyMatch(v -> v.signum() != 0)) {
      return ValidationResult.invalid(
          Inconsistency.UNEXPECTED_ACTIONS,
          "a model proposal's actions are token.approve(ledger, budget) then ledger.createJob");
    }
    Optional<JobSpecCodec.Approval> approval = JobSpecCodec.decodeApprove(calldatas.get(0));
    Optional<JobSpecCodec.CreateJobCall> job = JobSpecCodec.decodeCreateJob(calldatas.get(1));
    if (approval.isEmpty() || job.isEmpty()) {
      return ValidationResult.invalid(
          Inconsistency.UNEXPECTED_ACTIONS, "the actions are not approve and createJob calls");
    }
    JobSpecCodec.CreateJobCall spec = job.get();
    if (!approval.get().spender().equalsIgnoreCase(deployment.ledger())
        || !approval.get().amount().equals(spec.budget())) {
      return ValidationResult.invalid(
          Inconsistency.APPROVAL_MISMATCH,
          "the approval is not the job's escrow (" + spec.budget() + ") for the ledger");
    }
    Optional<ModelConfig> config = ModelConfig.fromCanonicalBytes(metadata.modelConfig());
    if (config.isEmpty()) {
      return ValidationResult.invalid(
          Inconsistency.INVALID_CONFIG, "the description's model config is not a valid config");
    }
    if (!config.get().specHash().equals(spec.modelSpecHash())) {
      return ValidationResult.invalid(
          Inconsistency.CONFIG_MISMATCH,
          "the description's model config does not hash to the job's model spec hash");
    }
    if (config.get().totalSteps() < spec.totalSteps()) {
      return ValidationResult.invalid(
          Inconsistency.SCHEDULE_TOO_SHORT,
          "the model's schedule is shorter than the job's " + spec.totalSteps() + " steps");
    }
    if (!metadata.datasetRoot().equals(spec.datasetRoot())) {
      return ValidationResult.invalid(
          Inconsistency.DATASET_MISMATCH,
          "the description's dataset root is not the job's dataset root");
    }
    return ValidationResult.valid();
  }
}
