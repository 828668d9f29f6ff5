package org.polyculture.app.devnet;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.polyculture.app.Environment;

/**
 * Runs one scripted devnet scenario from nothing to its summary: brings a {@link Devnet} up with
 * the given settings, follows it until every segment of the job is final and every dispute resolved
 * (or the scenario timeout), reports, and takes everything down. The entry point for {@code
 * polyculture devnet --scenario} and for the end-to-end tests.
 *
 * <pre>{@code
 * DevnetSettings settings = DevnetSettings.builder()
 *     .dataDirectory(emptyDirectory).corpus(textDirectory)
 *     .scenario(Scenario.named("skip-step")).segments(2).segmentLength(4).audits(4)
 *     .api(false).inProcess(true).build();
 * ScenarioReport report = ScenarioRunner.of(checkout, environment).run(settings, System.err::println);
 * report.passed(); report.failures(); report.json();
 * }</pre>
 */
public final class ScenarioRunner {

  /** The heap of each node process: nano and smaller models need far less. */
  public static final String CHILD_HEAP = "768m";

  private final Path home;
  private final Environment environment;
  private final LongSupplier nanoTime;

  private ScenarioRunner(Path home, Environment environment, LongSupplier nanoTime) {
    this.home = home;
    this.environment = environment;
    this.nanoTime = nanoTime;
  }

  /**
   * A runner for the checkout at {@code home} (Ganache comes from its {@code contracts});
   * in-process nodes see {@code environment} (the cheat gate is opened for the cheating worker
   * alone).
   */
  public static ScenarioRunner of(Path home, Environment environment) {
    return new ScenarioRunner(home, environment, environment.nanoTime());
  }

  /**
   * How {@code settings} wants its nodes started: in this JVM, or as processes logging to files.
   */
  public NodeLauncher launcher(DevnetSettings settings) {
    return settings.inProcess()
        ? new InProcessLauncher(environment)
        : new ProcessLauncher(settings.dataDirectory().resolve("logs"), Map.of(), CHILD_HEAP);
  }

  /**
   * Brings up the devnet of {@code settings}, which must have a scenario; progress lines go out.
   */
  public Devnet start(DevnetSettings settings, Consumer<String> progress) throws Exception {
    return Devnet.start(settings, home, launcher(settings), progress, nanoTime);
  }

  /**
   * Runs the scenario of {@code settings} to its end and returns the summary, with the verdict of
   * what the scenario expects. Throws only when the devnet cannot be brought up or followed.
   */
  public ScenarioReport run(DevnetSettings settings, Consumer<String> progress) throws Exception {
    if (settings.scenario().isEmpty()) {
      throw new IllegalArgumentException("the settings name no scenario");
    }
    try (Devnet devnet = start(settings, progress)) {
      boolean ended = devnet.runScenario();
      return devnet.report(ended);
    }
  }
}
