package org.polyculture.app.commands;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.polyculture.app.Wiring;
import org.polyculture.app.cli.ConfigNames;
import org.polyculture.app.training.RunSummary;
import org.polyculture.app.training.TrainSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code polyculture train}: trains a model on a packed dataset, step by verifiable step. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a byte-level transformer on a packed dataset. Writes checkpoints (LMDB) under"
          + " OUT/checkpoints, one JSON line per step with its state hash to OUT/steps.jsonl, and"
          + " a JSON summary to OUT/summary.json and standard output."
    })
public final class TrainCommand implements Callable<Integer> {

  private final Wiring wiring;

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "NAME",
      defaultValue = "nano",
      completionCandidates = ConfigNames.class,
      description = "Model configuration: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  String config;

  @Option(
      names = "--dataset",
      paramLabel = "DIR",
      required = true,
      description = "Dataset directory made by 'polyculture dataset pack'.")
  Path dataset;

  @Option(names = "--steps", paramLabel = "N", required = true, description = "Steps to train.")
  int steps;

  @Option(
      names = "--total-steps",
      paramLabel = "N",
      description = "Length of the learning-rate schedule (default: --steps).")
  Optional<Integer> totalSteps;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "Job seed: initialisation and batches (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--checkpoint-every",
      paramLabel = "C",
      defaultValue = "100",
      description =
          "Keep the whole state every C steps (default: ${DEFAULT-VALUE}); the last"
              + " state is always kept.")
  int checkpointEvery;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Run directory.")
  Path out;

  @Mixin ComputeOptions compute;

  public TrainCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Override
  public Integer call() {
    TrainSettings settings =
        wiring.settings(
            () ->
                TrainSettings.builder()
                    .configName(config)
                    .dataset(dataset)
                    .steps(steps)
                    .totalSteps(totalSteps)
                    .seed(seed)
                    .checkpointEvery(checkpointEvery)
                    .out(out)
                    .backend(compute.backend())
                    .threads(compute.threads(wiring.environment().processors()))
                    .build());
    RunSummary summary = wiring.train(settings, spec.commandLine().getErr());
    wiring.printJson(spec.commandLine().getOut(), summary);
    return 0;
  }
}
