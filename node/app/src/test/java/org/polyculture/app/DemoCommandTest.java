package org.polyculture.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.engine.train.GoldenText;

class DemoCommandTest {

  @TempDir Path directory;

  @Test
  void shouldSayHowToFetchAMissingCorpus() {
    CommandRunner polyculture = CommandRunner.withHome(Optional.of(directory), Map.of());
    CommandRunner.Result result = polyculture.run("demo", "--steps", "2");
    assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(result.err()).contains("scripts/fetch-corpus");
    assertThat(result.hasNoStackTrace()).isTrue();
  }

  @Test
  void shouldPackTrainAndSampleTheCorpus() {
    Path corpus = directory.resolve("corpus");
    CommandRunner.write(corpus.resolve("text"), "golden", GoldenText.bytes().toArray());
    CommandRunner polyculture =
        CommandRunner.withHome(
            Optional.of(directory.resolve("home")),
            Map.of("POLYCULTURE_CORPUS", corpus.toString()));

    CommandRunner.Result result = polyculture.run("demo", "--steps", "3", "--threads", "2");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("\"steps\" : 3", "finalStateHash", "Sample after 3 steps:");
    assertThat(result.err()).contains("packing the corpus", "train nano");
    assertThat(directory.resolve("home/.polyculture/demo/run/summary.json")).exists();
  }
}
