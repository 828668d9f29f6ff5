package org.polyculture.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.app.cli.ExitCode;

class SampleCommandTest {

  private final CommandRunner polyculture = CommandRunner.plain();

  @TempDir Path directory;

  @Test
  void shouldContinueThePromptReproduciblyFromTheLatestCheckpoint() {
    Path dataset = GoldenDataset.pack(polyculture, directory);
    Path run = directory.resolve("run");
    assertThat(
            polyculture
                .run(
                    "train",
                    "--dataset",
                    dataset.toString(),
                    "--steps",
                    "2",
                    "--backend",
                    "cpu",
                    "--out",
                    run.toString())
                .exitCode())
        .isZero();

    CommandRunner.Result first = sample(run, "7");
    CommandRunner.Result second = sample(run, "7");
    CommandRunner.Result other = sample(run, "8");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("Once upon a time").isEqualTo(second.out());
    assertThat(other.out()).startsWith("Once upon a time").isNotEqualTo(first.out());
  }

  @Test
  void shouldRejectBadSamplingFlags() {
    assertThat(polyculture.run("sample", "--run", "x", "--length", "0").exitCode())
        .isEqualTo(ExitCode.USAGE.code());
    assertThat(polyculture.run("sample", "--run", "x", "--temperature", "-1").exitCode())
        .isEqualTo(ExitCode.USAGE.code());
    assertThat(polyculture.run("sample", "--run", directory.resolve("x").toString()).exitCode())
        .isEqualTo(ExitCode.NOT_FOUND.code());
  }

  private CommandRunner.Result sample(Path run, String seed) {
    return polyculture.run(
        "sample",
        "--run",
        run.toString(),
        "--prompt",
        "Once upon a time",
        "--length",
        "24",
        "--seed",
        seed,
        "--backend",
        "cpu");
  }
}
