package org.polyculture.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.polyculture.api.ApiServer;
import org.polyculture.api.testing.ApiClient;
import org.polyculture.api.testing.CommonsScenario;

/**
 * A UI served from another origin (a dev server, a community's own site) may call the API only when
 * the API was started with that origin ({@code --cors-origin}); other origins get no CORS headers,
 * so their browsers refuse the answers.
 */
class CorsTest {

  private static final String ALLOWED = "http://localhost:5173";

  private static ApiServer server;
  private static ApiClient client;

  @BeforeAll
  static void start() {
    server =
        ApiServer.start(
            CommonsScenario.settings().corsOrigin(Optional.of(ALLOWED)).build(),
            List.of(),
            System::nanoTime);
    client = new ApiClient(server.baseUri());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void shouldAllowAPreflightFromTheConfiguredOrigin() {
    ApiClient.Response preflight = client.send(preflight(ALLOWED));

    assertThat(preflight.status()).isLessThan(300);
    assertThat(preflight.raw().headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue(ALLOWED);
  }

  @Test
  void shouldGiveOtherOriginsNoCorsHeaders() {
    ApiClient.Response preflight = client.send(preflight("http://evil.example"));
    ApiClient.Response read = client.get("/openapi.json", Map.of("Origin", "http://evil.example"));

    assertThat(preflight.raw().headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(read.raw().headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void shouldAnswerReadsFromTheConfiguredOriginWithItsCorsHeader() {
    ApiClient.Response read = client.get("/openapi.json", Map.of("Origin", ALLOWED));

    assertThat(read.status()).isEqualTo(200);
    assertThat(read.raw().headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
  }

  private HttpRequest.Builder preflight(String origin) {
    return HttpRequest.newBuilder(server.baseUri().resolve("/v1/votes"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type");
  }
}
