package org.polyculture.transfer.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polyculture.transfer.SegmentSteps;
import org.polyculture.transfer.TestStates;
import org.polyculture.transfer.TransferApi;
import org.polyculture.transfer.client.ClientSettings;
import org.polyculture.transfer.client.TransferClient;

class TransferServerTest {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : closing) {
      closeable.close();
    }
    http.close();
  }

  private TransferServer start(TransferServer.Builder builder) {
    TransferServer server = builder.start();
    closing.add(server);
    return server;
  }

  private HttpResponse<String> get(URI base, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldAnswerHealthAndJsonEndpoints() throws Exception {
    TransferServer server =
        start(
            TransferServer.builder(ServerSettings.of("127.0.0.1", 0))
                .json(TransferApi.STATUS, () -> Map.of("segments", 3)));

    assertThat(get(server.baseUri(), TransferApi.HEALTH).statusCode()).isEqualTo(200);
    HttpResponse<String> status = get(server.baseUri(), TransferApi.STATUS);
    assertThat(status.body()).isEqualTo("{\"segments\":3}");
    assertThat(status.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith(TransferApi.JSON));
  }

  @Test
  void shouldRefuseMalformedHashesAndIndicesWithBadRequest() throws Exception {
    TestStates.InMemoryState state = TestStates.of(1, 100);
    TransferServer server =
        start(
            TransferServer.builder(ServerSettings.of("127.0.0.1", 0))
                .states(hash -> Optional.of(state)));

    assertThat(get(server.baseUri(), "/v1/states/0xABC/tree").statusCode()).isEqualTo(400);
    assertThat(
            get(server.baseUri(), "/v1/states/" + state.hash().toHexString() + "/chunks/-1")
                .statusCode())
        .isEqualTo(400);
    assertThat(
            get(server.baseUri(), "/v1/states/" + state.hash().toHexString() + "/chunks/01")
                .statusCode())
        .isEqualTo(400);
    assertThat(get(server.baseUri(), TransferApi.stateChunk(state.hash(), 1)).statusCode())
        .isEqualTo(404);
    assertThat(get(server.baseUri(), "/v1/jobs/x/segments/0/steps").statusCode()).isEqualTo(400);
  }

  @Test
  void shouldServeCommittedStepsThatTheClientVerifies() throws Exception {
    SegmentSteps steps =
        SegmentSteps.of(
            BigInteger.ONE,
            0,
            0,
            List.of(Bytes32.leftPad(Bytes.of(1)), Bytes32.leftPad(Bytes.of(2))),
            List.of(3.5f, 3.25f));
    TransferServer server =
        start(
            TransferServer.builder(ServerSettings.of("127.0.0.1", 0))
                .steps(
                    (job, segment) ->
                        job.equals(BigInteger.ONE) && segment == 0
                            ? Optional.of(steps)
                            : Optional.empty()));
    try (TransferClient client = new TransferClient(ClientSettings.defaults())) {
      assertThat(client.fetchSteps(server.baseUri(), BigInteger.ONE, 0, 0, 2, steps.stepRoot()))
          .isEqualTo(steps);
    }
    assertThat(get(server.baseUri(), TransferApi.segmentSteps(BigInteger.TWO, 0)).statusCode())
        .isEqualTo(404);
  }

  @Test
  void shouldRefuseRequestsBeyondThePerClientBoundWhileOthersAreHandled() throws Exception {
    TestStates.InMemoryState state = TestStates.of(2, 100);
    CountDownLatch entered = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    StateSource slow =
        hash -> {
          entered.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Optional.of(state);
        };
    TransferServer server =
        start(
            TransferServer.builder(ServerSettings.of("127.0.0.1", 0).withLimits(4, 2))
                .states(slow));
    URI tree = URI.create(server.baseUri() + TransferApi.stateTree(state.hash()));
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      held.add(
          http.sendAsync(
              HttpRequest.newBuilder(tree).build(), HttpResponse.BodyHandlers.ofString()));
    }
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    HttpResponse<String> refused = get(server.baseUri(), TransferApi.stateTree(state.hash()));

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).contains("1");
    assertThat(server.inFlight()).isEqualTo(2);
    release.countDown();
    for (CompletableFuture<HttpResponse<String>> response : held) {
      assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    assertThat(server.inFlight()).isZero();
    assertThat(get(server.baseUri(), TransferApi.stateTree(state.hash())).statusCode())
        .isEqualTo(200);
  }

  @Test
  void shouldAnswerServiceUnavailableWhenASourceCannotServeNow() throws Exception {
    TransferServer server =
        start(
            TransferServer.builder(ServerSettings.of("127.0.0.1", 0))
                .states(
                    hash -> {
                      throw new SourceUnavailableException("recomputing");
                    }));

    HttpResponse<String> response = get(server.baseUri(), TransferApi.stateTree(Bytes32.ZERO));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("recomputing");
  }
}
