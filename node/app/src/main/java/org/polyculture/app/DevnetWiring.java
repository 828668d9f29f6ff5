package org.polyculture.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.polyculture.app.cli.CommandFailure;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.app.devnet.Devnet;
import org.polyculture.app.devnet.DevnetSettings;
import org.polyculture.app.devnet.ScenarioReport;
import org.polyculture.app.devnet.ScenarioRunner;
import org.slf4j.LoggerFactory;

/**
 * Puts {@code polyculture devnet} together: where its files go and where the corpus is (from the
 * environment), how nodes start (processes or in this JVM), and the two ways it runs: until Ctrl-C,
 * or through a scripted scenario to its summary.
 */
public final class DevnetWiring {

  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(90);

  private final Wiring wiring;

  public DevnetWiring(Wiring wiring) {
    this.wiring = wiring;
  }

  public Environment environment() {
    return wiring.environment();
  }

  public <T> T settings(java.util.function.Supplier<T> build) {
    return wiring.settings(build);
  }

  /** The checkout the devnet runs from: Ganache and the contracts' packages live there. */
  public Path home() {
    return environment()
        .home()
        .orElseThrow(
            () ->
                new CommandFailure(
                    ExitCode.NOT_FOUND,
                    "polyculture devnet runs from a checkout: start it with scripts/polyculture"));
  }

  /** The demo corpus's text directory (fetched by the launcher), unless one is given. */
  public Path corpus(Optional<Path> given) {
    if (given.isPresent()) {
      if (!Files.isDirectory(given.get()) && !Files.isRegularFile(given.get())) {
        throw new CommandFailure(ExitCode.NOT_FOUND, "no corpus at " + given.get());
      }
      return given.get();
    }
    return environment()
        .corpusDirectory()
        .map(directory -> directory.resolve("text"))
        .filter(Files::isDirectory)
        .orElseThrow(
            () ->
                new CommandFailure(
                    ExitCode.NOT_FOUND,
                    "the demo corpus is missing: run scripts/fetch-corpus (scripts/polyculture"
                        + " devnet fetches it), or give --corpus DIR"));
  }

  /**
   * The data directory: the one given (which must be empty or absent), or {@code
   * .polyculture/devnet} in the checkout, emptied, since each devnet starts a new chain.
   */
  public Path dataDirectory(Optional<Path> given) {
    if (given.isPresent()) {
      return given.get();
    }
    Path directory = home().resolve(".polyculture").resolve("devnet");
    if (Files.exists(directory)) {
      try (Stream<Path> walk = Files.walk(directory)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      } catch (IOException e) {
        throw new CommandFailure(
            ExitCode.IO_ERROR, "cannot clear the previous devnet in " + directory + ": " + e, e);
      }
    }
    return directory;
  }

  /**
   * Keeps this process's own log to warnings: its progress lines say what happens, and each node
   * process logs at INFO to its file under {@code logs/}.
   */
  private static void quietLogging() {
    if (LoggerFactory.getLogger("org.polyculture")
        instanceof ch.qos.logback.classic.Logger logger) {
      logger.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  /** Runs the devnet until the process is told to stop (Ctrl-C, SIGTERM); stops it cleanly. */
  public void runUntilStopped(DevnetSettings settings, PrintWriter out) {
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.set(true);
              try {
                closed.await(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "devnet-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (Devnet devnet = start(settings, out)) {
      out.println(
          "devnet: running"
              + devnet.apiUri().map(uri -> "; the API and UI are at " + uri).orElse("")
              + "; Ctrl-C stops everything");
      out.flush();
      devnet.runUntil(stop::get);
      out.println("devnet: stopping the nodes and the chain...");
      out.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      out.println("devnet: stopped");
      out.flush();
      closed.countDown();
    }
  }

  /** Runs the scenario to its end and returns its summary. */
  public ScenarioReport runScenario(DevnetSettings settings, PrintWriter progress) {
    quietLogging();
    try {
      return ScenarioRunner.of(home(), environment()).run(settings, line -> print(progress, line));
    } catch (CommandFailure e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw Wiring.usage(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure(ExitCode.INTERNAL_ERROR, "interrupted", e);
    } catch (Exception e) {
      throw new CommandFailure(ExitCode.INTERNAL_ERROR, "the devnet failed: " + e.getMessage(), e);
    }
  }

  private static void print(PrintWriter progress, String line) {
    progress.println(line);
    progress.flush();
  }

  private Devnet start(DevnetSettings settings, PrintWriter progress) {
    quietLogging();
    try {
      return ScenarioRunner.of(home(), environment())
          .start(settings, line -> print(progress, line));
    } catch (CommandFailure e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw Wiring.usage(e.getMessage());
    } catch (Exception e) {
      throw new CommandFailure(
          ExitCode.INTERNAL_ERROR, "the devnet could not start: " + e.getMessage(), e);
    }
  }
}
