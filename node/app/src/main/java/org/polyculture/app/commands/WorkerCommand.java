package org.polyculture.app.commands;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.polyculture.app.Wiring;
import org.polyculture.app.WorkerWiring;
import org.polyculture.app.cli.BackendChoice;
import org.polyculture.app.cli.NodeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code polyculture worker}: the worker daemon (docs/worker.md). */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a worker: registers its endpoint and stakes if needed, claims segments of funded jobs,"
          + " trains them, commits their hashes, serves its states to verifiers over HTTP, and"
          + " claims rewards once segments are final. Runs until stopped (Ctrl-C or SIGTERM);"
          + " restarting it with the same --data-dir continues where it was."
    })
public final class WorkerCommand implements Callable<Integer> {

  private final WorkerWiring wiring;

  @Spec CommandSpec spec;

  @Mixin NodeOptions node;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:8620",
      description = "Where the transfer server listens (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description =
          "The URL others reach this worker at, registered on chain (default: http://HOST:PORT"
              + " of --listen).")
  Optional<URI> endpoint;

  @Option(
      names = "--stake",
      paramLabel = "TOKENS",
      description =
          "Keep this much stake bonded, in whole or decimal POLY (default: top up to each job's"
              + " minimum when claiming).")
  Optional<BigDecimal> stake;

  @Option(
      names = "--checkpoint-every",
      paramLabel = "C",
      defaultValue = "10",
      description =
          "Store the whole state every C steps while training (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(
      names = "--confirmations",
      paramLabel = "N",
      description =
          "Blocks an event must be buried under before it is indexed (default: 0 on a local"
              + " devnet chain, 12 elsewhere).")
  Optional<Integer> confirmations;

  @Option(
      names = "--backend",
      paramLabel = "NAME",
      defaultValue = "cpu",
      converter = BackendChoice.Converter.class,
      completionCandidates = BackendChoice.Names.class,
      description =
          "Backend that runs the ops: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  BackendChoice backend;

  @Option(
      names = "--threads",
      paramLabel = "T",
      description = "Threads for the cpu backend and state hashing (default: all cores).")
  Optional<Integer> threads;

  @Option(
      names = "--cheat",
      paramLabel = "STRATEGY",
      description =
          "TEST INSTRUMENT for the adversarial suite: make this worker cheat (it will be slashed)."
              + " Refused unless POLYCULTURE_TEST_CHEATS=enable is set. Strategies: skip-step,"
              + " perturb-weights, wrong-batch, wrong-learning-rate, fewer-steps,"
              + " replay-old-commitment, random-hashes, withhold-states, corrupt-served-states,"
              + " vanish-after-commit.")
  Optional<String> cheat;

  @Option(
      names = "--cheat-offset",
      paramLabel = "K",
      description = "With --cheat: the step of each segment to tamper with (default: the middle).")
  Optional<Integer> cheatOffset;

  public WorkerCommand(WorkerWiring wiring) {
    this.wiring = wiring;
  }

  @Override
  public Integer call() {
    wiring.runWorker(options(), spec.commandLine().getErr());
    return 0;
  }

  /** The parsed options, checked. */
  WorkerWiring.Options options() {
    if (cheatOffset.isPresent() && cheat.isEmpty()) {
      throw Wiring.usage("--cheat-offset needs --cheat");
    }
    return new WorkerWiring.Options(
        node,
        WorkerWiring.Listen.parse(listen),
        endpoint,
        stake.map(WorkerWiring::tokenUnits),
        checkpointEvery,
        confirmations,
        backend,
        threads.orElse(wiring.environment().processors()),
        cheat,
        cheatOffset.map(OptionalInt::of).orElse(OptionalInt.empty()));
  }
}
