package org.polyculture.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.app.cli.LogFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code --log-format}: JSON objects for collectors, human lines by default, both on stderr. */
class LogFormatTest {

  private static final Logger LOG = LoggerFactory.getLogger(LogFormatTest.class);

  private final CommandRunner runner = CommandRunner.plain();
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureStandardError() {
    originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
    LogFormat.TEXT.apply();
  }

  private List<String> lines() {
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void shouldLogOneJsonObjectPerEventWhenAskedForJson() throws Exception {
    runner.run("--log-format", "json", "status", "--help");
    LOG.info("worker {} staked {}", "0xabc", 42);
    LOG.warn("a \"quoted\"\nmulti-line message");

    List<String> lines = lines();
    assertThat(lines).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    assertThat(first.path("level").asText()).isEqualTo("INFO");
    assertThat(first.path("loggerName").asText()).isEqualTo(LogFormatTest.class.getName());
    assertThat(first.path("formattedMessage").asText()).isEqualTo("worker 0xabc staked 42");
    assertThat(first.path("timestamp").asLong()).isPositive();
    assertThat(json.readTree(lines.get(1)).path("formattedMessage").asText())
        .isEqualTo("a \"quoted\"\nmulti-line message");
  }

  @Test
  void shouldAcceptTheFormatAfterTheSubcommandToo() throws Exception {
    runner.run("status", "--log-format", "JSON", "--help");
    LOG.info("after a subcommand");

    assertThat(new ObjectMapper().readTree(lines().get(0)).path("formattedMessage").asText())
        .isEqualTo("after a subcommand");
  }

  @Test
  void shouldLogHumanLinesByDefault() {
    runner.run("--log-format", "text", "status", "--help");
    LOG.info("plain {}", "text");

    assertThat(lines()).singleElement().asString().contains("INFO").endsWith("- plain text");
  }

  @Test
  void shouldRejectAnUnknownFormat() {
    CommandRunner.Result result = runner.run("--log-format", "xml", "status", "--help");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(result.err()).contains("--log-format").contains("xml");
  }
}
