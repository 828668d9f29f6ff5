package org.polyculture.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.app.commands.EconCommand;
import org.polyculture.protocol.economics.Cheat;
import org.polyculture.protocol.economics.EconomicParameters;
import picocli.CommandLine;

class EconCommandTest {

  private final CommandRunner polyculture = CommandRunner.plain();

  @Test
  void theOptionDefaultsAreTheDocumentedParameters() {
    EconCommand command = new EconCommand();
    new CommandLine(command).parseArgs();
    assertThat(command.parameters()).isEqualTo(EconomicParameters.defaults());
  }

  @Test
  void shouldPrintEveryStrategyAndItsVerdict() {
    CommandRunner.Result result = polyculture.run("econ", "--trials", "200");
    assertThat(result.exitCode()).isZero();
    for (Cheat cheat : Cheat.values()) {
      assertThat(result.out()).contains(cheat.cliName());
    }
    assertThat(result.out()).contains("Every strategy has negative expected value.");
  }

  @Test
  void shouldReportAProfitableStrategyWhenTheStakeIsTooSmall() throws Exception {
    CommandRunner.Result result =
        polyculture.run("econ", "--stake", "1", "--trials", "200", "--json");
    assertThat(result.exitCode()).isZero();
    JsonNode report = new ObjectMapper().readTree(result.out());
    assertThat(report.get("everyStrategyNegative").asBoolean()).isFalse();
    JsonNode skip = strategy(report, "skip-step");
    assertThat(skip.get("negative").asBoolean()).isFalse();
    assertThat(skip.get("breakEvenStake").asDouble()).isGreaterThan(1);
  }

  @Test
  void theJsonCarriesFormulaAndSimulationSideBySide() throws Exception {
    CommandRunner.Result result =
        polyculture.run("econ", "-S", "10", "-k", "2", "--trials", "3000", "--json");
    JsonNode report = new ObjectMapper().readTree(result.out());
    assertThat(report.get("parameters").get("segmentLength").asInt()).isEqualTo(10);
    JsonNode skip = strategy(report, "skip-step");
    assertThat(skip.get("sampleDetection").get("formula").asDouble())
        .isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
    JsonNode interval = skip.get("sampleDetection").get("interval95");
    assertThat(interval.get(0).asDouble()).isLessThanOrEqualTo(0.2);
    assertThat(interval.get(1).asDouble()).isGreaterThanOrEqualTo(0.2);
    assertThat(report.get("strategies")).hasSize(Cheat.values().length);
  }

  @Test
  void shouldRefuseInvalidParametersAsAUsageError() {
    CommandRunner.Result result = polyculture.run("econ", "--jury-size", "4", "--uptime", "2");
    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(result.err()).contains("jury size").contains("verifier uptime");
    assertThat(result.hasNoStackTrace()).isTrue();
  }

  private static JsonNode strategy(JsonNode report, String name) {
    for (JsonNode strategy : report.get("strategies")) {
      if (strategy.get("strategy").asText().equals(name)) {
        return strategy;
      }
    }
    throw new AssertionError("no strategy " + name + " in " + report);
  }
}
