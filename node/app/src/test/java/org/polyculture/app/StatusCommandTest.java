package org.polyculture.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.metrics.MetricsRegistry;
import org.polyculture.testkit.HostileServer;
import org.polyculture.transfer.TransferApi;
import org.polyculture.transfer.server.ServerSettings;
import org.polyculture.transfer.server.TransferServer;
import org.polyculture.verifier.report.ReportServer;
import org.polyculture.verifier.report.VerifierMetrics;
import org.polyculture.verifier.report.VerifierReport;
import org.polyculture.verifier.report.VerifierStake;
import org.polyculture.worker.SegmentPhase;
import org.polyculture.worker.WorkerStatus;

/**
 * {@code polyculture status} against the real servers of a worker and a verifier (serving fixed
 * figures), and against hostile ones: garbage, silence, a body that never ends.
 */
class StatusCommandTest {

  private static final String WORKER = "0x" + "ab".repeat(20);
  private static final String VERIFIER = "0x" + "cd".repeat(20);

  private final CommandRunner runner = CommandRunner.plain();

  @Test
  void shouldShowAWorkersStakeSegmentsDisputesAndIndexerLag() throws Exception {
    MetricsRegistry registry = new MetricsRegistry();
    registry.gauge("indexer_head_block", "head", () -> 120);
    registry.gauge("indexer_lag_blocks", "lag", () -> 2);
    WorkerStatus status =
        new WorkerStatus(
            WORKER,
            "http://127.0.0.1:1",
            "none",
            "5000",
            "250",
            1_800_000_000L,
            1,
            "training 1/3: step 2/4",
            Map.of(
                SegmentPhase.TRAINING,
                1,
                SegmentPhase.COMMITTED,
                2,
                SegmentPhase.FINALIZED,
                1,
                SegmentPhase.REWARDED,
                5,
                SegmentPhase.FRAUD,
                1),
            "50",
            "0",
            List.of());
    try (TransferServer server =
        TransferServer.builder(ServerSettings.of("127.0.0.1", 0))
            .json(TransferApi.STATUS, () -> status)
            .metrics(registry, "worker")
            .start()) {

      CommandRunner.Result table = runner.run("status", "--url", server.baseUri().toString());
      CommandRunner.Result json = runner.run("status", "--url", server.baseUri() + "/", "--json");

      assertThat(table.exitCode()).as(table.err()).isEqualTo(0);
      assertThat(table.out())
          .contains("(worker)")
          .contains("health    ok")
          .contains(WORKER)
          .contains("5000 bonded, 250 unbonding, locked until 2027-01-15T08:00:00Z, 1 open dispute")
          .contains("segments  claimed 1, committed 2, final 6, voided 0, fraud 1, abandoned 0")
          .contains("COMMITTED 2")
          .contains("REWARDED 5")
          .contains("disputes  open 1, lost 1")
          .contains("headBlock 120, lagBlocks 2")
          .contains("training 1/3");
      assertThat(json.exitCode()).isEqualTo(0);
      JsonNode document = new ObjectMapper().readTree(json.out());
      assertThat(document.path("role").asText()).isEqualTo("worker");
      assertThat(document.path("bondedStake").asText()).isEqualTo("5000");
      assertThat(document.path("stake").path("unbonding").asText()).isEqualTo("250");
      assertThat(document.path("stake").path("lockedUntil").asText()).isEqualTo("1800000000");
      assertThat(document.path("segments").path("final").asLong()).isEqualTo(6);
      assertThat(document.path("phases").path("REWARDED").asLong()).isEqualTo(5);
      assertThat(document.path("disputes").path("open").asLong()).isEqualTo(1);
      assertThat(document.path("indexer").path("lagBlocks").asLong()).isEqualTo(2);
      assertThat(document.path("healthy").asBoolean()).isTrue();
    }
  }

  @Test
  void shouldShowAVerifiersAuditsAndDisputes() throws Exception {
    VerifierMetrics metrics = new VerifierMetrics();
    metrics.add(VerifierMetrics.Counter.SEGMENTS_AUDITED, 9);
    metrics.add(VerifierMetrics.Counter.SEGMENTS_FRAUD, 1);
    metrics.add(VerifierMetrics.Counter.DISPUTES_OPENED_FRAUD, 1);
    metrics.add(VerifierMetrics.Counter.DISPUTES_WON, 1);
    metrics.add(VerifierMetrics.Counter.JURIES_DRAWN, 3);
    VerifierReport report =
        new VerifierReport(VERIFIER, 40, metrics.snapshot(), List.of(), List.of(), List.of());
    MetricsRegistry registry = new MetricsRegistry();
    registry.register(metrics.collector());
    try (ReportServer server =
        ReportServer.start(
            new InetSocketAddress("127.0.0.1", 0), () -> report, metrics::snapshot, registry)) {

      CommandRunner.Result result =
          runner.run("status", "--url", "http://127.0.0.1:" + server.port(), "--json");

      assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
      JsonNode document = new ObjectMapper().readTree(result.out());
      assertThat(document.path("role").asText()).isEqualTo("verifier");
      assertThat(document.path("account").asText()).isEqualTo(VERIFIER);
      assertThat(document.path("segments").path("audited").asLong()).isEqualTo(9);
      assertThat(document.path("disputes").path("opened").asLong()).isEqualTo(1);
      assertThat(document.path("disputes").path("won").asLong()).isEqualTo(1);
      assertThat(document.path("disputes").path("juryDuties").asLong()).isEqualTo(3);
    }
  }

  @Test
  void shouldShowTheStakeAVerifierReports() throws Exception {
    VerifierMetrics metrics = new VerifierMetrics();
    metrics.add(VerifierMetrics.Counter.JURIES_DRAWN, 2);
    metrics.add(VerifierMetrics.Counter.DISPUTES_OPENED_AVAILABILITY, 1);
    metrics.add(VerifierMetrics.Counter.DISPUTES_OPENED_STEP_LIST, 2);
    VerifierReport report =
        new VerifierReport(VERIFIER, 40, metrics.snapshot(), List.of(), List.of(), List.of())
            .withStake(Optional.of(new VerifierStake("7000", "300", 1_800_000_000L, 0, 2)));
    try (ReportServer server =
        ReportServer.start(
            new InetSocketAddress("127.0.0.1", 0), () -> report, metrics::snapshot)) {
      String url = "http://127.0.0.1:" + server.port();

      CommandRunner.Result table = runner.run("status", "--url", url);
      CommandRunner.Result json = runner.run("status", "--url", url, "--json");

      assertThat(table.exitCode()).as(table.err()).isEqualTo(0);
      assertThat(table.out())
          .contains("(verifier)")
          .contains("stake     7000 bonded, 300 unbonding, 2 open disputes (token base units)")
          .contains("disputes  opened 3, won 0, lost 0, juryDuties 2");
      JsonNode document = new ObjectMapper().readTree(json.out());
      assertThat(document.path("bondedStake").asText()).isEqualTo("7000");
      assertThat(document.path("stake").path("openDisputes").asText()).isEqualTo("2");
    }
  }

  @Test
  void shouldShowNoStakeThatIsNotANumberAndNoControlCharacters() throws Exception {
    try (HostileServer node = new HostileServer()) {
      node.on("/v1/health", HostileServer.json("{\"status\":\"ok\"}"));
      node.on(
          "/v1/status",
          HostileServer.json(
              "{\"segmentsByPhase\":{},\"bondedStake\":\"12e3\",\"unbondingStake\":-5,"
                  + "\"openDisputes\":\"1; rm\",\"activity\":\"\\u001b[2Jcleared\"}"));

      CommandRunner.Result result = runner.run("status", "--url", node.uri().toString());

      assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
      assertThat(result.out())
          .contains("(worker)")
          .contains("?[2Jcleared")
          .doesNotContain("\u001b")
          .doesNotContain("stake ")
          .doesNotContain("12e3");
    }
  }

  @Test
  void shouldReportAnUnhealthyNodeWithItsExitCode() throws Exception {
    try (HostileServer node = new HostileServer()) {
      node.on("/v1/health", HostileServer.status(503, "{\"status\":\"indexing stalled\"}"));

      CommandRunner.Result result = runner.run("status", "--url", node.uri().toString());

      assertThat(result.exitCode()).isEqualTo(ExitCode.UNHEALTHY.code());
      assertThat(result.out()).contains("UNHEALTHY").contains("indexing stalled");
    }
  }

  @Test
  void shouldGiveUpOnSilentSlowOrEndlessNodesInBoundedTime() throws Exception {
    try (HostileServer node = new HostileServer()) {
      node.on("/silent/v1/health", HostileServer.silent());
      node.on("/drip/v1/health", HostileServer.drip(1_000, 50));
      node.on("/endless/v1/health", HostileServer.endless());
      for (String path : List.of("/silent", "/drip", "/endless")) {
        long started = System.nanoTime();

        CommandRunner.Result result =
            runner.run("status", "--url", node.uri() + path, "--timeout", "2");

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(result.exitCode()).as(path).isEqualTo(ExitCode.UNHEALTHY.code());
        assertThat(result.err()).as(path).contains("does not answer");
        assertThat(result.hasNoStackTrace()).isTrue();
        assertThat(took).as(path).isLessThan(Duration.ofSeconds(10));
      }
      assertThat(node.bodyBytesSent()).isLessThan(64L << 20);
    }
  }

  @Test
  void shouldTreatGarbageAnswersAsUnknownNotAsFigures() throws Exception {
    try (HostileServer node = new HostileServer()) {
      node.on("/v1/health", HostileServer.json("{\"status\":\"ok\"}"));
      node.on(
          "/v1/status",
          HostileServer.bytes("{\"segmentsByPhase\":".getBytes(StandardCharsets.UTF_8)));
      node.on("/v1/report", HostileServer.json("[1,2,3]"));
      node.on("/metrics", HostileServer.json("indexer_lag_blocks NaN NaN NaN\n{{{"));

      CommandRunner.Result result = runner.run("status", "--url", node.uri().toString(), "--json");

      assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
      JsonNode document = new ObjectMapper().readTree(result.out());
      assertThat(document.path("role").asText()).isEqualTo("unknown");
      assertThat(document.path("indexer").isEmpty()).isTrue();
    }
  }

  @Test
  void shouldRejectBadUrlsAsUsageErrors() {
    for (String url : List.of("not a url", "ftp://host/", "http://", "127.0.0.1:8080")) {
      CommandRunner.Result result = runner.run("status", "--url", url);

      assertThat(result.exitCode()).as(url).isEqualTo(ExitCode.USAGE.code());
      assertThat(result.err()).as(url).contains("--url");
      assertThat(result.hasNoStackTrace()).isTrue();
    }
    assertThat(runner.run("status").exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(runner.run("status", "--url", "http://x", "--timeout", "0").exitCode())
        .isEqualTo(ExitCode.USAGE.code());
  }
}
