package org.polyculture.governance.proposal;

import java.math.BigInteger;
import java.net.URI;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.DeploymentParameters;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.engine.state.StateHasher;

/** A deployment without a chain and a valid model proposal, for tests that need no chain. */
final class ProposalFixtures {

  static final ChainDeployment DEPLOYMENT =
      new ChainDeployment(
          1337,
          1,
          "0x" + "01".repeat(20),
          "0x" + "02".repeat(20),
          "0x" + "03".repeat(20),
          "0x" + "04".repeat(20),
          "0x" + "05".repeat(20),
          "0x" + "06".repeat(20));

  private ProposalFixtures() {}

  static ModelProposal.Builder proposal() {
    return ModelProposal.builder()
        .name("Tiny Shakespeare")
        .community("bards")
        .summary("Plays.\nAll of them.")
        .model(NamedConfig.NANO)
        .seed(7)
        .dataset(
            new DatasetReference(
                Bytes32.fromHexString("0x" + "ab".repeat(32)),
                Bytes32.fromHexString("0x" + "cd".repeat(32)),
                1_000_000,
                List.of(URI.create("https://data.example/bards"))))
        .totalSteps(200)
        .segmentLength(100)
        .rewardPerSegment(DeploymentParameters.tokens(10))
        .minWorkerStake(DeploymentParameters.tokens(1_000));
  }

  static PreparedProposal prepared() {
    return new ProposalPreparer(DEPLOYMENT, StateHasher.singleThreaded())
        .prepare(proposal().build());
  }

  static BigInteger tokens(long whole) {
    return DeploymentParameters.tokens(whole);
  }
}
