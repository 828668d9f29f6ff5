package org.polyculture.app.commands;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.polyculture.app.Wiring;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.app.training.ReplayReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code polyculture replay}: recomputes one recorded step and compares state hashes. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Loads the state before step T of a run, recomputes step T and compares the state hash with"
          + " the recorded one, bit for bit. Exit code 0 if they match, 3 if not."
    })
public final class ReplayCommand implements Callable<Integer> {

  private final Wiring wiring;

  @Spec CommandSpec spec;

  @Option(names = "--run", paramLabel = "DIR", required = true, description = "Run directory.")
  Path run;

  @Option(
      names = "--step",
      paramLabel = "T",
      required = true,
      description = "The step to recompute (0-based).")
  long step;

  @Option(
      names = "--dataset",
      paramLabel = "DIR",
      description = "Dataset directory (default: where the run read it from).")
  Optional<Path> dataset;

  @Mixin ComputeOptions compute;

  public ReplayCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Override
  public Integer call() {
    if (step < 0) {
      throw Wiring.usage("--step must not be negative, was " + step);
    }
    ReplayReport report =
        wiring.replay(
            run,
            step,
            dataset,
            compute.backend(),
            compute.threads(wiring.environment().processors()));
    wiring.printJson(spec.commandLine().getOut(), report);
    return report.match() ? ExitCode.OK.code() : ExitCode.REPLAY_MISMATCH.code();
  }
}
