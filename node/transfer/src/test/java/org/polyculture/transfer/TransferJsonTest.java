package org.polyculture.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class TransferJsonTest {

  private static final URI PEER = URI.create("http://peer.test:1");

  @Test
  void shouldReadBackTheTreeItWrites() throws Exception {
    ChunkTree tree = TestStates.of(3, 2 * ChunkTree.CHUNK_SIZE + 5).tree();

    assertThat(TransferJson.readTree(TransferJson.writeTree(tree), PEER)).isEqualTo(tree);
  }

  @Test
  void shouldReadBackTheStepsItWritesWithNonFiniteLossesAbsent() throws Exception {
    List<Bytes32> hashes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      hashes.add(Bytes32.leftPad(org.apache.tuweni.bytes.Bytes.of(i + 1)));
    }
    SegmentSteps steps =
        SegmentSteps.of(BigInteger.valueOf(7), 2, 6, hashes, List.of(2.5f, Float.NaN, 1.0000001f));

    SegmentSteps read = TransferJson.readSteps(TransferJson.writeSteps(steps), PEER);

    assertThat(read).isEqualTo(steps);
    assertThat(read.losses())
        .containsExactly(Optional.of(2.5f), Optional.empty(), Optional.of(1.0000001f));
  }

  @Test
  void shouldRejectGarbageUnknownMembersDuplicatesAndWrongHashes() {
    String leaf = "\"0x" + "ab".repeat(32) + "\"";
    List<String> bodies =
        List.of(
            "not json",
            "null",
            "{\"length\":1,\"chunkSize\":1048576,\"leaves\":[" + leaf + "],\"extra\":1}",
            "{\"length\":1,\"length\":1,\"chunkSize\":1048576,\"leaves\":[" + leaf + "]}",
            "{\"length\":\"1\",\"chunkSize\":1048576,\"leaves\":[" + leaf + "]}",
            "{\"length\":1,\"chunkSize\":1048576,\"leaves\":[\"0xAB\"]}",
            "{\"length\":1,\"chunkSize\":1048576,\"leaves\":[" + leaf + "]} trailing",
            "[[[[[[[[[[[[]]]]]]]]]]]]");
    for (String body : bodies) {
      assertThatThrownBy(
              () -> TransferJson.readTree(body.getBytes(StandardCharsets.UTF_8), PEER), body)
          .isInstanceOfSatisfying(
              TransferException.class,
              e -> assertThat(e.reason()).isEqualTo(TransferException.Reason.MALFORMED));
    }
  }

  @Test
  void shouldRejectATreeOfAnotherChunkSizeOrLeafCountAsATreeMismatch() {
    String leaf = "\"0x" + "ab".repeat(32) + "\"";
    for (String body :
        List.of(
            "{\"length\":1,\"chunkSize\":4096,\"leaves\":[" + leaf + "]}",
            "{\"length\":1,\"chunkSize\":1048576,\"leaves\":[" + leaf + "," + leaf + "]}")) {
      assertThatThrownBy(() -> TransferJson.readTree(body.getBytes(StandardCharsets.UTF_8), PEER))
          .isInstanceOfSatisfying(
              TransferException.class,
              e -> assertThat(e.reason()).isEqualTo(TransferException.Reason.TREE_MISMATCH));
    }
  }

  @Test
  void shouldRejectStepsThatSkipOrReorderSteps() {
    String hash = "\"0x" + "cd".repeat(32) + "\"";
    String body =
        "{\"jobId\":\"1\",\"segment\":0,\"firstStep\":0,\"steps\":["
            + "{\"step\":0,\"stateHash\":"
            + hash
            + ",\"loss\":1.0},"
            + "{\"step\":2,\"stateHash\":"
            + hash
            + ",\"loss\":null}]}";

    assertThatThrownBy(() -> TransferJson.readSteps(body.getBytes(StandardCharsets.UTF_8), PEER))
        .isInstanceOfSatisfying(
            TransferException.class,
            e -> assertThat(e.reason()).isEqualTo(TransferException.Reason.MALFORMED));
  }
}
