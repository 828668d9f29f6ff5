package org.polyculture.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.app.cli.ExitCode;

class DatasetPackCommandTest {

  private final CommandRunner polyculture = CommandRunner.plain();

  @TempDir Path directory;

  @Test
  void shouldPackDirectoriesInNameOrderAndPrintTheManifestSummary() throws Exception {
    Path text = directory.resolve("text");
    CommandRunner.write(
        text, "b.txt", "second file\n".repeat(100).getBytes(StandardCharsets.UTF_8));
    CommandRunner.write(text, "a.txt", "first file\n".repeat(100).getBytes(StandardCharsets.UTF_8));
    CommandRunner.Result result =
        polyculture.run(
            "dataset",
            "pack",
            text.toString(),
            "--out",
            directory.resolve("ds").toString(),
            "--held-out",
            "100");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode summary = new ObjectMapper().readTree(result.out());
    assertThat(summary.get("totalBytes").asLong()).isEqualTo(2300);
    assertThat(summary.get("heldOutBytes").asLong()).isEqualTo(100);
    assertThat(summary.get("files").get(0).asText()).endsWith("a.txt");
    assertThat(summary.get("root").asText()).startsWith("0x").hasSize(66);
    assertThat(directory.resolve("ds").resolve("manifest.json")).exists();
  }

  @Test
  void shouldRefuseToPackOverAnExistingDataset() {
    Path dataset = GoldenDataset.pack(polyculture, directory);
    CommandRunner.Result again =
        polyculture.run(
            "dataset", "pack", directory.resolve("text").toString(), "--out", dataset.toString());
    assertThat(again.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(again.err()).contains("already packed");
    assertThat(again.hasNoStackTrace()).isTrue();
  }

  @Test
  void shouldReportAMissingInputFile() {
    CommandRunner.Result result =
        polyculture.run(
            "dataset",
            "pack",
            directory.resolve("nope.txt").toString(),
            "--out",
            directory.resolve("ds").toString());
    assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(result.err()).contains("does not exist");
  }
}
