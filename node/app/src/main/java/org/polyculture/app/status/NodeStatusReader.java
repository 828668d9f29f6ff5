package org.polyculture.app.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.polyculture.metrics.HttpMetrics;
import org.polyculture.metrics.MalformedExpositionException;
import org.polyculture.metrics.MetricFamily;
import org.polyculture.metrics.PrometheusText;
import org.polyculture.metrics.Sample;

/**
 * Asks a running node how it is: its health, then what it is (a worker answers {@code /v1/status},
 * a verifier {@code /v1/report}, the API {@code /openapi.json}), then its metrics. The node is a
 * peer like any other: every request has a timeout, every body a size limit, and an answer that is
 * not what it should be is reported as such, never trusted further.
 */
public final class NodeStatusReader {

  /** Largest body read from a node (a status or report is a few kilobytes). */
  static final int MAX_BODY_BYTES = 4 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final Duration timeout;

  public NodeStatusReader(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  /**
   * Reads the node at {@code base}. Throws {@link IOException} when it does not answer its health
   * check at all (unreachable, timed out, or not HTTP).
   */
  public NodeStatus read(URI base) throws IOException {
    Answer health = get(base, "/v1/health");
    boolean healthy = health.status() / 100 == 2;
    JsonNode healthJson = health.json().orElse(JsonNodeFactory.instance.objectNode());
    Map<String, Long> indexer = indexerFigures(base);
    Optional<JsonNode> worker = optionalJson(base, "/v1/status");
    if (worker.isPresent() && worker.get().has("segmentsByPhase")) {
      return worker(base, healthy, healthJson, worker.get(), indexer);
    }
    Optional<JsonNode> report = optionalJson(base, "/v1/report");
    if (report.isPresent() && report.get().has("counters")) {
      return verifier(base, healthy, healthJson, report.get(), indexer);
    }
    String role = get(base, "/openapi.json").status() == 200 ? "api" : "unknown";
    return new NodeStatus(
        base.toString(),
        role,
        healthy,
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        Map.of(),
        indexer,
        text(healthJson, "status"),
        healthJson);
  }

  private static NodeStatus worker(
      URI base, boolean healthy, JsonNode health, JsonNode status, Map<String, Long> indexer) {
    Map<String, Long> segments = new LinkedHashMap<>();
    status
        .path("segmentsByPhase")
        .properties()
        .forEach(entry -> segments.put(entry.getKey(), entry.getValue().asLong()));
    Map<String, Long> disputes = new LinkedHashMap<>();
    disputes.put("fraud", segments.getOrDefault("FRAUD", 0L));
    disputes.put("voided", segments.getOrDefault("VOIDED", 0L));
    disputes.put("compensated", segments.getOrDefault("COMPENSATED", 0L));
    return new NodeStatus(
        base.toString(),
        "worker",
        healthy,
        text(status, "address"),
        text(status, "bondedStake"),
        segments,
        disputes,
        indexer,
        text(status, "activity"),
        health);
  }

  private static NodeStatus verifier(
      URI base, boolean healthy, JsonNode health, JsonNode report, Map<String, Long> indexer) {
    JsonNode counters = report.path("counters");
    Map<String, Long> segments = new LinkedHashMap<>();
    for (String outcome : List.of("audited", "clean", "fraud", "withheld", "unverifiable")) {
      segments.put(outcome, counters.path("verifier_segments_" + outcome + "_total").asLong());
    }
    Map<String, Long> disputes = new LinkedHashMap<>();
    disputes.put(
        "opened",
        counters.path("verifier_disputes_opened_fraud_total").asLong()
            + counters.path("verifier_disputes_opened_availability_total").asLong());
    disputes.put("won", counters.path("verifier_disputes_won_total").asLong());
    disputes.put("lost", counters.path("verifier_disputes_lost_total").asLong());
    disputes.put("juryDuties", counters.path("verifier_jury_duties_total").asLong());
    disputes.put("votesMissed", counters.path("verifier_votes_missed_total").asLong());
    return new NodeStatus(
        base.toString(),
        "verifier",
        healthy,
        text(report, "verifier"),
        Optional.empty(),
        segments,
        disputes,
        indexer,
        Optional.empty(),
        health);
  }

  private Map<String, Long> indexerFigures(URI base) {
    Map<String, Long> figures = new LinkedHashMap<>();
    try {
      Answer answer = get(base, HttpMetrics.PATH);
      if (answer.status() != 200) {
        return figures;
      }
      List<MetricFamily> families =
          PrometheusText.parse(new String(answer.body(), StandardCharsets.UTF_8));
      for (MetricFamily family : families) {
        if (family.name().equals("indexer_head_block")) {
          first(family).ifPresent(value -> figures.put("headBlock", value));
        } else if (family.name().equals("indexer_lag_blocks")) {
          first(family).ifPresent(value -> figures.put("lagBlocks", value));
        }
      }
    } catch (IOException | MalformedExpositionException e) {
      figures.clear();
    }
    return figures;
  }

  private static Optional<Long> first(MetricFamily family) {
    return family.samples().stream().findFirst().map(Sample::value).map(Double::longValue);
  }

  private Optional<JsonNode> optionalJson(URI base, String path) {
    try {
      Answer answer = get(base, path);
      return answer.status() == 200 ? answer.json() : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() && !value.isNull() ? Optional.of(value.asText()) : Optional.empty();
  }

  /** One GET with a deadline on the headers and another on the body, and a bounded body. */
  private Answer get(URI base, String path) throws IOException {
    URI uri = URI.create(base.toString().replaceAll("/+$", "") + path);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    try {
      HttpResponse<InputStream> response =
          http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      InputStream body = response.body();
      CompletableFuture<byte[]> read = new CompletableFuture<>();
      Thread.ofVirtual()
          .name("status-read")
          .start(
              () -> {
                try (body) {
                  read.complete(body.readNBytes(MAX_BODY_BYTES + 1));
                } catch (IOException | RuntimeException e) {
                  read.completeExceptionally(e);
                }
              });
      byte[] bytes;
      try {
        bytes = read.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        body.close();
        throw new IOException(uri + " sent its answer too slowly (over " + timeout + ")");
      }
      if (bytes.length > MAX_BODY_BYTES) {
        throw new IOException(uri + " answered more than " + MAX_BODY_BYTES + " bytes");
      }
      return new Answer(response.statusCode(), bytes);
    } catch (TimeoutException e) {
      throw new IOException(uri + " did not answer within " + timeout);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io
          ? io
          : new IOException(uri + ": " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + uri, e);
    }
  }

  private record Answer(int status, byte[] body) {
    Optional<JsonNode> json() {
      try {
        return Optional.of(JSON.readTree(body));
      } catch (IOException e) {
        return Optional.empty();
      }
    }
  }
}
