package org.polyculture.app.commands;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.polyculture.app.DevnetWiring;
import org.polyculture.app.Wiring;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.app.devnet.DevnetSettings;
import org.polyculture.app.devnet.Scenario;
import org.polyculture.app.devnet.ScenarioReport;
import org.polyculture.chain.DeploymentParameters;
import org.polyculture.engine.model.NamedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code polyculture devnet}: the whole commons on this machine (docs/devnet.md). */
@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole commons on this machine: starts a local Ganache chain, deploys the"
          + " contracts, forms a community of token holders that funds a demo model through"
          + " governance, and runs workers, verifiers and the API, printing progress until"
          + " Ctrl-C, which stops everything. With --scenario it runs a scripted scenario to its"
          + " end and prints a summary (JSON with --json)."
    })
public final class DevnetCommand implements Callable<Integer> {

  /** Chain time to vote on a proposal made in the web UI (15 minutes; 7.5 at time scale 2). */
  private static final Duration INTERACTIVE_VOTING_PERIOD = Duration.ofMinutes(15);

  /** Jury commit and reveal periods of scenarios: room for jurors on loaded cores. */
  private static final Duration SCENARIO_JURY_PERIOD = Duration.ofSeconds(180);

  private final DevnetWiring wiring;

  @Spec CommandSpec spec;

  @Option(
      names = "--workers",
      paramLabel = "N",
      defaultValue = "2",
      description = "Worker nodes (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--verifiers",
      paramLabel = "M",
      defaultValue = "4",
      description =
          "Verifier nodes, which are the jury pool too: a jury of 3 is drawn from the verifiers"
              + " other than the challenger, so disputes need 4 (default: ${DEFAULT-VALUE}).")
  int verifiers;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      description =
          "Run a scripted scenario to its end: honest, or a cheating strategy followed by worker-1"
              + " (skip-step, perturb-weights, wrong-batch, wrong-learning-rate, fewer-steps,"
              + " replay-old-commitment, random-hashes, withhold-states, corrupt-served-states,"
              + " vanish-after-commit).")
  Optional<String> scenario;

  @Option(
      names = "--segments",
      paramLabel = "K",
      description = "Segments of the demo job (default: 100; with --scenario 3).")
  Optional<Integer> segments;

  @Option(
      names = "--segment-length",
      paramLabel = "S",
      description = "Steps per segment (default: 20; with --scenario 4).")
  Optional<Integer> segmentLength;

  @Option(
      names = "--audits",
      paramLabel = "K",
      description =
          "Steps each verifier recomputes per segment (default: 4; with --scenario every step).")
  Optional<Integer> audits;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      defaultValue = "nano",
      description = "The demo model, a named configuration (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--threads",
      paramLabel = "T",
      defaultValue = "1",
      description = "Threads of each node's backend (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--time-scale",
      paramLabel = "X",
      description =
          "Chain seconds per second: challenge windows, leases and jury periods pass X times"
              + " faster (default: 2; with --scenario 1, so that audits and disputes fit in the"
              + " windows on a busy machine).")
  Optional<Integer> timeScale;

  @Option(
      names = "--challenge-window",
      paramLabel = "SECONDS",
      description =
          "The demo job's challenge window in chain seconds (default: 60; with --scenario 120, so"
              + " that audits and disputes fit in it on a busy machine).")
  Optional<Integer> challengeWindowSeconds;

  @Option(
      names = "--timeout",
      paramLabel = "MINUTES",
      defaultValue = "15",
      description = "With --scenario: give up after this long (default: ${DEFAULT-VALUE}).")
  double timeoutMinutes;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Where everything goes, empty or absent (default: .polyculture/devnet in the checkout,"
              + " cleared first).")
  Optional<Path> dataDirectory;

  @Option(
      names = "--corpus",
      paramLabel = "DIR",
      description = "Text to train on (default: the demo corpus, .polyculture/corpus/text).")
  Optional<Path> corpus;

  @Option(
      names = "--in-process",
      description = "Run the workers and verifiers inside this process (no API).")
  boolean inProcess;

  @Option(names = "--no-api", description = "Do not start the API.")
  boolean noApi;

  @Option(
      names = "--json",
      description = "With --scenario: print the summary as JSON on stdout (progress on stderr).")
  boolean json;

  public DevnetCommand(DevnetWiring wiring) {
    this.wiring = wiring;
  }

  @Override
  public Integer call() {
    if (json && scenario.isEmpty()) {
      throw Wiring.usage("--json goes with --scenario");
    }
    DevnetSettings settings = settings();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (settings.scenario().isEmpty()) {
      wiring.runUntilStopped(settings, out);
      return ExitCode.OK.code();
    }
    ScenarioReport report = wiring.runScenario(settings, json ? err : out);
    if (json) {
      out.println(report.render());
    } else {
      out.println(report.render());
      out.println(
          report.passed()
              ? "scenario " + scenario.get() + ": passed"
              : "scenario " + scenario.get() + ": FAILED: " + String.join("; ", report.failures()));
    }
    out.flush();
    return report.passed() ? ExitCode.OK.code() : ExitCode.SCENARIO_FAILED.code();
  }

  /** The options as settings; clears the default data directory. */
  public DevnetSettings settings() {
    Optional<Scenario> chosen =
        scenario.map(
            name ->
                Scenario.named(name)
                    .orElseThrow(
                        () ->
                            Wiring.usage(
                                "unknown scenario '"
                                    + name
                                    + "' ("
                                    + String.join(", ", Scenario.names())
                                    + ")")));
    NamedConfig named =
        NamedConfig.byName(model)
            .orElseThrow(() -> Wiring.usage("unknown --model '" + model + "'"));
    if (!(timeoutMinutes > 0) || timeoutMinutes > 24 * 60) {
      throw Wiring.usage("--timeout must be in (0, 1440] minutes, was " + timeoutMinutes);
    }
    boolean scripted = chosen.isPresent();
    int length = segmentLength.orElse(scripted ? 4 : 20);
    return wiring.settings(
        () ->
            DevnetSettings.builder()
                .dataDirectory(wiring.dataDirectory(dataDirectory))
                .corpus(wiring.corpus(corpus))
                .workers(workers)
                .verifiers(verifiers)
                .model(named)
                .segments(segments.orElse(scripted ? 3 : 200))
                .segmentLength(length)
                .audits(audits.orElse(scripted ? length : 4))
                .threads(threads)
                .timeScale(timeScale.orElse(scripted ? 1 : 2))
                .challengeWindow(
                    Duration.ofSeconds(challengeWindowSeconds.orElse(scripted ? 120 : 60)))
                .inProcess(inProcess)
                .api(!noApi && !inProcess && !scripted)
                .deployment(
                    scripted
                        ? DevnetSettings.withJuryPeriods(
                            DeploymentParameters.devnet(), SCENARIO_JURY_PERIOD)
                        : DevnetSettings.withVotingPeriod(
                            DeploymentParameters.devnet(), INTERACTIVE_VOTING_PERIOD))
                .scenario(chosen)
                .scenarioTimeout(Duration.ofMillis((long) (timeoutMinutes * 60_000)))
                .build());
  }
}
