package org.polyculture.governance.proposal;

import java.math.BigInteger;
import java.net.URI;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.train.Genesis;
import org.polyculture.protocol.job.ModelSpec;

/**
 * Turns a {@link ModelProposal} into the Governor proposal whose execution by the timelock creates
 * and funds the job: {@code token.approve(ledger, budget)} then {@code ledger.createJob(...)}. The
 * genesis state hash is computed here with the engine's {@link Genesis} and {@link StateHasher},
 * from the same config, seed and dataset root the job commits to, so the job is self-consistent: a
 * worker rebuilding the genesis state from the chain's JobMetadata gets this hash.
 */
public final class ProposalPreparer {

  private final ChainDeployment deployment;
  private final StateHasher hasher;

  public ProposalPreparer(ChainDeployment deployment, StateHasher hasher) {
    this.deployment = deployment;
    this.hasher = hasher;
  }

  public PreparedProposal prepare(ModelProposal proposal) {
    ModelConfig config = proposal.config();
    Bytes32 genesis =
        hasher.hash(Genesis.state(config, proposal.seed(), proposal.dataset().root()));
    JobTerms terms =
        new JobTerms(
            ModelSpec.current(config),
            proposal.seed(),
            proposal.dataset().root(),
            proposal.dataset().manifestHash(),
            proposal.dataset().locations().stream().map(URI::toString).toList(),
            genesis,
            proposal.totalSteps(),
            proposal.segmentLength(),
            proposal.rewardPerSegment(),
            proposal.minWorkerStake(),
            proposal.challengeWindow().toSeconds(),
            proposal.leaseDuration().toSeconds());
    GovernorProposal governorProposal =
        new GovernorProposal(
            List.of(deployment.token(), deployment.ledger()),
            List.of(BigInteger.ZERO, BigInteger.ZERO),
            List.of(
                JobSpecCodec.approve(deployment.ledger(), terms.budget()),
                JobSpecCodec.createJob(terms)),
            ProposalDescription.render(ModelMetadata.of(proposal), terms, proposal.proposer()));
    return new PreparedProposal(proposal, terms, governorProposal, ProposalCost.of(terms));
  }
}
