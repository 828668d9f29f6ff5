package org.polyculture.app.devnet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.polyculture.app.Polyculture;
import org.polyculture.worker.cheat.CheatStrategies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts each node as a separate JVM running this same distribution ({@link ChildMain}, then the
 * {@code worker}, {@code verifier} or {@code api} subcommand), with this JVM's flags and class
 * path. Each child's output goes to {@code logs/NAME.log}. Closing a node sends it SIGTERM (its
 * shutdown hook stops it cleanly), waits, and kills it if it does not stop.
 */
public final class ProcessLauncher implements NodeLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessLauncher.class);
  private static final long STOP_TIMEOUT_SECONDS = 20;

  private final Path logDirectory;
  private final Map<String, String> environment;
  private final List<String> javaCommand;

  /**
   * @param logDirectory where the children's logs go
   * @param environment variables to add to each child's environment (the cheat gate, for scenarios,
   *     is added only to the cheating worker's)
   * @param childHeap the {@code -Xmx} of each child, e.g. {@code 768m}
   */
  public ProcessLauncher(Path logDirectory, Map<String, String> environment, String childHeap) {
    this.logDirectory = logDirectory;
    this.environment = Map.copyOf(environment);
    this.javaCommand = javaCommand(childHeap);
  }

  @Override
  public RunningNode worker(NodeContext context, WorkerLaunch launch) {
    Map<String, String> variables = new HashMap<>(environment);
    if (launch.cheat().isPresent()) {
      variables.put(CheatStrategies.GATE_VARIABLE, CheatStrategies.ENABLE);
    }
    return start(launch.name(), NodeArguments.worker(context, launch), variables);
  }

  @Override
  public RunningNode verifier(NodeContext context, VerifierLaunch launch) {
    return start(launch.name(), NodeArguments.verifier(context, launch), environment);
  }

  @Override
  public Optional<RunningNode> api(NodeContext context, ApiLaunch launch) {
    PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream());
    if (!Polyculture.commandLine(discard, discard).getSubcommands().containsKey("api")) {
      return Optional.empty();
    }
    return Optional.of(start("api", NodeArguments.api(context, launch), environment));
  }

  private RunningNode start(String name, List<String> arguments, Map<String, String> variables) {
    List<String> command = new ArrayList<>(javaCommand);
    command.addAll(arguments);
    Path log = logDirectory.resolve(name + ".log");
    try {
      Files.createDirectories(logDirectory);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(variables);
      Process process = builder.start();
      LOG.info("started {} (pid {}), log {}", name, process.pid(), log);
      return new ChildNode(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + name + " process", e);
    }
  }

  /** This JVM's java binary, its flags (without debugger agents) and class path, then ChildMain. */
  private static List<String> javaCommand(String childHeap) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>();
    command.add(java);
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (flag.startsWith("-agentlib:")
          || flag.startsWith("-javaagent:")
          || flag.startsWith("-Xmx")) {
        continue;
      }
      command.add(flag);
    }
    command.add("-Xmx" + childHeap);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ChildMain.class.getName());
    return List.copyOf(command);
  }

  /** A child process; its stdin stays open until it is closed (see {@link ChildMain}). */
  private static final class ChildNode implements RunningNode {
    private final String name;
    private final Process process;
    private final Path log;

    ChildNode(String name, Process process, Path log) {
      this.name = name;
      this.process = process;
      this.log = log;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean isAlive() {
      return process.isAlive();
    }

    @Override
    public String describe() {
      return "pid " + process.pid() + ", log " + log;
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroy();
        try {
          if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("{} did not stop within {} s; killing it", name, STOP_TIMEOUT_SECONDS);
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          process.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // The child is gone; its end of the pipe with it.
      }
    }
  }
}
