package org.polyculture.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.app.cli.ExitCode;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainCommandTest {

  private final CommandRunner polyculture = CommandRunner.plain();
  private final ObjectMapper json = new ObjectMapper();

  @TempDir static Path directory;
  private Path dataset;
  private Path run;
  private CommandRunner.Result trained;

  @BeforeAll
  void trainThreeSteps() {
    dataset = GoldenDataset.pack(polyculture, directory);
    run = directory.resolve("run");
    // --total-steps 2000 makes the config exactly nano's, so the losses are the golden vectors'.
    trained =
        polyculture.run(
            "train",
            "--config",
            "nano",
            "--dataset",
            dataset.toString(),
            "--steps",
            "3",
            "--total-steps",
            "2000",
            "--backend",
            "scalar",
            "--threads",
            "2",
            "--seed",
            "1",
            "--checkpoint-every",
            "2",
            "--out",
            run.toString());
  }

  @Test
  void shouldPrintASummaryWithLossRatesAndTheFinalStateHash() throws IOException {
    assertThat(trained.exitCode()).as(trained.err()).isZero();
    JsonNode summary = json.readTree(trained.out());
    assertThat(summary.get("steps").asLong()).isEqualTo(3);
    assertThat(summary.get("config").asText()).isEqualTo("nano");
    assertThat(summary.get("backend").asText()).isEqualTo("scalar");
    assertThat(summary.get("finalLoss").asDouble()).isBetween(4.0, 6.0);
    assertThat(summary.get("heldOutBitsPerByte").asDouble()).isBetween(6.0, 9.0);
    assertThat(summary.get("heldOutBytes").asLong()).isPositive();
    assertThat(summary.get("stepsPerSecond").asDouble()).isPositive();
    assertThat(summary.get("tokensPerSecond").asDouble())
        .isCloseTo(
            summary.get("stepsPerSecond").asDouble() * 512,
            org.assertj.core.data.Percentage.withPercentage(0.01));
    assertThat(summary.get("finalStateHash").asText()).startsWith("0x").hasSize(66);
    assertThat(json.readTree(Files.readString(run.resolve("summary.json")))).isEqualTo(summary);
    assertThat(trained.err()).contains("train nano", "loss", "steps/s");
  }

  @Test
  void shouldWriteOneJsonLinePerStepWithTheGoldenLosses() throws IOException {
    List<String> lines = Files.readAllLines(run.resolve("steps.jsonl"));
    assertThat(lines).hasSize(3);
    List<String> golden = goldenStepLines();
    for (int t = 0; t < 3; t++) {
      JsonNode line = json.readTree(lines.get(t));
      assertThat(line.get("step").asLong()).isEqualTo(t);
      float goldenLoss =
          Float.intBitsToFloat(Integer.parseUnsignedInt(golden.get(t).split(" ")[3], 16));
      assertThat((float) line.get("loss").asDouble()).isEqualTo(goldenLoss);
    }
    assertThat(json.readTree(lines.get(2)).get("stateHash").asText())
        .isEqualTo(json.readTree(trained.out()).get("finalStateHash").asText());
  }

  @Test
  void shouldReachTheSameStateHashOnEveryBackendAndThreadCount() throws IOException {
    String reference = json.readTree(trained.out()).get("finalStateHash").asText();
    for (String threads : List.of("1", "2")) {
      CommandRunner.Result cpu =
          polyculture.run(
              "train",
              "--dataset",
              dataset.toString(),
              "--steps",
              "3",
              "--total-steps",
              "2000",
              "--backend",
              "cpu",
              "--threads",
              threads,
              "--checkpoint-every",
              "2",
              "--out",
              directory.resolve("cpu-" + threads).toString());
      assertThat(cpu.exitCode()).as(cpu.err()).isZero();
      assertThat(json.readTree(cpu.out()).get("finalStateHash").asText())
          .as("cpu backend, %s threads", threads)
          .isEqualTo(reference);
      assertThat(Files.readAllLines(directory.resolve("cpu-" + threads).resolve("steps.jsonl")))
          .isEqualTo(Files.readAllLines(run.resolve("steps.jsonl")));
    }
  }

  @Test
  void shouldRefuseToTrainIntoADirectoryThatHoldsARun() {
    CommandRunner.Result again =
        polyculture.run(
            "train",
            "--dataset",
            dataset.toString(),
            "--steps",
            "1",
            "--out",
            run.toString(),
            "--backend",
            "scalar");
    assertThat(again.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(again.err()).contains("already holds a run");
  }

  @Test
  void shouldRejectBadFlagsWithUsageErrors() {
    for (String[] args :
        new String[][] {
          {"train", "--dataset", "x", "--steps", "0", "--out", "y"},
          {"train", "--dataset", "x", "--steps", "5", "--config", "huge", "--out", "y"},
          {"train", "--dataset", "x", "--steps", "5", "--backend", "gpu", "--out", "y"},
          {"train", "--steps", "5", "--out", "y"},
          {"train", "--dataset", "x", "--steps", "five", "--out", "y"},
          {"train", "--dataset", "x", "--steps", "5", "--threads", "0", "--out", "y"},
          {"train", "--dataset", "x", "--steps", "5", "--total-steps", "4", "--out", "y"}
        }) {
      CommandRunner.Result result = polyculture.run(args);
      assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE.code());
      assertThat(result.err()).as(String.join(" ", args)).startsWith("polyculture: ");
      assertThat(result.hasNoStackTrace()).isTrue();
    }
  }

  @Test
  void shouldRejectAShardThatDoesNotMatchItsHash() throws IOException {
    Path tampered = GoldenDataset.pack(polyculture, directory.resolve("tampered"));
    Path shard;
    try (Stream<Path> shards = Files.list(tampered.resolve("shards"))) {
      shard = shards.findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(shard);
    bytes[100] ^= 1;
    Files.write(shard, bytes);

    CommandRunner.Result result =
        polyculture.run(
            "train",
            "--dataset",
            tampered.toString(),
            "--steps",
            "1",
            "--backend",
            "scalar",
            "--out",
            directory.resolve("never").toString());
    assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_DATASET.code());
    assertThat(result.err()).contains("SHA-256").doesNotContain("Exception");
    assertThat(result.hasNoStackTrace()).isTrue();
  }

  @Test
  void shouldRejectAMalformedManifest() throws IOException {
    Path broken = GoldenDataset.pack(polyculture, directory.resolve("broken"));
    Files.writeString(broken.resolve("manifest.json"), "{\"formatVersion\": 1, \"shards\": [");
    CommandRunner.Result result =
        polyculture.run(
            "train",
            "--dataset",
            broken.toString(),
            "--steps",
            "1",
            "--backend",
            "scalar",
            "--out",
            directory.resolve("never2").toString());
    assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_DATASET.code());
    assertThat(result.hasNoStackTrace()).isTrue();
  }

  @Test
  void shouldReportAMissingDataset() {
    CommandRunner.Result result =
        polyculture.run(
            "train",
            "--dataset",
            directory.resolve("nowhere").toString(),
            "--steps",
            "1",
            "--backend",
            "scalar",
            "--out",
            directory.resolve("never3").toString());
    assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
  }

  private static List<String> goldenStepLines() throws IOException {
    try (InputStream in =
        TrainCommandTest.class.getClassLoader().getResourceAsStream("golden/nano-training.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> line.startsWith("step "))
          .toList();
    }
  }
}
