package org.polyculture.app.commands;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.polyculture.app.Wiring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code polyculture demo}: packs the demo corpus, trains {@code nano} on it for a few minutes,
 * prints the summary and a sample.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the nano model on the demo corpus (Debian's fortunes: quotations, poems and jokes"
          + " written by people) for a few minutes, then prints the run summary and a text sample."
          + " The launcher fetches the corpus first."
    })
public final class DemoCommand implements Callable<Integer> {

  private final Wiring wiring;

  @Spec CommandSpec spec;

  @Option(
      names = "--steps",
      paramLabel = "N",
      defaultValue = "2000",
      description = "Steps to train at most (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--minutes",
      paramLabel = "M",
      defaultValue = "3",
      description = "Stop training after this many minutes (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where the dataset and run go (default: .polyculture/demo in the checkout).")
  Optional<Path> out;

  @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all cores).")
  Optional<Integer> threads;

  public DemoCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Override
  public Integer call() {
    if (!(minutes > 0) || minutes > 24 * 60) {
      throw Wiring.usage("--minutes must be in (0, 1440], was " + minutes);
    }
    wiring.demo(
        steps,
        Duration.ofMillis((long) (minutes * 60_000)),
        out,
        threads.orElse(wiring.environment().processors()),
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
    return 0;
  }
}
