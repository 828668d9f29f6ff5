package org.polyculture.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polyculture.contracts.testing.MerkleProofHarness;
import org.polyculture.testkit.RepositoryRoot;
import org.web3j.utils.Numeric;

/**
 * The step-root vectors that node/protocol's Merkle tree ships, checked against the contracts on a
 * real chain: DisputeManager.stepLeaf gives every leaf hash, and OpenZeppelin's MerkleProof (the
 * code disputes run) accepts every proof for its root and rejects a tampered one. The test tree the
 * contract tests use is checked against the same vectors.
 */
class StepRootVectorsTest extends ProtocolTestBase {

  private static final Path VECTORS =
      Path.of("node/protocol/src/test/resources/merkle/step-root-vectors.json");

  private MerkleProofHarness harness;

  @Override
  void prepare() throws Exception {
    harness =
        MerkleProofHarness.deploy(chain.web3j(), protocol.manager(deployer), protocol.gas).send();
  }

  @Test
  void shouldAcceptEveryVectorProofWithOpenZeppelinMerkleProof() throws Exception {
    JsonNode vectors =
        new ObjectMapper().readTree(RepositoryRoot.find().resolve(VECTORS).toFile()).get("vectors");
    int checkedProofs = 0;
    for (JsonNode vector : vectors) {
      byte[] root = bytes(vector.get("root"));
      JsonNode leaves = vector.get("leaves");
      JsonNode proofs = vector.get("proofs");
      List<byte[]> stateHashes = new ArrayList<>();
      for (int i = 0; i < leaves.size(); i++) {
        JsonNode leaf = leaves.get(i);
        BigInteger step = new BigInteger(leaf.get("step").asText());
        byte[] stateHash = bytes(leaf.get("stateHash"));
        byte[] leafHash = bytes(leaf.get("leafHash"));
        stateHashes.add(stateHash);
        assertThat(protocol.disputes(deployer).stepLeaf(step, stateHash).send())
            .isEqualTo(leafHash);
        List<byte[]> proof = proof(proofs.get(i));
        assertThat(harness.verify(proof, root, leafHash).send())
            .as("size %s leaf %s", vector.get("size"), i)
            .isTrue();
        assertThat(harness.processProof(proof, leafHash).send()).isEqualTo(root);
        if (!proof.isEmpty()) {
          List<byte[]> tampered = new ArrayList<>(proof);
          byte[] sibling = tampered.get(0).clone();
          sibling[31] ^= 1;
          tampered.set(0, sibling);
          assertThat(harness.verify(tampered, root, leafHash).send()).isFalse();
        }
        checkedProofs++;
      }
      long firstStep = Long.parseLong(vector.get("firstStep").asText());
      assertThat(new StepTree(firstStep, stateHashes).root()).isEqualTo(root);
    }
    assertThat(vectors.size()).isGreaterThanOrEqualTo(10);
    assertThat(checkedProofs).isGreaterThan(100);
  }

  private static List<byte[]> proof(JsonNode siblings) {
    List<byte[]> proof = new ArrayList<>();
    siblings.forEach(s -> proof.add(bytes(s)));
    return proof;
  }

  private static byte[] bytes(JsonNode hex) {
    return Numeric.hexStringToByteArray(hex.asText());
  }
}
