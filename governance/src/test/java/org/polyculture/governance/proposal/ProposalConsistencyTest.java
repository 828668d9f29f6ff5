package org.polyculture.governance.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.governance.proposal.ProposalConsistency.Inconsistency;
import org.polyculture.protocol.job.ModelSpec;

class ProposalConsistencyTest {

  private final PreparedProposal prepared = ProposalFixtures.prepared();
  private final GovernorProposal proposal = prepared.governorProposal();
  private final String description = proposal.description();

  @Test
  void shouldAcceptWhatThePreparerBuilds() {
    assertThat(check(description, proposal.targets(), proposal.values(), proposal.calldatas()))
        .isEmpty();
  }

  @Test
  void shouldCatchActionsThatAreNotAModelProposals() {
    List<Bytes> moreApproved =
        List.of(
            JobSpecCodec.approve(
                ProposalFixtures.DEPLOYMENT.ledger(),
                prepared.terms().budget().add(BigInteger.ONE)),
            proposal.calldatas().get(1));
    assertThat(check(description, proposal.targets(), proposal.values(), moreApproved))
        .contains(Inconsistency.APPROVAL_MISMATCH);

    List<String> extraTarget = new ArrayList<>(proposal.targets());
    extraTarget.add(ProposalFixtures.DEPLOYMENT.staking());
    List<BigInteger> extraValue = List.of(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);
    List<Bytes> extraCall = new ArrayList<>(proposal.calldatas());
    extraCall.add(Bytes.of(1, 2, 3, 4));
    assertThat(check(description, extraTarget, extraValue, extraCall))
        .contains(Inconsistency.UNEXPECTED_ACTIONS);
    assertThat(
            check(
                description,
                proposal.targets(),
                List.of(BigInteger.ZERO, BigInteger.ONE),
                proposal.calldatas()))
        .contains(Inconsistency.UNEXPECTED_ACTIONS);
    assertThat(
            check("Raise the quorum", proposal.targets(), proposal.values(), proposal.calldatas()))
        .contains(Inconsistency.NO_METADATA);
  }

  @Test
  void shouldCatchADescriptionThatLiesAboutItsActions() {
    assertThat(
            check(
                description.replace("1,000,000 bytes", "9,000,000,000 bytes"),
                proposal.targets(),
                proposal.values(),
                proposal.calldatas()))
        .as("the text claims another dataset size than its block")
        .contains(Inconsistency.DESCRIPTION_MISMATCH);
    JobTerms terms = prepared.terms();
    JobTerms otherModel =
        new JobTerms(
            ModelSpec.current(NamedConfig.MICRO.config().toBuilder().totalSteps(200).build()),
            terms.seed(),
            terms.datasetRoot(),
            terms.datasetManifestHash(),
            terms.datasetLocations(),
            terms.genesisStateHash(),
            terms.totalSteps(),
            terms.segmentLength(),
            terms.rewardPerSegment(),
            terms.minWorkerStake(),
            terms.challengeWindowSeconds(),
            terms.leaseSeconds());
    assertThat(
            check(
                description,
                proposal.targets(),
                proposal.values(),
                List.of(proposal.calldatas().get(0), JobSpecCodec.createJob(otherModel))))
        .as("the actions train another model than the text says")
        .contains(Inconsistency.DESCRIPTION_MISMATCH);
  }

  @Test
  void shouldCatchAScheduleShorterThanTheJob() {
    JobTerms terms = prepared.terms();
    JobTerms shortSchedule =
        new JobTerms(
            ModelSpec.current(NamedConfig.NANO.config().toBuilder().totalSteps(100).build()),
            terms.seed(),
            terms.datasetRoot(),
            terms.datasetManifestHash(),
            terms.datasetLocations(),
            terms.genesisStateHash(),
            terms.totalSteps(),
            terms.segmentLength(),
            terms.rewardPerSegment(),
            terms.minWorkerStake(),
            terms.challengeWindowSeconds(),
            terms.leaseSeconds());
    assertThat(
            check(
                description,
                proposal.targets(),
                proposal.values(),
                List.of(proposal.calldatas().get(0), JobSpecCodec.createJob(shortSchedule))))
        .contains(Inconsistency.SCHEDULE_TOO_SHORT);
  }

  private static Optional<Inconsistency> check(
      String description, List<String> targets, List<BigInteger> values, List<Bytes> calls) {
    return ProposalConsistency.check(
            description, targets, values, calls, ProposalFixtures.DEPLOYMENT)
        .invalidReason();
  }
}
