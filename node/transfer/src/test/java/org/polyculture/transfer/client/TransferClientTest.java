package org.polyculture.transfer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.polyculture.testkit.HostileServer;
import org.polyculture.transfer.ChunkTree;
import org.polyculture.transfer.SegmentSteps;
import org.polyculture.transfer.TestStates;
import org.polyculture.transfer.TransferApi;
import org.polyculture.transfer.TransferException;
import org.polyculture.transfer.TransferException.Reason;
import org.polyculture.transfer.TransferJson;

/** The client against a server that lies, stalls, floods and hangs up. */
class TransferClientTest {

  private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(1500);

  private final TestStates.InMemoryState state = TestStates.of(11, ChunkTree.CHUNK_SIZE + 1000);
  private HostileServer server;
  private TransferClient client;

  @BeforeEach
  void start() throws Exception {
    server = new HostileServer();
    client = new TransferClient(new ClientSettings(Duration.ofSeconds(2), REQUEST_TIMEOUT, 2, 2));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.close();
  }

  private URI peer() {
    return server.uri();
  }

  private String treePath() {
    return TransferApi.stateTree(state.hash());
  }

  private String chunkPath(int index) {
    return TransferApi.stateChunk(state.hash(), index);
  }

  private static void assertRejected(ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            TransferException.class,
            e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
  }

  @Test
  void shouldAcceptATreeAndChunksThatVerify() throws Exception {
    server.on(treePath(), HostileServer.bytes(TransferJson.writeTree(state.tree())));
    server.on(chunkPath(1), HostileServer.bytes(state.chunk(1).toArray()));

    ChunkTree tree = client.fetchTree(peer(), state.hash(), state.bytes().length);
    byte[] chunk = client.fetchChunk(peer(), state.hash(), tree, 1);

    assertThat(tree).isEqualTo(state.tree());
    assertThat(chunk).isEqualTo(state.chunk(1).toArray());
  }

  @Test
  void shouldRejectATreeOfAnotherState() {
    TestStates.InMemoryState other = TestStates.of(12, ChunkTree.CHUNK_SIZE + 1000);
    server.on(treePath(), HostileServer.bytes(TransferJson.writeTree(other.tree())));

    assertRejected(
        () -> client.fetchTree(peer(), state.hash(), state.bytes().length), Reason.TREE_MISMATCH);
  }

  @Test
  void shouldRejectATreeForAnotherLengthThanTheModelImplies() {
    server.on(treePath(), HostileServer.bytes(TransferJson.writeTree(state.tree())));

    assertRejected(
        () -> client.fetchTree(peer(), state.hash(), state.bytes().length - 1),
        Reason.TREE_MISMATCH);
  }

  @Test
  void shouldRejectAChunkWithOneWrongByte() {
    byte[] wrong = state.chunk(0).toArray();
    wrong[12_345] ^= 0x40;
    server.on(chunkPath(0), HostileServer.bytes(wrong));

    assertRejected(
        () -> client.fetchChunk(peer(), state.hash(), state.tree(), 0), Reason.CHUNK_MISMATCH);
  }

  @Test
  void shouldRejectAChunkThatDeclaresMoreThanAChunkWithoutReadingIt() {
    server.on(chunkPath(1), HostileServer.truncated(new byte[0], 1L << 40));

    assertRejected(
        () -> client.fetchChunk(peer(), state.hash(), state.tree(), 1), Reason.TOO_LARGE);
  }

  @Test
  void shouldStopReadingAnEndlessBodyAtItsBound() {
    server.on(treePath(), HostileServer.endless());

    assertRejected(
        () -> client.fetchTree(peer(), state.hash(), state.bytes().length), Reason.TOO_LARGE);
    // The client read no more than the bound (a few hundred bytes) plus what sat in socket buffers.
    assertThat(server.bodyBytesSent()).isLessThan(16L << 20);
  }

  @Test
  void shouldStopReadingAnEndlessChunkAtItsExactLength() {
    server.on(chunkPath(0), HostileServer.endless());

    assertRejected(
        () -> client.fetchChunk(peer(), state.hash(), state.tree(), 0), Reason.TOO_LARGE);
    assertThat(server.bodyBytesSent()).isLessThan(ChunkTree.CHUNK_SIZE + (16L << 20));
  }

  @Test
  void shouldCutOffASlowDripAtTheRequestTimeout() {
    server.on(chunkPath(1), HostileServer.drip(1000, 100));
    long start = System.nanoTime();

    assertRejected(() -> client.fetchChunk(peer(), state.hash(), state.tree(), 1), Reason.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
  }

  @Test
  void shouldTimeOutOnAPeerThatNeverAnswers() {
    server.on(treePath(), HostileServer.silent());

    assertRejected(
        () -> client.fetchTree(peer(), state.hash(), state.bytes().length), Reason.TIMEOUT);
  }

  @Test
  void shouldRejectABodyThatEndsEarly() {
    byte[] half = Arrays.copyOf(state.chunk(0).toArray(), ChunkTree.CHUNK_SIZE / 2);
    server.on(chunkPath(0), HostileServer.truncated(half, ChunkTree.CHUNK_SIZE));
    server.on(chunkPath(1), HostileServer.bytes(Arrays.copyOf(state.chunk(1).toArray(), 999)));

    assertRejected(
        () -> client.fetchChunk(peer(), state.hash(), state.tree(), 0), Reason.TRUNCATED);
    assertRejected(
        () -> client.fetchChunk(peer(), state.hash(), state.tree(), 1), Reason.TRUNCATED);
  }

  @Test
  void shouldMapStatusesToReasons() {
    server.on(chunkPath(0), HostileServer.status(500, "{\"error\":\"boom\"}"));
    server.on(chunkPath(1), HostileServer.status(429, "{\"error\":\"busy\"}"));
    server.on(treePath(), HostileServer.status(302, ""));

    assertRejected(
        () -> client.fetchChunk(peer(), state.hash(), state.tree(), 0), Reason.HTTP_STATUS);
    assertRejected(() -> client.fetchChunk(peer(), state.hash(), state.tree(), 1), Reason.BUSY);
    assertRejected(
        () -> client.fetchTree(peer(), state.hash(), state.bytes().length), Reason.HTTP_STATUS);
    assertRejected(
        () -> client.fetchTree(peer(), Bytes32.ZERO, state.bytes().length), Reason.NOT_FOUND);
  }

  @Test
  void shouldRejectGarbageJson() {
    server.on(treePath(), HostileServer.json("{\"length\": [1, 2, 3"));

    assertRejected(
        () -> client.fetchTree(peer(), state.hash(), state.bytes().length), Reason.MALFORMED);
  }

  @Test
  void shouldReportAnUnreachablePeer() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    URI nobody = URI.create("http://127.0.0.1:" + closedPort);

    assertRejected(
        () -> client.fetchTree(nobody, state.hash(), state.bytes().length), Reason.UNREACHABLE);
    assertThat(client.isHealthy(nobody)).isFalse();
  }

  @Test
  void shouldAcceptStepsThatRebuildTheCommittedRootAndRejectOthers() throws Exception {
    List<Bytes32> hashes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      hashes.add(Bytes32.leftPad(Bytes.of(i + 7)));
    }
    SegmentSteps steps =
        SegmentSteps.of(BigInteger.TWO, 3, 15, hashes, List.of(1f, 2f, 3f, 4f, 5f));
    String path = TransferApi.segmentSteps(BigInteger.TWO, 3);
    server.on(path, HostileServer.bytes(TransferJson.writeSteps(steps)));

    SegmentSteps fetched = client.fetchSteps(peer(), BigInteger.TWO, 3, 15, 5, steps.stepRoot());

    assertThat(fetched).isEqualTo(steps);
    assertRejected(
        () -> client.fetchSteps(peer(), BigInteger.TWO, 3, 15, 5, Bytes32.ZERO),
        Reason.STEPS_MISMATCH);
    assertRejected(
        () -> client.fetchSteps(peer(), BigInteger.TWO, 3, 15, 6, steps.stepRoot()),
        Reason.STEPS_MISMATCH);
  }

  @Test
  void shouldNotFollowAPeerToAnotherHost() {
    server.on(
        treePath(),
        (out, sent) ->
            HostileServer.head(
                out, 307, "Location: http://169.254.169.254/latest\r\nContent-Length: 0"));

    assertRejected(
        () -> client.fetchTree(peer(), state.hash(), state.bytes().length), Reason.HTTP_STATUS);
  }

  @Test
  void shouldKeepAPathPrefixOfAPeerEndpoint() {
    URI resolved = PeerUris.resolve(URI.create("http://host.test:9/datasets/"), TransferApi.HEALTH);

    assertThat(resolved.toString()).isEqualTo("http://host.test:9/datasets/v1/health");
    assertThat(PeerUris.parse("http://host.test:9")).isPresent();
    assertThat(PeerUris.parse("ftp://host.test")).isEmpty();
    assertThat(PeerUris.parse("http://user@host.test")).isEmpty();
    assertThat(PeerUris.parse("http://host.test/?q=1")).isEmpty();
    assertThat(PeerUris.parse("x".repeat(300))).isEmpty();
  }
}
