package org.polyculture.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
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
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.contracts.generated.Staking;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.StorageLockedException;
import org.polyculture.storage.lmdb.LmdbConfig;
import org.polyculture.storage.lmdb.LmdbKeyValueStorage;
import org.polyculture.transfer.client.ClientSettings;
import org.polyculture.transfer.client.TransferClient;
import org.polyculture.verifier.VerifierNode;
import org.polyculture.verifier.VerifierNodeBuilder;
import org.polyculture.verifier.VerifierSettings;
import org.polyculture.verifier.fetch.TransferDatasetSource;
import org.polyculture.verifier.fetch.TransferWorkerData;
import org.polyculture.verifier.report.ReportServer;
import org.polyculture.verifier.report.VerifierStake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;

/**
 * Puts a verifier process together from its options: the key (from the keystore), the deployment,
 * the chain connection (instamine settings on a local devnet chain, real-chain settings elsewhere),
 * its LMDB store, the transfer client, the compute, the {@link VerifierNode} and, if asked, the
 * report server; runs it until the process is told to stop.
 */
public final class VerifierWiring {

  private static final Logger LOG = LoggerFactory.getLogger(VerifierWiring.class);

  /** How old the stake in a served report may be. */
  private static final Duration STAKE_MAX_AGE = Duration.ofSeconds(15);

  private final Wiring wiring;

  public VerifierWiring(Wiring wiring) {
    this.wiring = wiring;
  }

  public Environment environment() {
    return wiring.environment();
  }

  /** Everything {@code polyculture verifier} was given. */
  public record Options(
      NodeOptions node,
      BackendChoice backend,
      int threads,
      int auditsPerSegment,
      Optional<Listen> reportListen,
      Optional<URI> endpoint,
      Optional<BigInteger> stake,
      Optional<Integer> confirmations) {}

  /** {@code --report-listen HOST:PORT}. */
  public record Listen(String host, int port) {
    private static final Pattern FORM = Pattern.compile("(\\[[^\\]]+\\]|[^:]+):([0-9]{1,5})");

    public static Listen parse(String text) {
      Matcher matcher = FORM.matcher(text);
      if (!matcher.matches() || Integer.parseInt(matcher.group(2)) > 65_535) {
        throw Wiring.usage("--report-listen must be HOST:PORT, was '" + text + "'");
      }
      String host = matcher.group(1);
      if (host.startsWith("[")) {
        host = host.substring(1, host.length() - 1);
      }
      return new Listen(host, Integer.parseInt(matcher.group(2)));
    }
  }

  /** POLY (18 decimals) to base units. */
  public static BigInteger tokenUnits(BigDecimal tokens) {
    if (tokens.signum() <= 0) {
      throw Wiring.usage("--stake must be positive");
    }
    try {
      return tokens.movePointRight(18).toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw Wiring.usage("--stake has more than 18 decimals: " + tokens);
    }
  }

  /** A verifier and everything it runs on; closing it stops the node and releases the rest. */
  public static final class RunningVerifier implements AutoCloseable {
    private final VerifierNode node;
    private final Optional<ReportServer> reportServer;
    private final List<AutoCloseable> resources;

    RunningVerifier(
        VerifierNode node, Optional<ReportServer> reportServer, List<AutoCloseable> resources) {
      this.node = node;
      this.reportServer = reportServer;
      this.resources = resources;
    }

    public VerifierNode node() {
      return node;
    }

    /** Where the report is served, if it is. */
    public Optional<URI> reportUri() {
      return reportServer.map(server -> URI.create("http://127.0.0.1:" + server.port()));
    }

    /** Stops the node first (a pass in flight finishes its step), then what it used. */
    @Override
    public void close() {
      node.close();
      reportServer.ifPresent(ReportServer::close);
      closeAll(resources);
    }
  }

  /** Runs the verifier until the process is stopped; a shutdown hook stops it cleanly. */
  public void runVerifier(Options options, PrintWriter err) {
    RunningVerifier verifier = openVerifier(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  verifier.close();
                  stopped.countDown();
                },
                "verifier-shutdown"));
    verifier.node().start();
    err.println(
        "polyculture verifier: "
            + verifier.node().address()
            + " auditing; report in "
            + options.node().dataDirectory().resolve("report.json")
            + verifier.reportUri().map(uri -> " and at " + uri + "/v1/report").orElse("")
            + "; Ctrl-C stops it");
    err.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Builds the verifier, stakes it if needed and starts its report server (not its loop). */
  public RunningVerifier openVerifier(Options options) {
    VerifierSettings settings =
        wiring.settings(
            () ->
                VerifierSettings.builder()
                    .auditsPerSegment(options.auditsPerSegment())
                    .stake(options.stake())
                    .endpoint(endpoint(options))
                    .build());
    Credentials key = key(options.node());
    ChainDeployment deployment = NodeChain.deployment(options.node().deployment());
    Path data = options.node().dataDirectory();
    createDirectories(data);
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      ChainClient chain = NodeChain.connect(options.node().rpc(), deployment);
      resources.add(chain);
      boolean devnet = NodeChain.isDevnet(chain.chainId());
      IndexerSettings indexer =
          options
              .confirmations()
              .map(n -> wiring.settings(() -> new IndexerSettings(n, 2_000)))
              .orElse(devnet ? IndexerSettings.devnet() : IndexerSettings.realChain());
      KeyValueStorage storage = openStorage(data.resolve("db"));
      resources.add(storage);
      ComputeResources compute = wiring.compute(options.backend(), options.threads());
      resources.add(compute);
      TransferClient transfers = new TransferClient(ClientSettings.defaults());
      resources.add(transfers);
      VerifierNode node =
          new VerifierNodeBuilder()
              .settings(settings)
              .chain(chain, deployment, key)
              .storage(storage)
              .dataDirectory(data)
              .peers(
                  new TransferWorkerData(transfers, data.resolve("states")),
                  new TransferDatasetSource(transfers))
              .compute(compute::newBackend, compute.hasher())
              .indexing(
                  indexer,
                  devnet ? TransactionSettings.instamine() : TransactionSettings.realChain())
              .build();
      try {
        node.ensureStake();
        CachedRead<VerifierStake> stake = stakeOf(chain, deployment, key.getAddress());
        Optional<ReportServer> server =
            options
                .reportListen()
                .map(
                    listen ->
                        ReportServer.start(
                            new InetSocketAddress(listen.host(), listen.port()),
                            () -> node.report().withStake(stake.get()),
                            node.metrics()::snapshot,
                            node.registry()));
        return new RunningVerifier(node, server, resources);
      } catch (RuntimeException e) {
        node.close();
        throw e;
      }
    } catch (RuntimeException e) {
      closeAll(resources);
      throw e;
    }
  }

  private static String endpoint(Options options) {
    if (options.endpoint().isPresent()) {
      return options.endpoint().get().toString();
    }
    return options
        .reportListen()
        .map(listen -> "http://" + listen.host() + ":" + listen.port())
        .orElse("none");
  }

  /** The verifier's stake for its report, read from the staking contract at most every 15 s. */
  private CachedRead<VerifierStake> stakeOf(
      ChainClient chain, ChainDeployment deployment, String address) {
    Staking staking = chain.readOnly(deployment).staking();
    return new CachedRead<>(
        "the verifier's stake",
        () -> {
          Staking.Participant participant = staking.participant(address).send();
          return new VerifierStake(
              participant.bonded.toString(),
              participant.unbonding.toString(),
              participant.unbondingReleaseAt.longValueExact(),
              participant.lockedUntil.longValueExact(),
              participant.openDisputes.longValueExact());
        },
        environment().nanoTime(),
        STAKE_MAX_AGE);
  }

  private Credentials key(NodeOptions node) {
    return NodeChain.loadKey(environment(), node.keystore(), node.passwordFile());
  }

  private static KeyValueStorage openStorage(Path directory) {
    try {
      return LmdbKeyValueStorage.open(LmdbConfig.at(directory));
    } catch (StorageLockedException e) {
      throw new CommandFailure(
          ExitCode.IO_ERROR, directory + " is in use by another verifier: " + e.getMessage(), e);
    }
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCode.IO_ERROR, "cannot create " + directory + ": " + e.getMessage(), e);
    }
  }

  private static void closeAll(List<AutoCloseable> resources) {
    List<AutoCloseable> reversed = new ArrayList<>(resources);
    Collections.reverse(reversed);
    for (AutoCloseable resource : reversed) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
