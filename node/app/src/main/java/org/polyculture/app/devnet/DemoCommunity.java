package org.polyculture.app.devnet;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.DeploymentParameters;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.governance.GovernanceClient;
import org.polyculture.governance.GovernorReader;
import org.polyculture.governance.ProposalState;
import org.polyculture.governance.proposal.ModelProposal;
import org.polyculture.governance.proposal.PreparedProposal;
import org.polyculture.governance.proposal.ProposalPreparer;
import org.polyculture.governance.relay.DelegationRelay;
import org.polyculture.governance.relay.RelayOutcome;
import org.polyculture.governance.relay.VoteRelay;
import org.polyculture.governance.signature.Ballot;
import org.polyculture.governance.signature.Delegation;
import org.polyculture.governance.signature.EcdsaSignature;
import org.polyculture.governance.signature.VoteSupport;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The devnet's community of token holders, and the one thing only they can do: fund a job. The
 * deployer hands each holder tokens; every holder activates its votes by signing a delegation to
 * itself, which a relayer sends (as the API does for browsers); the first holder proposes the demo
 * model; holders vote by signed ballots, relayed too; the proposal is queued and executed, and the
 * ledger creates the job with the budget in escrow. The devnet moves the chain's clock over the
 * voting delay, the voting period and the timelock delay instead of waiting them out.
 */
public final class DemoCommunity {

  /** Each holder's tokens: with two of them voting, 60M of the 40M quorum (4% of 1B). */
  public static final BigInteger HOLDING = DeploymentParameters.tokens(30_000_000);

  private static final Duration SIGNATURE_VALIDITY = Duration.ofHours(1);

  private final ChainClient chain;
  private final ChainDeployment deployment;
  private final DeploymentParameters parameters;
  private final DevChainControl control;
  private final DevnetAccount deployer;
  private final List<DevnetAccount> holders;
  private final DevnetAccount relayer;
  private final Consumer<String> progress;

  public DemoCommunity(
      ChainClient chain,
      ChainDeployment deployment,
      DeploymentParameters parameters,
      DevChainControl control,
      DevnetAccount deployer,
      List<DevnetAccount> holders,
      DevnetAccount relayer,
      Consumer<String> progress) {
    if (holders.size() < 2) {
      throw new IllegalArgumentException("the community needs at least two holders");
    }
    this.chain = chain;
    this.deployment = deployment;
    this.parameters = parameters;
    this.control = control;
    this.deployer = deployer;
    this.holders = List.copyOf(holders);
    this.relayer = relayer;
    this.progress = progress;
  }

  /** Gives every holder its tokens and activates their votes (delegations by signature). */
  public void form() throws Exception {
    for (DevnetAccount holder : holders) {
      chain
          .contracts(deployment, deployer.key())
          .token()
          .transfer(holder.address(), HOLDING)
          .send();
    }
    GovernorReader reader = new GovernorReader(chain, deployment);
    DelegationRelay delegations = new DelegationRelay(reader, relayerClient());
    for (DevnetAccount holder : holders) {
      Delegation delegation =
          new Delegation(
              holder.address(),
              reader.tokenNonce(holder.address()),
              BigInteger.valueOf(reader.chainTime() + SIGNATURE_VALIDITY.toSeconds()));
      String signature =
          EcdsaSignature.sign(delegation.digest(reader.tokenDomain()), holder.key()).toHex();
      expectRelayed(delegations.relay(holder.address(), delegation, signature), holder);
    }
    // A proposal reads votes one second before it is made: let the delegations age.
    control.advance(Duration.ofSeconds(1));
    progress.accept(
        "community: "
            + holders.size()
            + " holders with "
            + HOLDING.divide(DeploymentParameters.TOKEN)
            + " POLY each delegated their votes by signature");
  }

  /**
   * Proposes {@code proposal} as the first holder, votes for it with the majority of holders (the
   * last abstains), and queues and executes it; returns the new job's id.
   */
  public BigInteger fund(ModelProposal.Builder proposal) throws Exception {
    DevnetAccount proposer = holders.get(0);
    GovernorReader reader = new GovernorReader(chain, deployment);
    PreparedProposal prepared =
        new ProposalPreparer(deployment, StateHasher.singleThreaded())
            .prepare(proposal.proposer(Optional.of(proposer.address())).build());
    GovernanceClient.Submitted submitted =
        new GovernanceClient(chain, deployment, proposer.key())
            .propose(prepared.governorProposal());
    BigInteger proposalId = submitted.proposalId();
    progress.accept(
        "governance: "
            + proposer.label()
            + " proposed '"
            + prepared.source().name()
            + "' (budget "
            + prepared.cost().budget().divide(DeploymentParameters.TOKEN)
            + " POLY for "
            + prepared.cost().segments()
            + " segments), proposal "
            + shortId(proposalId));

    control.advance(parameters.votingDelay().plusSeconds(1));
    VoteRelay votes = new VoteRelay(reader, relayerClient());
    for (int i = 0; i < holders.size(); i++) {
      DevnetAccount holder = holders.get(i);
      VoteSupport support =
          i == holders.size() - 1 && holders.size() > 2 ? VoteSupport.ABSTAIN : VoteSupport.FOR;
      Ballot ballot =
          new Ballot(proposalId, support, holder.address(), reader.ballotNonce(holder.address()));
      String signature =
          EcdsaSignature.sign(ballot.digest(reader.governorDomain()), holder.key()).toHex();
      expectRelayed(votes.relay(ballot, signature), holder);
    }
    progress.accept(
        "governance: "
            + holders.size()
            + " signed ballots relayed; fast-forwarding the "
            + parameters.votingPeriod().toSeconds()
            + " s voting period");
    control.advance(parameters.votingPeriod().plusSeconds(1));
    expectState(reader, proposalId, ProposalState.SUCCEEDED);
    GovernanceClient anyone = relayerClient();
    anyone.queue(prepared.governorProposal());
    control.advance(parameters.timelockDelay().plusSeconds(1));
    TransactionReceipt executed = anyone.execute(prepared.governorProposal());
    List<TrainingLedger.JobCreatedEventResponse> created =
        TrainingLedger.getJobCreatedEvents(executed);
    if (created.isEmpty()) {
      throw new IllegalStateException("the executed proposal created no job");
    }
    BigInteger jobId = created.get(0).jobId;
    progress.accept(
        "governance: proposal queued and executed; job "
            + jobId
            + " created with "
            + prepared.cost().budget().divide(DeploymentParameters.TOKEN)
            + " POLY in escrow");
    return jobId;
  }

  private GovernanceClient relayerClient() {
    return new GovernanceClient(chain, deployment, relayer.key());
  }

  private static void expectRelayed(RelayOutcome<?> outcome, DevnetAccount holder) {
    if (!(outcome instanceof RelayOutcome.Relayed<?>)) {
      throw new IllegalStateException("the relay refused " + holder.label() + ": " + outcome);
    }
  }

  private static void expectState(GovernorReader reader, BigInteger id, ProposalState wanted) {
    Optional<ProposalState> state = reader.state(id);
    if (!state.equals(Optional.of(wanted))) {
      throw new IllegalStateException(
          "proposal " + shortId(id) + " is " + state.orElse(null) + ", expected " + wanted);
    }
  }

  private static String shortId(BigInteger id) {
    String hex = id.toString(16);
    return "0x" + (hex.length() > 10 ? hex.substring(0, 10) + "…" : hex);
  }
}
