package org.polyculture.governance.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.governance.proposal.ProposalConsistency.Inconsistency;

class ProposalConsistencyTest {

  private final PreparedProposal prepared = ProposalFixtures.prepared();
  private final GovernorProposal proposal = prepared.governorProposal();
  private final ModelMetadata metadata =
      ProposalDescription.parse(proposal.description()).orElseThrow();

  @Test
  void shouldAcceptWhatThePreparerBuilds() {
    assertThat(check(metadata, proposal.targets(), proposal.values(), proposal.calldatas()))
        .isEmpty();
  }

  @Test
  void shouldCatchActionsThatDoNotMatchTheDescription() {
    List<Bytes> moreApproved =
        List.of(
            JobSpecCodec.approve(
                ProposalFixtures.DEPLOYMENT.ledger(),
                prepared.terms().budget().add(BigInteger.ONE)),
            proposal.calldatas().get(1));
    assertThat(check(metadata, proposal.targets(), proposal.values(), moreApproved))
        .contains(Inconsistency.APPROVAL_MISMATCH);

    List<String> extraTarget = new ArrayList<>(proposal.targets());
    extraTarget.add(ProposalFixtures.DEPLOYMENT.staking());
    List<BigInteger> extraValue = List.of(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);
    List<Bytes> extraCall = new ArrayList<>(proposal.calldatas());
    extraCall.add(Bytes.of(1, 2, 3, 4));
    assertThat(check(metadata, extraTarget, extraValue, extraCall))
        .contains(Inconsistency.UNEXPECTED_ACTIONS);
    assertThat(
            check(
                metadata,
                proposal.targets(),
                List.of(BigInteger.ZERO, BigInteger.ONE),
                proposal.calldatas()))
        .contains(Inconsistency.UNEXPECTED_ACTIONS);
  }

  @Test
  void shouldCatchADescriptionThatLiesAboutTheModelOrDataset() {
    ModelMetadata otherModel =
        withConfig(
            metadata,
            NamedConfig.MICRO.config().toBuilder().totalSteps(200).build().canonicalBytes());
    assertThat(check(otherModel, proposal.targets(), proposal.values(), proposal.calldatas()))
        .contains(Inconsistency.CONFIG_MISMATCH);
    assertThat(
            check(
                withConfig(metadata, Bytes.repeat((byte) 0, 64)),
                proposal.targets(),
                proposal.values(),
                proposal.calldatas()))
        .contains(Inconsistency.INVALID_CONFIG);
    ModelMetadata otherData =
        new ModelMetadata(
            metadata.name(),
            metadata.community(),
            metadata.summary(),
            metadata.configName(),
            metadata.modelConfig(),
            metadata.seed(),
            Bytes32.ZERO,
            Optional.empty(),
            metadata.datasetBytes(),
            metadata.datasetLocations());
    assertThat(check(otherData, proposal.targets(), proposal.values(), proposal.calldatas()))
        .contains(Inconsistency.DATASET_MISMATCH);
  }

  private static ModelMetadata withConfig(ModelMetadata m, Bytes config) {
    return new ModelMetadata(
        m.name(),
        m.community(),
        m.summary(),
        m.configName(),
        config,
        m.seed(),
        m.datasetRoot(),
        m.manifestHash(),
        m.datasetBytes(),
        m.datasetLocations());
  }

  private static Optional<Inconsistency> check(
      ModelMetadata metadata, List<String> targets, List<BigInteger> values, List<Bytes> calls) {
    return ProposalConsistency.check(metadata, targets, values, calls, ProposalFixtures.DEPLOYMENT)
        .invalidReason();
  }
}
