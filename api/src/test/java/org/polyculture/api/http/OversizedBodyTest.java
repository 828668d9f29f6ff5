package org.polyculture.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.polyculture.api.ApiServer;
import org.polyculture.api.testing.ApiClient;
import org.polyculture.api.testing.CommonsScenario;

/**
 * A client that sends a body over the limit gets the 413 problem every time, on a kept-alive
 * connection, never a connection dropped before the answer (closing a socket with the body unread
 * resets it, and the client can lose the answer with it).
 */
class OversizedBodyTest {

  private static ApiServer server;
  private static ApiClient client;

  @BeforeAll
  static void start() {
    server =
        ApiServer.start(
            CommonsScenario.settings().writes(100_000, 100_000).build(),
            List.of(),
            System::nanoTime);
    client = new ApiClient(server.baseUri());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void shouldAnswerEveryOversizedBodyWithTheProblemAndKeepServing() {
    String oversized = "{\"pad\": \"" + "x".repeat(70_000) + "\"}";
    for (int i = 0; i < 300; i++) {
      ApiClient.Response answer = client.post("/v1/votes", oversized);

      assertThat(answer.status()).as("answer %d", i).isEqualTo(413);
      assertThat(answer.body()).as("answer %d", i).contains("payload-too-large");
    }
    assertThat(client.get("/openapi.json").status()).isEqualTo(200);
  }
}
