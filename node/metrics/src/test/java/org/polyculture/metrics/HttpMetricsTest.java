package org.polyculture.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpMetricsTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private Javalin server;

  @BeforeEach
  void start() {
    MetricsRegistry registry = new MetricsRegistry();
    JvmMetrics.register(registry);
    server =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              HttpMetrics.install(config, registry, "probe");
              config.routes.get("/things/{id}", ctx -> ctx.result("thing"));
            });
    server.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void shouldCountRequestsByRouteTemplateAndServeJvmFigures() throws Exception {
    assertThat(get("/things/1").statusCode()).isEqualTo(200);
    assertThat(get("/things/2").statusCode()).isEqualTo(200);
    assertThat(get("/nowhere").statusCode()).isEqualTo(404);

    HttpResponse<String> scrape = get(HttpMetrics.PATH);

    assertThat(scrape.headers().firstValue("Content-Type")).hasValue(PrometheusText.CONTENT_TYPE);
    List<MetricFamily> families = PrometheusText.parse(scrape.body());
    MetricFamily requests = family(families, "http_requests_total");
    assertThat(requests.samples())
        .contains(
            new Sample(
                "http_requests_total",
                Map.of(
                    "server", "probe", "method", "GET", "route", "/things/{id}", "status", "200"),
                2),
            new Sample(
                "http_requests_total",
                Map.of("server", "probe", "method", "GET", "route", "unmatched", "status", "404"),
                1));
    assertThat(family(families, "http_request_duration_seconds").samples())
        .anySatisfy(
            sample -> assertThat(sample.name()).isEqualTo("http_request_duration_seconds_sum"));
    assertThat(family(families, "jvm_memory_bytes_used").samples())
        .anySatisfy(sample -> assertThat(sample.value()).isPositive());
    assertThat(family(families, "jvm_threads_current").samples().get(0).value()).isPositive();
    assertThat(family(families, "process_uptime_seconds").samples().get(0).value()).isPositive();
  }

  private static MetricFamily family(List<MetricFamily> families, String name) {
    return families.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
