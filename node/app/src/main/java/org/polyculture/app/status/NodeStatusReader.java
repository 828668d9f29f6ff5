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
import java.util.regex.Pattern;
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

  /** Longest text shown from a node (an activity line, an account). */
  private static final int MAX_TEXT_CHARS = 200;

  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  /** A non-negative whole number of at most 78 digits (a uint256). */
  private static final Pattern FIGURE = Pattern.compile("[0-9]{1,78}");

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
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        indexer,
        text(healthJson, "status"),
        healthJson);
  }

  private static NodeStatus worker(
      URI base, boolean healthy, JsonNode health, JsonNode status, Map<String, Long> indexer) {
    Map<String, Long> phases = new LinkedHashMap<>();
    status
        .path("segmentsByPhase")
        .properties()
        .forEach(entry -> phases.put(entry.getKey(), entry.getValue().asLong()));
    Map<String, Long> segments = new LinkedHashMap<>();
    segments.put("claimed", sum(phases, "CLAIMING", "TRAINING", "TRAINED", "COMMITTING"));
    segments.put("committed", sum(phases, "COMMITTED"));
    segments.put("final", sum(phases, "FINALIZED", "REWARDED"));
    segments.put("voided", sum(phases, "VOIDED", "COMPENSATED"));
    segments.put("fraud", sum(phases, "FRAUD"));
    segments.put("abandoned", sum(phases, "ABANDONED"));
    Map<String, String> stake = new LinkedHashMap<>();
    figure(status, "bondedStake").ifPresent(value -> stake.put("bonded", value));
    figure(status, "unbondingStake").ifPresent(value -> stake.put("unbonding", value));
    figure(status, "stakeLockedUntil").ifPresent(value -> stake.put("lockedUntil", value));
    figure(status, "openDisputes").ifPresent(value -> stake.put("openDisputes", value));
    Map<String, Long> disputes = new LinkedHashMap<>();
    // A worker sees the disputes against it open in its stake's lock, and lost ones as FRAUD.
    figure(status, "openDisputes")
        .filter(open -> open.length() < 10)
        .ifPresent(open -> disputes.put("open", Long.parseLong(open)));
    disputes.put("lost", sum(phases, "FRAUD"));
    return new NodeStatus(
        base.toString(),
        "worker",
        healthy,
        text(status, "address"),
        stake,
        segments,
        phases,
        disputes,
        indexer,
        text(status, "activity"),
        health);
  }

  private static long sum(Map<String, Long> phases, String... names) {
    long total = 0;
    for (String name : names) {
      total += phases.getOrDefault(name, 0L);
    }
    return total;
  }

  private static NodeStatus verifier(
      URI base, boolean healthy, JsonNode health, JsonNode report, Map<String, Long> indexer) {
    JsonNode counters = report.path("counters");
    Map<String, Long> segments = new LinkedHashMap<>();
    for (String outcome : List.of("audited", "clean", "fraud", "withheld", "unverifiable")) {
      segments.put(outcome, counters.path("verifier_segments_" + outcome + "_total").asLong());
    }
    Map<String, Long> disputes = new LinkedHashMap<>();
    // Every kind of dispute it opened (fraud, availability, step list, and kinds to come).
    long opened = 0;
    for (Map.Entry<String, JsonNode> counter : counters.properties()) {
      if (counter.getKey().startsWith("verifier_disputes_opened_")) {
        opened += counter.getValue().asLong();
      }
    }
    disputes.put("opened", opened);
    disputes.put("won", counters.path("verifier_disputes_won_total").asLong());
    disputes.put("lost", counters.path("verifier_disputes_lost_total").asLong());
    disputes.put("juryDuties", counters.path("verifier_jury_duties_total").asLong());
    disputes.put("votesMissed", counters.path("verifier_votes_missed_total").asLong());
    JsonNode reported = report.path("stake");
    Map<String, String> stake = new LinkedHashMap<>();
    for (String figure : List.of("bonded", "unbonding", "lockedUntil", "openDisputes")) {
      figure(reported, figure).ifPresent(value -> stake.put(figure, value));
    }
    return new NodeStatus(
        base.toString(),
        "verifier",
        healthy,
        text(report, "verifier"),
        stake,
        segments,
        Map.of(),
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

  /** A short text the node sent, with control characters (terminal escapes) taken out. */
  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isValueNode() || value.isNull()) {
      return Optional.empty();
    }
    String text = value.asText();
    if (text.length() > MAX_TEXT_CHARS) {
      text = text.substring(0, MAX_TEXT_CHARS) + "…";
    }
    return Optional.of(CONTROL.matcher(text).replaceAll("?"));
  }

  /** A whole number the node sent (an amount in base units, a time, a count), as its digits. */
  private static Optional<String> figure(JsonNode node, String field) {
    JsonNode value = node.path(field);
    String digits = value.isIntegralNumber() || value.isTextual() ? value.asText() : "";
    return FIGURE.matcher(digits).matches() ? Optional.of(digits) : Optional.empty();
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
