package org.polyculture.app.commands;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.polyculture.app.Wiring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code polyculture sample}: generates text from a run's latest checkpoint. */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = "Generates text from the latest checkpoint of a run, after a prompt.")
public final class SampleCommand implements Callable<Integer> {

  private final Wiring wiring;

  @Spec CommandSpec spec;

  @Option(names = "--run", paramLabel = "DIR", required = true, description = "Run directory.")
  Path run;

  @Option(
      names = "--prompt",
      paramLabel = "TEXT",
      defaultValue = "",
      description = "Text to continue (default: a new line).")
  String prompt;

  @Option(
      names = "--length",
      paramLabel = "N",
      defaultValue = "200",
      description = "Bytes to generate (default: ${DEFAULT-VALUE}).")
  int length;

  @Option(
      names = "--temperature",
      paramLabel = "X",
      defaultValue = "0.8",
      description =
          "Sampling temperature; 0 always picks the likeliest byte (default:"
              + " ${DEFAULT-VALUE}).")
  float temperature;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "Seed of the sampling randomness (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin ComputeOptions compute;

  public SampleCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Override
  public Integer call() {
    if (length < 1 || length > 100_000) {
      throw Wiring.usage("--length must be in [1, 100000], was " + length);
    }
    if (!(temperature >= 0.0f) || temperature > 100.0f) {
      throw Wiring.usage("--temperature must be in [0, 100], was " + temperature);
    }
    byte[] text =
        wiring.sample(
            run,
            prompt.getBytes(StandardCharsets.UTF_8),
            length,
            temperature,
            seed,
            compute.backend(),
            compute.threads(wiring.environment().processors()));
    spec.commandLine().getOut().println(prompt + Wiring.printable(text));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
