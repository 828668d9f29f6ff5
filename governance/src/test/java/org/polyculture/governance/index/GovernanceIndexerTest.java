package org.polyculture.governance.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.polyculture.chain.index.IndexerSettings;
import org.polyculture.chain.index.ReorgDetectedException;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.governance.GovernanceClient;
import org.polyculture.governance.ProposalState;
import org.polyculture.governance.proposal.GovernorProposal;
import org.polyculture.governance.proposal.ProposalPreparer;
import org.polyculture.governance.signature.VoteSupport;
import org.polyculture.governance.testing.GovernanceChain;
import org.polyculture.storage.InMemoryKeyValueStorage;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;
import org.web3j.crypto.Credentials;

/** The governance index against the outcomes a proposal can have, and against reorgs. */
@ExtendWith(GanacheExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GovernanceIndexerTest {

  private GovernanceChain governance;
  private LocalChain chain;
  private LocalChain.Snapshot snapshot;
  private GovernanceIndex index;
  private GovernanceIndexer indexer;

  @BeforeAll
  void deploy(LocalChain localChain) throws Exception {
    chain = localChain;
    governance = GovernanceChain.deploy(localChain);
    for (int holder = 1; holder <= 2; holder++) {
      Credentials key = governance.holder(holder);
      governance.governance(key).delegate(key.getAddress());
    }
    chain.increaseTime(Duration.ofSeconds(1));
  }

  @AfterAll
  void close() {
    governance.close();
  }

  @BeforeEach
  void freshIndex() {
    snapshot = chain.snapshot();
    index = new GovernanceIndex(new InMemoryKeyValueStorage(), governance.deployment);
    indexer =
        new GovernanceIndexer(
            governance.client.web3j(),
            index,
            governance.reader,
            IndexerSettings.devnet(),
            new RetryPolicy(TransactionSettings.instamine(), RetryPolicy.Sleeper.REAL));
  }

  @AfterEach
  void revert() {
    chain.revert(snapshot);
    governance.forgetNonces();
  }

  @Test
  void shouldShowACanceledProposalAsCanceled() throws Exception {
    GovernanceClient alice = governance.governance(governance.holder(1));
    GovernorProposal proposal = proposal("cancel me");
    BigInteger id = alice.propose(proposal).proposalId();
    governance
        .as(governance.holder(1))
        .governor()
        .cancel(
            proposal.targets(),
            proposal.values(),
            proposal.calldataArrays(),
            proposal.descriptionHash().toArray())
        .send();
    indexer.poll();
    IndexedProposal indexed = index.proposal(id).orElseThrow();
    assertThat(indexed.canceled()).isPresent();
    assertThat(DerivedState.of(indexed, index.chainTime())).isEqualTo(ProposalState.CANCELED);
    assertThat(governance.reader.state(id)).contains(ProposalState.CANCELED);
  }

  @Test
  void shouldShowAProposalWithoutQuorumAsDefeated() throws Exception {
    GovernanceClient alice = governance.governance(governance.holder(1));
    BigInteger id = alice.propose(proposal("too few votes")).proposalId();
    chain.increaseTime(GovernanceChain.PARAMETERS.votingDelay().plusSeconds(1));
    alice.castVote(id, VoteSupport.FOR);
    chain.increaseTime(GovernanceChain.PARAMETERS.votingPeriod().plusSeconds(1));
    indexer.poll();
    IndexedProposal indexed = index.proposal(id).orElseThrow();
    assertThat(DerivedState.quorumProgressBps(indexed)).isEqualTo(7_500);
    assertThat(DerivedState.of(indexed, index.chainTime())).isEqualTo(ProposalState.DEFEATED);
    assertThat(governance.reader.state(id)).contains(ProposalState.DEFEATED);
    assertThat(index.awaitingQuorum(10)).isEmpty();
  }

  @Test
  void shouldSeeAnExecutionAtTheTimelockItself() throws Exception {
    GovernanceClient alice = governance.governance(governance.holder(1));
    GovernanceClient bob = governance.governance(governance.holder(2));
    GovernorProposal proposal = proposal("executed at the timelock");
    BigInteger id = alice.propose(proposal).proposalId();
    chain.increaseTime(GovernanceChain.PARAMETERS.votingDelay().plusSeconds(1));
    alice.castVote(id, VoteSupport.FOR);
    bob.castVote(id, VoteSupport.FOR);
    chain.increaseTime(GovernanceChain.PARAMETERS.votingPeriod().plusSeconds(1));
    alice.queue(proposal);
    chain.increaseTime(GovernanceChain.PARAMETERS.timelockDelay().plusSeconds(1));
    Bytes32 salt =
        Bytes32.rightPad(
                org.apache.tuweni.bytes.Bytes.fromHexString(governance.deployment.governor()))
            .xor(proposal.descriptionHash());
    governance
        .as(governance.holder(3))
        .timelock()
        .executeBatch(
            proposal.targets(),
            proposal.values(),
            proposal.calldataArrays(),
            new byte[32],
            salt.toArray(),
            BigInteger.ZERO)
        .send();
    assertThat(governance.reader.state(id)).contains(ProposalState.EXECUTED);
    indexer.poll();
    IndexedProposal indexed = index.proposal(id).orElseThrow();
    assertThat(DerivedState.of(indexed, index.chainTime())).isEqualTo(ProposalState.EXECUTED);
    assertThat(indexed.jobIds()).containsExactly(BigInteger.ZERO);
    assertThat(index.proposalOfJob(BigInteger.ZERO)).contains(id);
  }

  @Test
  void shouldRefuseToMixTwoHistories() throws Exception {
    GovernanceClient alice = governance.governance(governance.holder(1));
    LocalChain.Snapshot beforeProposal = chain.snapshot();
    alice.propose(proposal("first history"));
    indexer.poll();
    chain.revert(beforeProposal);
    governance.forgetNonces();
    chain.mine();
    chain.mine();
    assertThatThrownBy(indexer::poll).isInstanceOf(ReorgDetectedException.class);
    assertThat(index.proposalCount()).isEqualTo(1);
  }

  private GovernorProposal proposal(String name) {
    return new ProposalPreparer(governance.deployment, StateHasher.singleThreaded())
        .prepare(
            GovernanceChain.nanoProposal()
                .name(name)
                .proposer(Optional.of(governance.holder(1).getAddress()))
                .build())
        .governorProposal();
  }
}
