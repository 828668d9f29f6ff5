package org.polyculture.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polyculture.contracts.Reverts.assertRevertsWith;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.contracts.generated.PolycultureGovernor;
import org.polyculture.contracts.generated.PolycultureTimelock;
import org.polyculture.contracts.generated.PolycultureToken;
import org.polyculture.contracts.generated.TrainingLedger;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

class GovernanceTest extends ProtocolTestBase {

  // OpenZeppelin's IGovernor.ProposalState
  private static final BigInteger PENDING = BigInteger.ZERO;
  private static final BigInteger ACTIVE = BigInteger.ONE;
  private static final BigInteger DEFEATED = BigInteger.valueOf(3);
  private static final BigInteger SUCCEEDED = BigInteger.valueOf(4);
  private static final BigInteger QUEUED = BigInteger.valueOf(5);
  private static final BigInteger EXECUTED = BigInteger.valueOf(7);
  private static final BigInteger TREASURY = TestProtocol.tokens(10_000_000);

  private Credentials alice;
  private Credentials bob;
  private Credentials small;

  @Override
  void prepare() throws Exception {
    protocol.handOverToTimelock();
    protocol.token(deployer).transfer(protocol.timelockAddress, TREASURY).send();
    alice = chain.account(16);
    bob = chain.account(17);
    small = chain.account(18);
    protocol.fund(alice, TestProtocol.tokens(3_000_000));
    protocol.fund(bob, TestProtocol.tokens(2_000_000));
    protocol.fund(small, TestProtocol.tokens(100_000));
  }

  private void delegateAll() throws Exception {
    for (Credentials voter : List.of(alice, bob, small)) {
      protocol.token(voter).delegate(voter.getAddress()).send();
    }
    // Proposals read votes one second in the past (clock() - 1): let the checkpoint age.
    chain.increaseTime(java.time.Duration.ofSeconds(1));
  }

  private Governance createJobProposal(TrainingLedger.JobSpec spec) {
    BigInteger budget = spec.rewardPerSegment.multiply(spec.totalSteps.divide(spec.segmentLength));
    return new Governance(protocol, "Train the demo model")
        .call(
            protocol.tokenAddress,
            "approve",
            new Address(protocol.ledgerAddress),
            new Uint256(budget))
        .call(protocol.ledgerAddress, "createJob", JobDescription.DEFAULT.callArguments(spec));
  }

  @Test
  void shouldLeaveTheTimelockWithoutAdminAndTheGovernorAsItsOnlyProposer() throws Exception {
    PolycultureTimelock timelock = protocol.timelock(deployer);
    byte[] admin = timelock.DEFAULT_ADMIN_ROLE().send();
    assertThat(timelock.hasRole(admin, deployer.getAddress()).send()).isFalse();
    assertThat(timelock.hasRole(admin, protocol.timelockAddress).send()).isTrue();
    assertThat(timelock.hasRole(timelock.PROPOSER_ROLE().send(), protocol.governorAddress).send())
        .isTrue();
    assertThat(timelock.hasRole(timelock.PROPOSER_ROLE().send(), deployer.getAddress()).send())
        .isFalse();
    assertThat(timelock.hasRole(timelock.EXECUTOR_ROLE().send(), TestProtocol.ANYONE).send())
        .isTrue();
    assertThat(protocol.ledger(deployer).owner().send())
        .isEqualToIgnoringCase(protocol.timelockAddress);
    assertThat(protocol.staking(deployer).owner().send())
        .isEqualToIgnoringCase(protocol.timelockAddress);
    assertThat(protocol.disputes(deployer).owner().send())
        .isEqualToIgnoringCase(protocol.timelockAddress);
  }

  @Test
  void shouldCreateAndFundAJobThroughTheWholeGovernanceLifecycle() throws Exception {
    delegateAll();
    TrainingLedger.JobSpec spec = jobSpec();
    BigInteger budget = REWARD.multiply(BigInteger.valueOf(SEGMENTS));
    Governance proposal = createJobProposal(spec);

    BigInteger proposalId = proposal.propose(alice);
    assertThat(proposal.state(proposalId)).isEqualTo(PENDING);
    proposal.passVotingDelay();
    assertThat(proposal.state(proposalId)).isEqualTo(ACTIVE);
    proposal.vote(proposalId, Governance.FOR, alice, bob);
    proposal.vote(proposalId, Governance.AGAINST, small);
    proposal.passVotingPeriod();
    assertThat(proposal.state(proposalId)).isEqualTo(SUCCEEDED);
    proposal.queue(small);
    assertThat(proposal.state(proposalId)).isEqualTo(QUEUED);
    assertRevertsWith(
        () -> proposal.execute(small), PolycultureTimelock.TIMELOCKUNEXPECTEDOPERATIONSTATE_ERROR);
    proposal.passTimelockDelay();
    TransactionReceipt executed = proposal.execute(small);

    assertThat(proposal.state(proposalId)).isEqualTo(EXECUTED);
    TrainingLedger.JobCreatedEventResponse created =
        TrainingLedger.getJobCreatedEvents(executed).get(0);
    assertThat(created.escrow).isEqualTo(budget);
    assertThat(protocol.ledger(deployer).jobCount().send()).isEqualTo(BigInteger.ONE);
    assertThat(protocol.ledger(deployer).jobOf(BigInteger.ZERO).send().escrow).isEqualTo(budget);
    assertThat(protocol.balanceOf(protocol.timelockAddress)).isEqualTo(TREASURY.subtract(budget));
    assertThat(protocol.balanceOf(protocol.ledgerAddress)).isEqualTo(budget);
  }

  @Test
  void shouldGiveNoVotingPowerUntilAHolderDelegates() throws Exception {
    PolycultureToken token = protocol.token(alice);
    assertThat(token.getVotes(alice.getAddress()).send()).isZero();
    assertRevertsWith(
        () -> createJobProposal(jobSpec()).propose(alice),
        PolycultureGovernor.GOVERNORINSUFFICIENTPROPOSERVOTES_ERROR);

    token.delegate(alice.getAddress()).send();

    assertThat(token.getVotes(alice.getAddress()).send()).isEqualTo(TestProtocol.tokens(3_000_000));
  }

  @Test
  void shouldDefeatAProposalThatMissesTheQuorum() throws Exception {
    delegateAll();
    Governance proposal = createJobProposal(jobSpec());
    BigInteger proposalId = proposal.propose(small);
    proposal.passVotingDelay();
    // 100,000 of 100,000,000 is 0.1%, under the 4% quorum.
    proposal.vote(proposalId, Governance.FOR, small);
    proposal.passVotingPeriod();

    assertThat(proposal.state(proposalId)).isEqualTo(DEFEATED);
    assertRevertsWith(
        () -> proposal.queue(small), PolycultureGovernor.GOVERNORUNEXPECTEDPROPOSALSTATE_ERROR);
  }

  @Test
  void shouldKeepGovernorSettingsInBoundsEvenThroughGovernance() throws Exception {
    delegateAll();
    assertRevertsWith(
        () -> protocol.governor(alice).setVotingPeriod(BigInteger.valueOf(3_600)).send(),
        PolycultureGovernor.GOVERNORONLYEXECUTOR_ERROR);
    Governance tooShort =
        new Governance(protocol, "Ten-second votes")
            .call(protocol.governorAddress, "setVotingPeriod", new Uint32(10));

    DecodedError error =
        assertRevertsWith(
            () -> tooShort.pass(alice, alice, bob),
            PolycultureGovernor.GOVERNORSETTINGOUTOFBOUNDS_ERROR);

    assertThat(error.argument(0)).isEqualTo("votingPeriod");
    Governance longer =
        new Governance(protocol, "Hour-long votes")
            .call(protocol.governorAddress, "setVotingPeriod", new Uint32(3_600));
    longer.pass(alice, alice, bob);
    assertThat(protocol.governor(deployer).votingPeriod().send())
        .isEqualTo(BigInteger.valueOf(3_600));
  }

  @Test
  void shouldLetOnlyTheTimelockChangeParametersOrCreateJobs() throws Exception {
    DisputeManager.Parameters parameters = TestProtocol.defaultDisputeParameters();
    assertRevertsWith(
        () -> protocol.disputes(deployer).setParameters(parameters).send(),
        DisputeManager.OWNABLEUNAUTHORIZEDACCOUNT_ERROR);
    assertRevertsWith(
        () -> JobDescription.DEFAULT.createJob(protocol.ledger(deployer), jobSpec()).send(),
        TrainingLedger.OWNABLEUNAUTHORIZEDACCOUNT_ERROR);
    assertRevertsWith(
        () -> protocol.staking(deployer).setUnbondingDelay(BigInteger.valueOf(3_600)).send(),
        TrainingLedger.OWNABLEUNAUTHORIZEDACCOUNT_ERROR);
    assertRevertsWith(
        () -> protocol.timelock(deployer).updateDelay(BigInteger.ONE).send(),
        PolycultureTimelock.TIMELOCKUNAUTHORIZEDCALLER_ERROR);
  }

  @Test
  void shouldKeepTheTimelockDelayInBounds() throws Exception {
    delegateAll();
    Governance noDelay =
        new Governance(protocol, "No delay")
            .call(protocol.timelockAddress, "updateDelay", new Uint256(0));
    assertRevertsWith(
        () -> noDelay.pass(alice, alice, bob), PolycultureTimelock.DELAYOUTOFBOUNDS_ERROR);
    assertRevertsWith(
        () ->
            PolycultureTimelock.deploy(
                    chain.web3j(),
                    protocol.manager(deployer),
                    protocol.gas,
                    BigInteger.ZERO,
                    List.of(),
                    List.of(),
                    deployer.getAddress())
                .send(),
        PolycultureTimelock.DELAYOUTOFBOUNDS_ERROR);
  }
}
