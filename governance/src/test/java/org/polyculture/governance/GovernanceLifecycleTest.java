package org.polyculture.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.polyculture.chain.DeploymentParameters;
import org.polyculture.chain.index.IndexerSettings;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.contracts.ContractRevertedException;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.train.Genesis;
import org.polyculture.governance.index.DerivedState;
import org.polyculture.governance.index.GovernanceIndex;
import org.polyculture.governance.index.GovernanceIndexer;
import org.polyculture.governance.index.IndexedProposal;
import org.polyculture.governance.proposal.PreparedProposal;
import org.polyculture.governance.proposal.ProposalPreparer;
import org.polyculture.governance.relay.DelegationRejection;
import org.polyculture.governance.relay.DelegationRelay;
import org.polyculture.governance.relay.RelayOutcome;
import org.polyculture.governance.relay.VoteRejection;
import org.polyculture.governance.relay.VoteRelay;
import org.polyculture.governance.signature.Ballot;
import org.polyculture.governance.signature.Delegation;
import org.polyculture.governance.signature.EcdsaSignature;
import org.polyculture.governance.signature.VoteSupport;
import org.polyculture.governance.testing.GovernanceChain;
import org.polyculture.protocol.job.ModelSpec;
import org.polyculture.storage.InMemoryKeyValueStorage;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The whole governance lifecycle through the client on Ganache: holders delegate by signature
 * (relayed), one proposes a model, two vote by signature (relayed), time passes, the proposal is
 * queued and executed, and the job exists, funded, with the genesis hash the engine computes. The
 * governance index follows along.
 */
@ExtendWith(GanacheExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GovernanceLifecycleTest {

  private GovernanceChain governance;
  private LocalChain chain;

  @BeforeAll
  void deploy(LocalChain localChain) throws Exception {
    chain = localChain;
    governance = GovernanceChain.deploy(localChain);
  }

  @AfterAll
  void close() {
    governance.close();
  }

  @Test
  void shouldTakeAModelProposalFromDelegationToAFundedJob() throws Exception {
    Credentials alice = governance.holder(1);
    Credentials bob = governance.holder(2);
    GovernanceClient relayer = governance.governance(governance.relayerKey());
    GovernorReader reader = governance.reader;
    DelegationRelay delegations = new DelegationRelay(reader, relayer);
    VoteRelay votes = new VoteRelay(reader, relayer);
    GovernanceIndex index =
        new GovernanceIndex(new InMemoryKeyValueStorage(), governance.deployment);
    GovernanceIndexer indexer =
        new GovernanceIndexer(
            governance.client.web3j(),
            index,
            reader,
            IndexerSettings.devnet(),
            new RetryPolicy(TransactionSettings.instamine(), RetryPolicy.Sleeper.REAL));

    // Both holders activate their votes by signing delegations to themselves; the relayer pays.
    for (Credentials holder : new Credentials[] {alice, bob}) {
      Delegation delegation =
          new Delegation(
              holder.getAddress(),
              reader.tokenNonce(holder.getAddress()),
              BigInteger.valueOf(reader.chainTime() + 3_600));
      String signature =
          EcdsaSignature.sign(delegation.digest(reader.tokenDomain()), holder).toHex();
      assertThat(delegations.relay(holder.getAddress(), delegation, signature))
          .isInstanceOf(RelayOutcome.Relayed.class);
      assertThat(delegations.relay(holder.getAddress(), delegation, signature))
          .as("the same signature again")
          .isEqualTo(
              new RelayOutcome.Refused<>(
                  DelegationRejection.NONCE_USED,
                  "nonce "
                      + delegation.nonce()
                      + " was already used; the next nonce is "
                      + delegation.nonce().add(BigInteger.ONE)));
    }
    assertThat(reader.currentVotes(alice.getAddress())).isEqualTo(GovernanceChain.HOLDING);
    chain.increaseTime(Duration.ofSeconds(1));

    PreparedProposal prepared =
        new ProposalPreparer(governance.deployment, StateHasher.singleThreaded())
            .prepare(
                GovernanceChain.nanoProposal()
                    .proposer(java.util.Optional.of(alice.getAddress()))
                    .build());
    Bytes32 expectedGenesis =
        StateHasher.singleThreaded()
            .hash(
                Genesis.state(
                    prepared.source().config(), 7, Bytes32.fromHexString("0x" + "ab".repeat(32))));
    assertThat(prepared.terms().genesisStateHash()).isEqualTo(expectedGenesis);
    assertThat(prepared.cost().budget()).isEqualTo(DeploymentParameters.tokens(20));
    assertThat(prepared.cost().segments()).isEqualTo(2);

    // The id is known before submission, and it is the governor's.
    BigInteger expectedId = prepared.governorProposal().proposalId();
    GovernanceClient.Submitted submitted =
        governance.governance(alice).propose(prepared.governorProposal());
    assertThat(submitted.proposalId()).isEqualTo(expectedId);
    assertThat(reader.state(expectedId)).contains(ProposalState.PENDING);

    // Someone other than the proposer cannot submit it: the description names the proposer.
    assertThatThrownBy(() -> governance.governance(bob).propose(prepared.governorProposal()))
        .isInstanceOf(ContractRevertedException.class);

    indexer.poll();
    assertThat(index.proposal(expectedId).map(p -> DerivedState.of(p, index.chainTime())))
        .contains(ProposalState.PENDING);

    chain.increaseTime(GovernanceChain.PARAMETERS.votingDelay().plusSeconds(1));
    Ballot aliceBallot =
        new Ballot(
            expectedId,
            VoteSupport.FOR,
            alice.getAddress(),
            reader.ballotNonce(alice.getAddress()));
    String aliceSignature =
        EcdsaSignature.sign(aliceBallot.digest(reader.governorDomain()), alice).toHex();
    Ballot bobBallot =
        new Ballot(
            expectedId,
            VoteSupport.ABSTAIN,
            bob.getAddress(),
            reader.ballotNonce(bob.getAddress()));
    String bobSignature =
        EcdsaSignature.sign(bobBallot.digest(reader.governorDomain()), bob).toHex();

    assertThat(votes.relay(aliceBallot, bobSignature).refusal())
        .as("bob's signature on alice's ballot")
        .contains(VoteRejection.WRONG_SIGNER);
    assertThat(votes.relay(aliceBallot, aliceSignature)).isInstanceOf(RelayOutcome.Relayed.class);
    assertThat(votes.relay(bobBallot, bobSignature)).isInstanceOf(RelayOutcome.Relayed.class);
    assertThat(votes.relay(aliceBallot, aliceSignature).refusal())
        .as("a replayed ballot")
        .contains(VoteRejection.NONCE_USED);
    Ballot secondVote =
        new Ballot(
            expectedId,
            VoteSupport.AGAINST,
            alice.getAddress(),
            reader.ballotNonce(alice.getAddress()));
    assertThat(
            votes
                .relay(
                    secondVote,
                    EcdsaSignature.sign(secondVote.digest(reader.governorDomain()), alice).toHex())
                .refusal())
        .as("a second vote with a fresh nonce")
        .contains(VoteRejection.ALREADY_VOTED);

    indexer.poll();
    IndexedProposal active = index.proposal(expectedId).orElseThrow();
    assertThat(DerivedState.of(active, index.chainTime())).isEqualTo(ProposalState.ACTIVE);
    assertThat(active.tally().forVotes()).isEqualTo(GovernanceChain.HOLDING);
    assertThat(active.tally().abstainVotes()).isEqualTo(GovernanceChain.HOLDING);
    assertThat(active.tally().voters()).isEqualTo(2);
    assertThat(active.quorum()).contains(reader.quorum(BigInteger.valueOf(active.voteStart())));
    assertThat(DerivedState.quorumProgressBps(active)).isEqualTo(10_000);
    assertThat(index.vote(expectedId, bob.getAddress()).map(v -> v.support())).contains(2);

    chain.increaseTime(GovernanceChain.PARAMETERS.votingPeriod().plusSeconds(1));
    assertThat(reader.state(expectedId)).contains(ProposalState.SUCCEEDED);
    Ballot late =
        new Ballot(expectedId, VoteSupport.FOR, governance.holder(3).getAddress(), BigInteger.ZERO);
    assertThat(
            votes
                .relay(
                    late,
                    EcdsaSignature.sign(late.digest(reader.governorDomain()), governance.holder(3))
                        .toHex())
                .refusal())
        .as("a vote on a closed proposal")
        .contains(VoteRejection.PROPOSAL_NOT_ACTIVE);

    BigInteger treasuryBefore = reader.treasuryBalance();
    relayer.queue(prepared.governorProposal());
    chain.increaseTime(GovernanceChain.PARAMETERS.timelockDelay().plusSeconds(1));
    TransactionReceipt relayerReceipt = relayer.execute(prepared.governorProposal());
    assertThat(reader.state(expectedId)).contains(ProposalState.EXECUTED);
    assertThat(treasuryBefore.subtract(reader.treasuryBalance()))
        .isEqualTo(prepared.cost().budget());

    TrainingLedger.JobMetadataEventResponse metadata =
        TrainingLedger.getJobMetadataEvents(relayerReceipt).get(0);
    assertThat(ModelSpec.decode(Bytes.wrap(metadata.modelSpec)).value().config())
        .isEqualTo(prepared.source().config());
    assertThat(metadata.jobSeed.longValueExact()).isEqualTo(7);
    assertThat(metadata.datasetLocations).containsExactly("http://127.0.0.1:8545/data");
    TrainingLedger.Job job = governance.as(alice).ledger().jobOf(BigInteger.ZERO).send();
    assertThat(Bytes32.wrap(job.genesisStateHash)).isEqualTo(expectedGenesis);
    assertThat(Bytes32.wrap(job.modelSpecHash)).isEqualTo(prepared.source().config().specHash());
    assertThat(job.escrow).isEqualTo(prepared.cost().budget());

    indexer.poll();
    IndexedProposal executed = index.proposal(expectedId).orElseThrow();
    assertThat(DerivedState.of(executed, index.chainTime())).isEqualTo(ProposalState.EXECUTED);
    assertThat(executed.jobIds()).containsExactly(BigInteger.ZERO);
    assertThat(index.proposalOfJob(BigInteger.ZERO)).contains(expectedId);
    assertThat(executed.community()).contains("bards");
    assertThat(index.communities(10))
        .extracting(GovernanceIndex.Community::slug)
        .containsExactly("bards");
    assertThat(index.supply().treasuryBalance()).isEqualTo(reader.treasuryBalance());
    assertThat(index.supply().totalSupply()).isEqualTo(reader.totalSupply());
    assertThat(index.delegate(alice.getAddress()).map(d -> d.votes()))
        .contains(GovernanceChain.HOLDING);
    assertThat(index.delegateOf(bob.getAddress())).contains(bob.getAddress().toLowerCase());
  }
}
