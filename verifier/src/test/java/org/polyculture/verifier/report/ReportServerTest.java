package org.polyculture.verifier.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.metrics.JvmMetrics;
import org.polyculture.metrics.MetricFamily;
import org.polyculture.metrics.MetricType;
import org.polyculture.metrics.MetricsRegistry;
import org.polyculture.metrics.PrometheusText;
import org.polyculture.metrics.Sample;

class ReportServerTest {

  private static final String VERIFIER = "0x" + "12".repeat(20);

  @TempDir Path directory;

  @Test
  void shouldServeTheReportTheCountersAndHealth() throws Exception {
    VerifierMetrics metrics = new VerifierMetrics();
    metrics.increment(VerifierMetrics.Counter.SEGMENTS_AUDITED);
    metrics.add(VerifierMetrics.Counter.STEPS_MATCHED, 4);
    VerifierReport report =
        new VerifierReport(VERIFIER, 77, metrics.snapshot(), List.of(), List.of(), List.of());
    try (ReportServer server =
            ReportServer.start(
                new InetSocketAddress("127.0.0.1", 0), () -> report, metrics::snapshot);
        HttpClient client = HttpClient.newHttpClient()) {
      String base = "http://127.0.0.1:" + server.port();

      HttpResponse<String> served = get(client, base + "/v1/report");
      HttpResponse<String> counters = get(client, base + "/v1/metrics");
      HttpResponse<String> health = get(client, base + "/v1/health");

      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(served.headers().firstValue("content-type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      assertThat(served.body()).contains(VERIFIER).contains("\"indexedBlock\" : 77");
      assertThat(counters.body()).contains("\"verifier_steps_matched_total\" : 4");
      assertThat(health.body()).contains("ok");
      assertThat(get(client, base + "/v1/nothing").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void shouldServeEveryCounterAndTheJvmAsPrometheusText() throws Exception {
    VerifierMetrics metrics = new VerifierMetrics();
    metrics.add(VerifierMetrics.Counter.SEGMENTS_AUDITED, 3);
    metrics.increment(VerifierMetrics.Counter.DISPUTES_OPENED_FRAUD);
    MetricsRegistry registry = new MetricsRegistry();
    JvmMetrics.register(registry);
    registry.register(metrics.collector());
    VerifierReport report =
        new VerifierReport(VERIFIER, 1, metrics.snapshot(), List.of(), List.of(), List.of());
    try (ReportServer server =
            ReportServer.start(
                new InetSocketAddress("127.0.0.1", 0), () -> report, metrics::snapshot, registry);
        HttpClient client = HttpClient.newHttpClient()) {
      String base = "http://127.0.0.1:" + server.port();
      get(client, base + "/v1/report");

      List<MetricFamily> families = PrometheusText.parse(get(client, base + "/metrics").body());

      assertThat(families)
          .extracting(MetricFamily::name)
          .contains(
              "verifier_segments_audited_total", "jvm_memory_bytes_used", "http_requests_total");
      assertThat(sample(families, "verifier_segments_audited_total")).isEqualTo(3);
      assertThat(sample(families, "verifier_disputes_opened_fraud_total")).isEqualTo(1);
      assertThat(
              families.stream()
                  .filter(f -> f.name().equals("http_requests_total"))
                  .flatMap(f -> f.samples().stream())
                  .filter(s -> s.label("route").equals("/v1/report"))
                  .mapToDouble(Sample::value)
                  .sum())
          .isEqualTo(1);
      assertThat(families)
          .filteredOn(f -> f.name().startsWith("verifier_"))
          .allSatisfy(f -> assertThat(f.type()).isEqualTo(MetricType.COUNTER));
    }
  }

  private static double sample(List<MetricFamily> families, String name) {
    return families.stream()
        .filter(f -> f.name().equals(name))
        .flatMap(f -> f.samples().stream())
        .mapToDouble(Sample::value)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void shouldWriteTheReportFileWhole() throws Exception {
    Path file = directory.resolve("report.json");
    VerifierReport report =
        new VerifierReport(
            VERIFIER, 3, new VerifierMetrics().snapshot(), List.of(), List.of(), List.of());

    ReportJson.write(file, report);
    ReportJson.write(file, report);

    assertThat(Files.readString(file)).startsWith("{").contains(VERIFIER);
    assertThat(directory.resolve("report.json.tmp")).doesNotExist();
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
