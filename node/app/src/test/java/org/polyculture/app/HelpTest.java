package org.polyculture.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelpTest {

  private final CommandRunner polyculture = CommandRunner.plain();

  @Test
  void shouldListTheSubcommands() {
    CommandRunner.Result result = polyculture.run("--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("train", "replay", "sample", "dataset", "demo");
  }

  @Test
  void shouldGiveEverySubcommandAHelp() {
    for (List<String> command :
        List.of(
            List.of("train"),
            List.of("replay"),
            List.of("sample"),
            List.of("demo"),
            List.of("dataset"),
            List.of("dataset", "pack"))) {
      String[] args =
          java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("--help"))
              .toArray(String[]::new);
      CommandRunner.Result result = polyculture.run(args);
      assertThat(result.exitCode()).as("%s --help", command).isZero();
      assertThat(result.out())
          .as("%s --help", command)
          .contains("Usage: polyculture " + String.join(" ", command));
    }
  }

  @Test
  void shouldDocumentTheTrainOptions() {
    String help = polyculture.run("train", "--help").out();
    assertThat(help)
        .contains("--config", "--dataset", "--steps", "--threads", "--backend", "--seed")
        .contains("--checkpoint-every", "--out", "nano", "gpu-base", "scalar", "cpu");
  }
}
