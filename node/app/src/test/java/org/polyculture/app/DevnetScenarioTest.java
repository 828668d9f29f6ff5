package org.polyculture.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.app.devnet.DevnetSettings;
import org.polyculture.app.devnet.Scenario;
import org.polyculture.app.devnet.ScenarioReport;
import org.polyculture.app.devnet.ScenarioRunner;
import org.polyculture.chain.DeploymentParameters;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.testkit.RepositoryRoot;

/**
 * The devnet's scripted scenarios end to end: Ganache, the contracts, the community's proposal,
 * then workers and verifiers in this JVM on the demo corpus, followed to the summary. The full
 * adversarial suite (every strategy, as processes) lives in test/.
 */
class DevnetScenarioTest {

  private static final int SEGMENTS = 2;

  @TempDir Path dataDirectory;

  private final List<String> progress = new ArrayList<>();

  /**
   * Runs {@code scenario}; {@code timeScale} chain seconds pass per second (a cheat must be audited
   * and disputed within the window, so cheating runs keep chain time at wall-clock speed).
   */
  private ScenarioReport run(String scenario, int timeScale) throws Exception {
    DevnetSettings settings =
        DevnetSettings.builder()
            .dataDirectory(dataDirectory.resolve("devnet"))
            .corpus(DemoCorpus.textDirectory())
            .model(NamedConfig.NANO)
            .workers(2)
            .verifiers(4)
            .segments(SEGMENTS)
            .segmentLength(4)
            .audits(4)
            .timeScale(timeScale)
            .challengeWindow(Duration.ofSeconds(120))
            .deployment(
                DevnetSettings.withJuryPeriods(
                    DeploymentParameters.devnet(), Duration.ofSeconds(180)))
            .inProcess(true)
            .api(false)
            .scenario(Scenario.named(scenario))
            .scenarioTimeout(Duration.ofMinutes(12))
            .build();
    Environment environment =
        new Environment(
            Optional.of(RepositoryRoot.find()),
            Map.of(),
            System::nanoTime,
            Runtime.getRuntime().availableProcessors());
    return ScenarioRunner.of(RepositoryRoot.find(), environment).run(settings, progress::add);
  }

  @Test
  void shouldFinalizeEverySegmentWithoutDisputesWhenEveryoneIsHonest() throws Exception {
    ScenarioReport report = run(Scenario.HONEST, 4);
    JsonNode json = report.json();

    assertThat(report.failures()).as(String.join("\n", progress)).isEmpty();
    assertThat(json.path("ended").asBoolean()).isTrue();
    assertThat(json.path("segments").path("final").asLong()).isEqualTo(SEGMENTS);
    // The run ends when the last segment is final; its reward claim may still be on its way.
    long rewarded = json.path("segments").path("rewarded").asLong();
    assertThat(rewarded).isBetween(SEGMENTS - 1L, (long) SEGMENTS);
    assertThat(json.path("disputes")).isEmpty();
    assertThat(json.path("slashes")).isEmpty();
    assertThat(sum(json.path("rewards"))).isEqualByComparingTo(BigDecimal.valueOf(10L * rewarded));
    assertThat(json.path("tokens").path("conserved").asBoolean()).isTrue();
    assertThat(
            json.path("gas")
                .path("byFunction")
                .path("TrainingLedger.commit")
                .path("calls")
                .asLong())
        .isGreaterThanOrEqualTo(SEGMENTS);
    assertThat(json.path("verdict").path("passed").asBoolean()).isTrue();
  }

  /**
   * Waits out real challenge windows and jury periods (several minutes): under the {@code long}
   * profile. The default run covers every cheat, slash and payout through the adversarial suite.
   */
  @Test
  @Tag("long")
  void shouldSlashASkippingWorkerAndPayItsChallengerWhileTheHonestOneFinishesTheJob()
      throws Exception {
    ScenarioReport report = run("skip-step", 1);
    JsonNode json = report.json();

    assertThat(report.failures()).as(String.join("\n", progress)).isEmpty();
    assertThat(json.path("cheat").asText()).isEqualTo("skip-step");
    assertThat(json.path("segments").path("final").asLong()).isEqualTo(SEGMENTS);
    List<JsonNode> convictions = new ArrayList<>();
    json.path("disputes")
        .forEach(
            dispute -> {
              assertThat(dispute.path("worker").asText()).isEqualTo("worker-1");
              if (dispute.path("outcome").asText().equals("worker-at-fault")) {
                convictions.add(dispute);
              }
            });
    assertThat(convictions).isNotEmpty();
    assertThat(convictions.get(0).path("kind").asText()).isEqualTo("fraud");
    assertThat(convictions.get(0).path("challenger").asText()).startsWith("verifier-");
    assertThat(new BigDecimal(convictions.get(0).path("toWinner").asText())).isPositive();
    assertThat(json.path("slashes"))
        .anySatisfy(slash -> assertThat(slash.path("account").asText()).isEqualTo("worker-1"));
    assertThat(json.path("slashes"))
        .noneSatisfy(slash -> assertThat(slash.path("account").asText()).isEqualTo("worker-2"));
    assertThat(json.path("rewards").path("worker-2").isMissingNode()).isFalse();
    assertThat(json.path("tokens").path("conserved").asBoolean()).isTrue();
  }

  private static BigDecimal sum(JsonNode amounts) {
    BigDecimal total = BigDecimal.ZERO;
    for (JsonNode amount : amounts) {
      total = total.add(new BigDecimal(amount.asText()));
    }
    return total;
  }
}
