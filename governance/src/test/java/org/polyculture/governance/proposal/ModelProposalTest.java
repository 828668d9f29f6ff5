package org.polyculture.governance.proposal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.model.NamedConfig;

class ModelProposalTest {

  @Test
  void shouldStretchANamedScheduleToTheJob() {
    ModelProposal proposal = ProposalFixtures.proposal().build();
    assertThat(proposal.config().totalSteps()).isEqualTo(200);
    assertThat(proposal.config().layers()).isEqualTo(NamedConfig.NANO.config().layers());
    assertThat(proposal.segments()).isEqualTo(2);
    assertThat(proposal.budget()).isEqualTo(ProposalFixtures.tokens(20));
  }

  @Test
  void shouldListEveryProblemAtOnce() {
    ModelProposal.Builder builder =
        ProposalFixtures.proposal()
            .name(" ")
            .community("Bards!")
            .totalSteps(150)
            .rewardPerSegment(BigInteger.ZERO)
            .challengeWindow(Duration.ofSeconds(59))
            .proposer(Optional.of("alice"));
    assertThat(builder.problems())
        .hasSize(6)
        .anySatisfy(p -> assertThat(p).startsWith("name must not start or end with spaces"))
        .anySatisfy(p -> assertThat(p).startsWith("community must be"))
        .anySatisfy(p -> assertThat(p).startsWith("total steps must be a positive multiple"))
        .anySatisfy(p -> assertThat(p).startsWith("reward per segment must be positive"))
        .anySatisfy(p -> assertThat(p).startsWith("challenge window must be"))
        .anySatisfy(p -> assertThat(p).startsWith("proposer is not an address"));
    assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectAnExplicitScheduleShorterThanTheJob() {
    ModelProposal.Builder builder =
        ProposalFixtures.proposal()
            .model(NamedConfig.NANO.config().toBuilder().totalSteps(100).build());
    assertThat(builder.problems())
        .containsExactly(
            "the model's learning-rate schedule (100 steps) is shorter than the job (200 steps)");
  }

  @Test
  void shouldRejectBudgetsBeyondTheLedgersUint128() {
    ModelProposal.Builder builder =
        ProposalFixtures.proposal()
            .rewardPerSegment(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
    assertThat(builder.problems())
        .containsExactly("the budget (reward per segment x segments) exceeds the ledger's uint128");
  }

  @Test
  void shouldRequireReachableDatasetLocations() {
    ModelProposal.Builder builder =
        ProposalFixtures.proposal()
            .dataset(
                new DatasetReference(
                    Bytes32.ZERO,
                    Bytes32.ZERO,
                    10,
                    List.of(
                        URI.create("ftp://data.example/x"),
                        URI.create("https://user:secret@data.example/x"))));
    assertThat(builder.problems())
        .containsExactly(
            "the dataset manifest hash is required",
            "dataset location is not an http(s) URL: ftp://data.example/x",
            "dataset location must not carry credentials: data.example");
  }
}
