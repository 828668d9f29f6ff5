package org.polyculture.protocol.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

class StepRootVectorsTest {

  @Test
  void storedVectorsMatchTheGenerator() throws IOException {
    if (Boolean.getBoolean("polyculture.vectors.regenerate")) {
      // Surefire runs tests in the module directory.
      StepRootVectorsGenerator.write(Path.of(StepRootVectorsGenerator.SOURCE_FILE));
      assertThat(Files.readString(Path.of(StepRootVectorsGenerator.SOURCE_FILE)))
          .isEqualTo(StepRootVectorsGenerator.generate());
      return;
    }
    assertThat(stored())
        .as(
            "stored vectors differ from StepRootVectorsGenerator's output; regenerate them"
                + " (see its Javadoc) only with a deliberate protocol change")
        .isEqualTo(StepRootVectorsGenerator.generate());
  }

  @Test
  void storedVectorsCoverTheRequiredSizes() throws IOException {
    Set<Integer> sizes = new HashSet<>();
    for (JsonNode vector : new ObjectMapper().readTree(stored()).get("vectors")) {
      sizes.add(vector.get("size").asInt());
    }
    assertThat(sizes).contains(1, 2, 3, 7, 100);
  }

  /**
   * Checks the stored file from its text alone, the way a contract test would: recompute each leaf
   * with BouncyCastle directly and fold each proof exactly as OpenZeppelin's processProof does.
   */
  @Test
  void storedProofsVerifyAsOpenZeppelinWould() throws IOException {
    JsonNode root = new ObjectMapper().readTree(stored());
    int proofsChecked = 0;
    for (JsonNode vector : root.get("vectors")) {
      int size = vector.get("size").asInt();
      long firstStep = Long.parseLong(vector.get("firstStep").asText());
      byte[] expectedRoot = hex(vector.get("root").asText());
      assertThat(vector.get("leaves")).hasSize(size);
      assertThat(vector.get("proofs")).hasSize(size);
      for (int i = 0; i < size; i++) {
        JsonNode leaf = vector.get("leaves").get(i);
        long step = Long.parseLong(leaf.get("step").asText());
        byte[] stateHash = hex(leaf.get("stateHash").asText());
        assertThat(step).isEqualTo(firstStep + i);
        assertThat(stateHash)
            .isEqualTo(StepRootVectorsGenerator.stateHash(size, i).toArrayUnsafe());

        byte[] encoded = new byte[64];
        for (int b = 0; b < 8; b++) {
          encoded[31 - b] = (byte) (step >>> (8 * b));
        }
        System.arraycopy(stateHash, 0, encoded, 32, 32);
        byte[] leafHash = keccak(keccak(encoded));
        assertThat(leafHash).isEqualTo(hex(leaf.get("leafHash").asText()));

        byte[] node = leafHash;
        for (JsonNode sibling : vector.get("proofs").get(i)) {
          byte[] other = hex(sibling.asText());
          node =
              java.util.Arrays.compareUnsigned(node, other) < 0
                  ? keccak(concat(node, other))
                  : keccak(concat(other, node));
        }
        assertThat(node).as("proof %d of size %d", i, size).isEqualTo(expectedRoot);
        proofsChecked++;
      }
    }
    assertThat(proofsChecked).isEqualTo(1 + 2 + 3 + 4 + 5 + 7 + 8 + 9 + 16 + 33 + 100);
  }

  private static String stored() throws IOException {
    try (InputStream in =
        StepRootVectorsTest.class.getResourceAsStream(StepRootVectorsGenerator.RESOURCE)) {
      assertThat(in).as("vectors file on the test classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static byte[] hex(String text) {
    assertThat(text).matches("0x[0-9a-f]{64}");
    return Bytes32.fromHexString(text).toArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return Bytes.concatenate(Bytes.wrap(a), Bytes.wrap(b)).toArray();
  }

  private static byte[] keccak(byte[] input) {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(input, 0, input.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }
}
