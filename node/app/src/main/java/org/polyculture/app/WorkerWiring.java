package org.polyculture.app;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.polyculture.app.cli.BackendChoice;
import org.polyculture.app.cli.CommandFailure;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.app.cli.NodeOptions;
import org.polyculture.app.training.ComputeResources;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.index.IndexerSettings;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.storage.StorageLockedException;
import org.polyculture.worker.ChainAccess;
import org.polyculture.worker.Web3jLedger;
import org.polyculture.worker.WorkerCompute;
import org.polyculture.worker.WorkerNode;
import org.polyculture.worker.WorkerSettings;
import org.polyculture.worker.cheat.CheatStrategies;
import org.polyculture.worker.cheat.CheatStrategy;
import org.web3j.crypto.Credentials;

/**
 * Puts a worker process together from its options: the key (from the keystore), the deployment, the
 * chain connection (instamine settings on a local devnet chain, real-chain settings elsewhere), the
 * compute, and the {@link WorkerNode}; runs it until the process is told to stop.
 */
public final class WorkerWiring {

  private final Wiring wiring;

  public WorkerWiring(Wiring wiring) {
    this.wiring = wiring;
  }

  public Environment environment() {
    return wiring.environment();
  }

  /** Everything {@code polyculture worker} was given. */
  public record Options(
      NodeOptions node,
      Listen listen,
      Optional<URI> endpoint,
      Optional<BigInteger> stake,
      int checkpointEvery,
      Optional<Integer> confirmations,
      BackendChoice backend,
      int threads,
      Optional<String> cheat,
      OptionalInt cheatOffset) {}

  /** {@code --listen HOST:PORT}. */
  public record Listen(String host, int port) {
    private static final Pattern FORM = Pattern.compile("(\\[[^\\]]+\\]|[^:]+):([0-9]{1,5})");

    public static Listen parse(String text) {
      Matcher matcher = FORM.matcher(text);
      if (!matcher.matches() || Integer.parseInt(matcher.group(2)) > 65_535) {
        throw Wiring.usage("--listen must be HOST:PORT, was '" + text + "'");
      }
      String host = matcher.group(1);
      if (host.startsWith("[")) {
        host = host.substring(1, host.length() - 1);
      }
      return new Listen(host, Integer.parseInt(matcher.group(2)));
    }
  }

  /** POLY (18 decimals) to base units; at most 18 decimals, not negative. */
  public static BigInteger tokenUnits(BigDecimal tokens) {
    if (tokens.signum() < 0) {
      throw Wiring.usage("--stake must not be negative");
    }
    try {
      return tokens.movePointRight(18).toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw Wiring.usage("--stake has more than 18 decimals: " + tokens);
    }
  }

  /** A worker and what it runs on; closing it stops the worker and releases the rest. */
  public record RunningWorker(WorkerNode node, ChainClient chain, ComputeResources compute)
      implements AutoCloseable {
    @Override
    public void close() {
      node.close();
      chain.close();
      compute.close();
    }
  }

  /** Runs the worker until the process is stopped; a shutdown hook stops it cleanly. */
  public void runWorker(Options options, PrintWriter err) {
    RunningWorker worker = openWorker(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              worker.close();
              stopped.countDown();
            },
            "worker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    worker.node().start();
    err.println(
        "polyculture worker: serving at "
            + worker.node().endpoint()
            + " (status: "
            + worker.node().endpoint()
            + "/v1/status); Ctrl-C stops it");
    err.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Builds and opens the worker (its loop not yet started). */
  public RunningWorker openWorker(Options options) {
    CheatStrategy cheat = cheat(options);
    Credentials key = key(options.node());
    ChainDeployment deployment = NodeChain.deployment(options.node().deployment());
    ChainClient chain = NodeChain.connect(options.node().rpc(), deployment);
    ComputeResources compute = null;
    try {
      boolean devnet = NodeChain.isDevnet(chain.chainId());
      IndexerSettings indexer =
          options
              .confirmations()
              .map(n -> wiring.settings(() -> new IndexerSettings(n, 2_000)))
              .orElse(devnet ? IndexerSettings.devnet() : IndexerSettings.realChain());
      compute = wiring.compute(options.backend(), options.threads());
      WorkerCompute workerCompute = workerCompute(compute);
      WorkerSettings settings =
          wiring.settings(
              () ->
                  WorkerSettings.builder()
                      .dataDirectory(options.node().dataDirectory())
                      .listen(options.listen().host(), options.listen().port())
                      .endpoint(options.endpoint())
                      .hardware(workerCompute.description())
                      .stake(options.stake())
                      .checkpointEvery(options.checkpointEvery())
                      .indexer(indexer)
                      .cheat(cheat)
                      .build());
      TransactionSettings transactions =
          devnet ? TransactionSettings.instamine() : TransactionSettings.realChain();
      ChainAccess access =
          new ChainAccess(
              new Web3jLedger(chain, deployment, key),
              chain.web3j(),
              deployment,
              new RetryPolicy(transactions, RetryPolicy.Sleeper.REAL));
      WorkerNode node;
      try {
        node = WorkerNode.open(settings, access, workerCompute);
      } catch (StorageLockedException e) {
        throw new CommandFailure(
            ExitCode.IO_ERROR,
            options.node().dataDirectory() + " is in use by another worker: " + e.getMessage(),
            e);
      }
      return new RunningWorker(node, chain, compute);
    } catch (RuntimeException e) {
      chain.close();
      if (compute != null) {
        compute.close();
      }
      throw e;
    }
  }

  private CheatStrategy cheat(Options options) {
    if (options.cheat().isEmpty()) {
      return CheatStrategy.NONE;
    }
    if (!CheatStrategies.gateOpen(environment().variables())) {
      throw Wiring.usage(
          "--cheat is a test instrument for the adversarial suite; it runs only with "
              + CheatStrategies.GATE_VARIABLE
              + "="
              + CheatStrategies.ENABLE
              + " in the environment");
    }
    return CheatStrategies.create(options.cheat().get(), options.cheatOffset())
        .orElseThrow(
            () ->
                Wiring.usage(
                    "unknown --cheat strategy '"
                        + options.cheat().get()
                        + "' ("
                        + String.join(", ", CheatStrategies.names())
                        + ")"));
  }

  private Credentials key(NodeOptions node) {
    return NodeChain.loadKey(environment(), node.keystore(), node.passwordFile());
  }

  private static WorkerCompute workerCompute(ComputeResources compute) {
    return new WorkerCompute() {
      @Override
      public Backend newBackend() {
        return compute.newBackend();
      }

      @Override
      public StateHasher hasher() {
        return compute.hasher();
      }

      @Override
      public String description() {
        return compute.backendName() + " x" + compute.threads();
      }
    };
  }
}
