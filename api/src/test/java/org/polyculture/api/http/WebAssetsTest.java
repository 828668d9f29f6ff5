package org.polyculture.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.polyculture.api.ApiServer;
import org.polyculture.api.testing.ApiClient;
import org.polyculture.api.testing.CommonsScenario;

/**
 * The UI the Maven build put on this classpath, as a browser fetches it: the page at {@code /} and
 * at client routes, its hashed assets with long-lived caching and the right types, and never the
 * page where an API answer or a missing asset is expected.
 */
class WebAssetsTest {

  private static ApiServer server;
  private static ApiClient client;

  @BeforeAll
  static void start() {
    server = ApiServer.start(CommonsScenario.settings().build(), List.of(), System::nanoTime);
    client = new ApiClient(server.baseUri());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void shouldServeTheBuiltEntryPageAtTheRootWithoutCdnLinks() {
    ApiClient.Response page = client.get("/");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.raw().headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.raw().headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(page.raw().headers().firstValue("Content-Security-Policy"))
        .hasValue(WebAssets.CONTENT_SECURITY_POLICY);
    assertThat(page.body()).contains("<div id=\"app\">").contains("/assets/index-");
    assertThat(page.body()).doesNotContain("http://").doesNotContain("https://");
    assertThat(page.body()).doesNotContain("/src/main.jsx");
  }

  @Test
  void shouldServeTheEntryPageAtClientRoutesSoDeepLinksWork() {
    ApiClient.Response root = client.get("/");

    for (String route : List.of("/proposals/123", "/jobs/0", "/propose", "/network")) {
      ApiClient.Response page = client.get(route);
      assertThat(page.status()).as(route).isEqualTo(200);
      assertThat(page.body()).as(route).isEqualTo(root.body());
      assertThat(page.raw().headers().firstValue("Cache-Control")).hasValue("no-cache");
    }
  }

  @Test
  void shouldServeHashedAssetsWithTheirTypesAndLongCaching() {
    String page = client.get("/").body();
    String script = reference(page, "src=\"(/assets/[^\"]+\\.js)\"");
    String style = reference(page, "href=\"(/assets/[^\"]+\\.css)\"");

    ApiClient.Response js = client.get(script);
    ApiClient.Response css = client.get(style);

    assertThat(js.status()).isEqualTo(200);
    assertThat(js.raw().headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
    assertThat(js.raw().headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=31536000, immutable");
    assertThat(css.status()).isEqualTo(200);
    assertThat(css.raw().headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
    assertThat(client.get("/favicon.svg").raw().headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("image/svg+xml"));
  }

  @Test
  void shouldAnswerMissingAssetsAndApiPathsWithProblemsNotThePage() {
    for (String path : List.of("/assets/missing-0000.js", "/v1/no-such-thing", "/v1")) {
      ApiClient.Response response = client.get(path);
      assertThat(response.status()).as(path).isEqualTo(404);
      assertThat(response.raw().headers().firstValue("Content-Type"))
          .as(path)
          .hasValue("application/problem+json");
    }
  }

  private static String reference(String page, String pattern) {
    Matcher matcher = Pattern.compile(pattern).matcher(page);
    assertThat(matcher.find()).as("the page references %s", pattern).isTrue();
    return matcher.group(1);
  }
}
