package org.polyculture.app.devnet;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.polyculture.app.Environment;
import org.polyculture.app.VerifierWiring;
import org.polyculture.app.Wiring;
import org.polyculture.app.WorkerWiring;
import org.polyculture.app.cli.BackendChoice;
import org.polyculture.app.cli.NodeOptions;
import org.polyculture.worker.cheat.CheatStrategies;
import picocli.CommandLine;

/**
 * Starts the devnet's workers and verifiers inside this JVM, through the same wiring their commands
 * use ({@link WorkerWiring#openWorker}, {@link VerifierWiring#openVerifier}) and the same options
 * ({@link NodeArguments}). Quicker to start than processes, for tests; the API runs only as a
 * process.
 */
public final class InProcessLauncher implements NodeLauncher {

  private final Environment environment;

  public InProcessLauncher(Environment environment) {
    this.environment = environment;
  }

  @Override
  public RunningNode worker(NodeContext context, WorkerLaunch launch) {
    Map<String, String> variables = new HashMap<>(environment.variables());
    if (launch.cheat().isPresent()) {
      variables.put(CheatStrategies.GATE_VARIABLE, CheatStrategies.ENABLE);
    }
    Wiring wiring =
        new Wiring(
            new Environment(
                environment.home(), variables, environment.nanoTime(), environment.processors()));
    WorkerWiring.Options options =
        new WorkerWiring.Options(
            nodeOptions(NodeArguments.worker(context, launch)),
            new WorkerWiring.Listen("127.0.0.1", launch.port()),
            Optional.empty(),
            Optional.empty(),
            10,
            Optional.empty(),
            BackendChoice.CPU,
            launch.threads(),
            launch.cheat(),
            OptionalInt.empty());
    WorkerWiring.RunningWorker worker = new WorkerWiring(wiring).openWorker(options);
    worker.node().start();
    return new InProcessNode(launch.name(), worker);
  }

  @Override
  public RunningNode verifier(NodeContext context, VerifierLaunch launch) {
    VerifierWiring.Options options =
        new VerifierWiring.Options(
            nodeOptions(NodeArguments.verifier(context, launch)),
            BackendChoice.CPU,
            launch.threads(),
            launch.audits(),
            Optional.of(new VerifierWiring.Listen("127.0.0.1", launch.reportPort())),
            Optional.<URI>empty(),
            Optional.empty(),
            Optional.empty());
    VerifierWiring.RunningVerifier verifier =
        new VerifierWiring(new Wiring(environment)).openVerifier(options);
    verifier.node().start();
    return new InProcessNode(launch.name(), verifier);
  }

  @Override
  public Optional<RunningNode> api(NodeContext context, ApiLaunch launch) {
    return Optional.empty();
  }

  /** The shared node options of a command line, parsed by picocli as the command would. */
  private static NodeOptions nodeOptions(List<String> arguments) {
    NodeOptions options = new NodeOptions();
    CommandLine parser = new CommandLine(options);
    parser.setUnmatchedArgumentsAllowed(true);
    parser.parseArgs(arguments.subList(1, arguments.size()).toArray(String[]::new));
    return options;
  }

  private static final class InProcessNode implements RunningNode {
    private final String name;
    private final AutoCloseable node;
    private volatile boolean closed;

    InProcessNode(String name, AutoCloseable node) {
      this.name = name;
      this.node = node;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean isAlive() {
      return !closed;
    }

    @Override
    public String describe() {
      return "in this process";
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        node.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop " + name + ": " + e.getMessage(), e);
      }
    }
  }
}
