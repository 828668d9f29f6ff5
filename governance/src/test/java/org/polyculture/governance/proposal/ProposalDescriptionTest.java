package org.polyculture.governance.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProposalDescriptionTest {

  @Test
  void shouldReadBackTheMetadataItWrites() {
    PreparedProposal prepared = ProposalFixtures.prepared();
    String description = prepared.governorProposal().description();
    assertThat(description)
        .startsWith("# Train Tiny Shakespeare for bards\n\nPlays.\nAll of them.");
    assertThat(description).contains("- Budget: 20 POLY from the treasury (10 POLY per segment)");
    assertThat(description)
        .contains("- Training: 200 steps in 2 segments of 100 steps, seed 7")
        .contains("served at https://data.example/bards");
    assertThat(ProposalDescription.parse(description))
        .contains(ModelMetadata.of(prepared.source()));
  }

  @Test
  void shouldEndWithTheProposerWhenKnown() {
    ModelProposal proposal =
        ProposalFixtures.proposal().proposer(Optional.of("0x" + "AB".repeat(20))).build();
    PreparedProposal prepared =
        new ProposalPreparer(
                ProposalFixtures.DEPLOYMENT,
                org.polyculture.engine.state.StateHasher.singleThreaded())
            .prepare(proposal);
    assertThat(prepared.governorProposal().description())
        .endsWith("\n\n#proposer=0x" + "ab".repeat(20));
    assertThat(ProposalDescription.proposer(prepared.governorProposal().description()))
        .contains("0x" + "ab".repeat(20));
    assertThat(ProposalDescription.parse(prepared.governorProposal().description())).isPresent();
  }

  @Test
  void shouldIgnoreDescriptionsWithoutAWellFormedBlock() {
    String good = ProposalFixtures.prepared().governorProposal().description();
    assertThat(ProposalDescription.parse("Raise the quorum to 5%")).isEmpty();
    assertThat(ProposalDescription.parse(good.replace("\"version\" : 1", "\"version\" : 2")))
        .isEmpty();
    assertThat(ProposalDescription.parse(good.replace("\"bards\"", "\"Bards\""))).isEmpty();
    assertThat(
            ProposalDescription.parse(
                good.replace("\"datasetBytes\" : 1000000", "\"datasetBytes\" : -1")))
        .isEmpty();
    assertThat(
            ProposalDescription.parse(
                good.replace("\"datasetBytes\" : 1000000", "\"datasetBytes\" : \"1\"")))
        .isEmpty();
    assertThat(ProposalDescription.parse(good.substring(0, good.length() - 3))).isEmpty();
    assertThat(ProposalDescription.parse(good + " ".repeat(ProposalDescription.MAX_PARSED_LENGTH)))
        .isEmpty();
    assertThat(ProposalDescription.parse(good.replace("{", "[".repeat(100) + "{"))).isEmpty();
  }

  @Test
  void shouldShowTokensWithFourDecimalsAtMost() {
    assertThat(ProposalDescription.tokens(new java.math.BigInteger("1234567890000000000000")))
        .isEqualTo("1234.5678");
    assertThat(ProposalDescription.tokens(java.math.BigInteger.ZERO)).isEqualTo("0");
  }
}
