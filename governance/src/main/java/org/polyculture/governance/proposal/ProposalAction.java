package org.polyculture.governance.proposal;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.polyculture.chain.ChainDeployment;

/**
 * One action of a proposal, decoded as far as this node knows the call: which of the protocol's
 * contracts it targets, and for the calls model proposals make, their arguments.
 *
 * @param contract the protocol contract at {@code target} ({@code token}, {@code ledger}, ...), or
 *     {@code external}
 * @param function the function's name when it is one of the decoded calls
 */
public record ProposalAction(
    String target,
    String contract,
    BigInteger value,
    Bytes calldata,
    Optional<String> function,
    Optional<JobSpecCodec.Approval> approval,
    Optional<JobTerms> createJob) {

  public static ProposalAction decode(
      ChainDeployment deployment, String target, BigInteger value, Bytes calldata) {
    String contract = contractAt(deployment, target);
    Optional<JobSpecCodec.Approval> approval =
        contract.equals("token") ? JobSpecCodec.decodeApprove(calldata) : Optional.empty();
    Optional<JobTerms> createJob =
        contract.equals("ledger") ? JobSpecCodec.decodeCreateJob(calldata) : Optional.empty();
    Optional<String> function =
        approval.isPresent()
            ? Optional.of("approve")
            : createJob.isPresent() ? Optional.of("createJob") : Optional.empty();
    return new ProposalAction(
        target.toLowerCase(Locale.ROOT), contract, value, calldata, function, approval, createJob);
  }

  private static String contractAt(ChainDeployment deployment, String target) {
    String address = target.toLowerCase(Locale.ROOT);
    if (address.equals(deployment.token())) {
      return "token";
    } else if (address.equals(deployment.ledger())) {
      return "ledger";
    } else if (address.equals(deployment.staking())) {
      return "staking";
    } else if (address.equals(deployment.disputes())) {
      return "disputes";
    } else if (address.equals(deployment.governor())) {
      return "governor";
    } else if (address.equals(deployment.timelock())) {
      return "timelock";
    }
    return "external";
  }
}
