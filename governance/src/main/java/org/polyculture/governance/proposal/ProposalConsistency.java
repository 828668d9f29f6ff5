package org.polyculture.governance.proposal;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.protocol.ValidationResult;

/**
 * Checks that a model proposal's description tells the truth about its actions: a description is
 * free text written by the proposer, the actions are what executes. It is consistent when the
 * actions are exactly {@code token.approve(ledger, budget)} and {@code ledger.createJob(...)} with
 * no value, the approval equals the job's escrow, the model's schedule covers the job, and the
 * description is exactly what {@link ProposalDescription#render} writes for its metadata block and
 * these actions (so every fact in its text is the actions' fact).
 */
public final class ProposalConsistency {

  /** Why a description and its actions disagree. */
  public enum Inconsistency {
    NO_METADATA,
    UNEXPECTED_ACTIONS,
    APPROVAL_MISMATCH,
    SCHEDULE_TOO_SHORT,
    DESCRIPTION_MISMATCH
  }

  private ProposalConsistency() {}

  /** The model proposal's metadata and job, checked; or why they cannot be trusted. */
  public static ValidationResult<Inconsistency> check(
      String description,
      List<String> targets,
      List<BigInteger> values,
      List<Bytes> calldatas,
      ChainDeployment deployment) {
    Optional<ModelMetadata> metadata = ProposalDescription.parse(description);
    if (metadata.isEmpty()) {
      return ValidationResult.invalid(
          Inconsistency.NO_METADATA, "the description has no model proposal block");
    }
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
    Optional<JobTerms> job = JobSpecCodec.decodeCreateJob(calldatas.get(1));
    if (approval.isEmpty() || job.isEmpty()) {
      return ValidationResult.invalid(
          Inconsistency.UNEXPECTED_ACTIONS, "the actions are not approve and createJob calls");
    }
    JobTerms terms = job.get();
    if (!approval.get().spender().equalsIgnoreCase(deployment.ledger())
        || !approval.get().amount().equals(terms.budget())) {
      return ValidationResult.invalid(
          Inconsistency.APPROVAL_MISMATCH,
          "the approval is not the job's escrow (" + terms.budget() + ") for the ledger");
    }
    if (terms.modelSpec().config().totalSteps() < terms.totalSteps()) {
      return ValidationResult.invalid(
          Inconsistency.SCHEDULE_TOO_SHORT,
          "the model's schedule is shorter than the job's " + terms.totalSteps() + " steps");
    }
    String expected =
        ProposalDescription.render(
            metadata.get(), terms, ProposalDescription.proposer(description));
    if (!expected.equals(description)) {
      return ValidationResult.invalid(
          Inconsistency.DESCRIPTION_MISMATCH,
          "the description's text is not what its metadata and actions say");
    }
    return ValidationResult.valid();
  }
}
