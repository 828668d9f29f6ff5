package org.polyculture.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.polyculture.api.ApiNode;
import org.polyculture.api.ApiSettings;
import org.polyculture.api.devnet.DevnetAccounts;
import org.polyculture.api.loss.StepsFetcher;
import org.polyculture.app.cli.CommandFailure;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.index.IndexerSettings;
import org.polyculture.chain.keys.KeyLoad;
import org.polyculture.chain.keys.KeystoreLoader;
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.lmdb.LmdbConfig;
import org.polyculture.storage.lmdb.LmdbKeyValueStorage;
import org.polyculture.transfer.client.ClientSettings;
import org.polyculture.transfer.client.TransferClient;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.http.HttpService;

/**
 * Puts an API process together from its options: the deployment, the chain connection (instamine
 * settings and no confirmations on a local devnet chain, real-chain settings elsewhere), its LMDB
 * index under the data directory, the relayer key when a keystore is given, the demo accounts when
 * a devnet accounts file is given (loopback only), the transfer client for loss curves; and runs
 * the {@link ApiNode} until the process is told to stop.
 */
public final class ApiWiring {

  private final Wiring wiring;

  public ApiWiring(Wiring wiring) {
    this.wiring = wiring;
  }

  public Environment environment() {
    return wiring.environment();
  }

  /** Everything {@code polyculture api} was given. */
  public record Options(
      String rpc,
      Path deployment,
      Path dataDirectory,
      Listen listen,
      Optional<String> corsOrigin,
      Optional<Path> devnetAccounts,
      Optional<Path> keystore,
      Optional<Path> passwordFile,
      Optional<Integer> confirmations,
      Duration pollInterval,
      int auditPicks,
      long maxDraftParameters,
      double readsPerSecond,
      double writesPerSecond) {}

  /** {@code --listen HOST:PORT}. */
  public record Listen(String host, int port) {
    private static final Pattern FORM = Pattern.compile("(\\[[^\\]]+\\]|[^:\\[\\]]+):([0-9]{1,5})");

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

  /** An API node and what it runs on; closing it stops the node and releases the rest. */
  public record RunningApi(
      ApiNode node, ChainClient chain, KeyValueStorage storage, TransferClient transfer)
      implements AutoCloseable {
    @Override
    public void close() {
      node.close();
      transfer.close();
      chain.close();
      storage.close();
    }
  }

  /** Runs the API until the process is stopped; a shutdown hook stops it cleanly. */
  public void runApi(Options options, PrintWriter out) {
    RunningApi api = openApi(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  api.close();
                  stopped.countDown();
                },
                "api-shutdown"));
    out.println(
        "polyculture api: serving " + api.node().server().baseUri() + "/ ; Ctrl-C stops it");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Builds and starts the API node. */
  public RunningApi openApi(Options options) {
    ApiSettings settings =
        wiring.settings(
            () ->
                ApiSettings.builder()
                    .host(options.listen().host())
                    .port(options.listen().port())
                    .corsOrigin(options.corsOrigin())
                    .reads(
                        options.readsPerSecond(), (int) Math.max(20, options.readsPerSecond() * 4))
                    .writes(
                        options.writesPerSecond(), (int) Math.max(5, options.writesPerSecond() * 5))
                    .build());
    if (options.devnetAccounts().isPresent() && !settings.isLoopback()) {
      throw Wiring.usage(
          "--devnet-accounts holds private keys: the API then listens only on a loopback address,"
              + " not "
              + settings.host());
    }
    if (options.auditPicks() < 1 || options.auditPicks() > 1_024) {
      throw Wiring.usage("--audit-picks must be 1 to 1024");
    }
    ChainDeployment deployment = NodeChain.deployment(options.deployment());
    Optional<DevnetAccounts> devnet = options.devnetAccounts().map(ApiWiring::devnetAccounts);
    Optional<Credentials> relayer =
        options.keystore().map(keystore -> relayerKey(keystore, options.passwordFile()));
    ChainClient chain = NodeChain.connect(options.rpc(), deployment);
    boolean local = NodeChain.isDevnet(chain.chainId());
    KeyValueStorage storage = null;
    TransferClient transfer = null;
    try {
      Path index = options.dataDirectory().resolve("api-index");
      Files.createDirectories(index);
      storage = LmdbKeyValueStorage.open(LmdbConfig.at(index));
      transfer =
          new TransferClient(ClientSettings.defaults().withRequestTimeout(Duration.ofSeconds(20)));
      ApiNode node =
          ApiNode.start(
              new ApiNode.Config(
                  settings,
                  chain,
                  new HttpService(options.rpc()),
                  deployment,
                  storage,
                  local ? TransactionSettings.instamine() : TransactionSettings.realChain(),
                  options
                      .confirmations()
                      .map(c -> new IndexerSettings(c, IndexerSettings.realChain().windowBlocks()))
                      .orElse(local ? IndexerSettings.devnet() : IndexerSettings.realChain()),
                  options.pollInterval(),
                  relayer,
                  devnet,
                  StepsFetcher.of(transfer),
                  options.auditPicks(),
                  options.maxDraftParameters(),
                  Clock.systemUTC(),
                  wiring.environment().nanoTime()));
      return new RunningApi(node, chain, storage, transfer);
    } catch (IOException | RuntimeException e) {
      if (transfer != null) {
        transfer.close();
      }
      if (storage != null) {
        storage.close();
      }
      chain.close();
      if (e instanceof IllegalArgumentException invalid) {
        throw Wiring.usage(invalid.getMessage());
      }
      if (e instanceof IOException io) {
        throw new CommandFailure(ExitCode.IO_ERROR, "cannot start the API: " + io.getMessage(), io);
      }
      throw (RuntimeException) e;
    }
  }

  private static DevnetAccounts devnetAccounts(Path file) {
    try {
      return DevnetAccounts.read(file);
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCode.NOT_FOUND, "cannot read the devnet accounts " + file + ": " + e.getMessage(), e);
    }
  }

  private Credentials relayerKey(Path keystore, Optional<Path> passwordFile) {
    KeyLoad load =
        new KeystoreLoader(wiring.environment().variables()).load(keystore, passwordFile);
    return load.credentials()
        .orElseThrow(() -> Wiring.usage("cannot load the relayer key: " + load.message()));
  }
}
