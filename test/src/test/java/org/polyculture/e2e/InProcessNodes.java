package org.polyculture.e2e;

import java.time.Duration;
import java.util.Optional;
import org.polyculture.app.ApiWiring;
import org.polyculture.app.Environment;
import org.polyculture.app.Wiring;
import org.polyculture.app.devnet.ApiLaunch;
import org.polyculture.app.devnet.InProcessLauncher;
import org.polyculture.app.devnet.NodeContext;
import org.polyculture.app.devnet.NodeLauncher;
import org.polyculture.app.devnet.RunningNode;
import org.polyculture.app.devnet.VerifierLaunch;
import org.polyculture.app.devnet.WorkerLaunch;

/**
 * Every node of the devnet inside the test's JVM, through the wiring their commands use: workers
 * and verifiers as {@link InProcessLauncher} starts them, and the API as {@code polyculture api}
 * would with the devnet's arguments (its defaults for limits and polling), so the UI it serves is
 * the one built into the api module.
 */
final class InProcessNodes implements NodeLauncher {

  private static final Duration API_POLL = Duration.ofMillis(1_000);
  private static final int AUDIT_PICKS = 4;
  private static final long MAX_DRAFT_PARAMETERS = 11_000_000L;
  private static final double READS_PER_SECOND = 50;
  private static final double WRITES_PER_SECOND = 1;

  private final Environment environment;
  private final InProcessLauncher workersAndVerifiers;

  InProcessNodes(Environment environment) {
    this.environment = environment;
    this.workersAndVerifiers = new InProcessLauncher(environment);
  }

  @Override
  public RunningNode worker(NodeContext context, WorkerLaunch launch) {
    return workersAndVerifiers.worker(context, launch);
  }

  @Override
  public RunningNode verifier(NodeContext context, VerifierLaunch launch) {
    return workersAndVerifiers.verifier(context, launch);
  }

  @Override
  public Optional<RunningNode> api(NodeContext context, ApiLaunch launch) {
    ApiWiring.Options options =
        new ApiWiring.Options(
            context.rpcUrl(),
            context.deploymentFile(),
            launch.dataDirectory(),
            new ApiWiring.Listen("127.0.0.1", launch.port()),
            Optional.empty(),
            Optional.of(launch.demoAccounts()),
            Optional.of(launch.relayer().keystore()),
            Optional.of(context.passwordFile()),
            Optional.empty(),
            API_POLL,
            AUDIT_PICKS,
            MAX_DRAFT_PARAMETERS,
            READS_PER_SECOND,
            WRITES_PER_SECOND);
    ApiWiring.RunningApi api = new ApiWiring(new Wiring(environment)).openApi(options);
    return Optional.of(new ApiNode(api));
  }

  private static final class ApiNode implements RunningNode {
    private final ApiWiring.RunningApi api;
    private volatile boolean closed;

    ApiNode(ApiWiring.RunningApi api) {
      this.api = api;
    }

    @Override
    public String name() {
      return "api";
    }

    @Override
    public boolean isAlive() {
      return !closed;
    }

    @Override
    public String describe() {
      return "in this process, " + api.node().server().baseUri();
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        api.close();
      }
    }
  }
}
