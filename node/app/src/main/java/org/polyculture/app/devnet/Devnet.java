package org.polyculture.app.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.polyculture.app.dataset.DatasetFiles;
import org.polyculture.app.dataset.PackedDataset;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.ContractDeployer;
import org.polyculture.chain.DeploymentFile;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.governance.proposal.DatasetReference;
import org.polyculture.governance.proposal.ModelProposal;
import org.polyculture.protocol.dataset.DatasetManifest;
import org.polyculture.storage.dataset.DatasetReader;
import org.polyculture.transfer.server.DirectoryDatasetSource;
import org.polyculture.transfer.server.ServerSettings;
import org.polyculture.transfer.server.TransferServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.http.HttpService;

/**
 * The whole commons on one machine: a local Ganache chain, the contracts deployed with the devnet
 * parameters, a community of token holders that funds a demo model through governance, the dataset
 * served by content hash, a block every second, workers and verifiers (processes by default), and
 * the API. {@link #start} brings it up; {@link #poll} follows it; {@link #close} takes it down in
 * reverse order, children first and Ganache last.
 */
public final class Devnet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Devnet.class);
  private static final BigInteger ETHER = BigInteger.TEN.pow(18);
  private static final BigInteger GAS_MONEY = ETHER.multiply(BigInteger.valueOf(1_000));
  private static final List<String> HOLDERS = List.of("alice", "bob", "carol", "dave");
  private static final Duration CHEATER_HEAD_START = Duration.ofSeconds(120);
  private static final Duration VERIFIERS_STARTUP = Duration.ofSeconds(180);

  private final DevnetSettings settings;
  private final Consumer<String> progress;
  private final LongSupplier nanoTime;
  private final long startedNanos;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final List<RunningNode> nodes = new ArrayList<>();
  private final List<VerifierLaunch> verifierLaunches = new ArrayList<>();
  private final Map<String, String> labels = new LinkedHashMap<>();
  private final ObjectMapper json = new ObjectMapper();

  private ChainClient chain;
  private ChainDeployment deployment;
  private CommonsFollower follower;
  private BigInteger jobId;
  private Optional<String> cheater = Optional.empty();
  private Optional<URI> apiUri = Optional.empty();
  private OptionalLong jobCreatedNanos = OptionalLong.empty();
  private OptionalLong firstFinalNanos = OptionalLong.empty();
  private DevnetStatus lastStatus;

  private Devnet(DevnetSettings settings, Consumer<String> progress, LongSupplier nanoTime) {
    this.settings = settings;
    this.progress = progress;
    this.nanoTime = nanoTime;
    this.startedNanos = nanoTime.getAsLong();
  }

  /**
   * Brings the devnet up from nothing in {@code settings.dataDirectory()} (which must be empty or
   * absent), using the checkout at {@code home} for Ganache, and starting nodes with {@code
   * launcher}. Progress lines go to {@code progress}. On failure everything started is stopped.
   */
  public static Devnet start(
      DevnetSettings settings,
      Path home,
      NodeLauncher launcher,
      Consumer<String> progress,
      LongSupplier nanoTime)
      throws Exception {
    Devnet devnet = new Devnet(settings, progress, nanoTime);
    try {
      devnet.bringUp(home, launcher);
      return devnet;
    } catch (Exception | Error e) {
      devnet.close();
      throw e;
    }
  }

  private void bringUp(Path home, NodeLauncher launcher) throws Exception {
    Path data = settings.dataDirectory();
    Files.createDirectories(data);
    try (var entries = Files.list(data)) {
      if (entries.findAny().isPresent()) {
        throw new IllegalArgumentException(data + " is not empty: a devnet starts from nothing");
      }
    }
    Path logs = data.resolve("logs");
    LocalGanache ganache = LocalGanache.start(home, logs.resolve("ganache.log"));
    resources.push(ganache);
    say("chain: Ganache at " + ganache.rpcUrl() + " (chain id " + LocalGanache.CHAIN_ID + ")");
    HttpService service = new HttpService(ganache.rpcUrl());
    chain = ChainClient.connect(service, TransactionSettings.instamine(), RetryPolicy.Sleeper.REAL);
    resources.push(chain);
    DevChainControl control = new DevChainControl(service);

    DevnetKeys keys = DevnetKeys.create(data.resolve("keys"));
    DevnetAccount deployer = account(keys, "deployer");
    DevnetAccount relayer = account(keys, "relayer");
    List<DevnetAccount> holders = new ArrayList<>();
    for (String holder : HOLDERS) {
      holders.add(account(keys, holder));
    }
    List<DevnetAccount> workers = new ArrayList<>();
    for (int i = 1; i <= settings.workers(); i++) {
      workers.add(account(keys, "worker-" + i));
    }
    List<DevnetAccount> verifiers = new ArrayList<>();
    for (int i = 1; i <= settings.verifiers(); i++) {
      verifiers.add(account(keys, "verifier-" + i));
    }
    for (DevnetAccount account : keys.accounts()) {
      control.setBalance(account.address(), GAS_MONEY);
    }

    deployment =
        new ContractDeployer(
                chain.web3j(),
                chain.chainId(),
                chain.transactions(deployer.key()),
                chain.gasProvider())
            .deploy(settings.deployment());
    Path deploymentFile = data.resolve("deployment.json");
    DeploymentFile.write(deploymentFile, deployment);
    labels.put(deployment.staking(), "staking");
    labels.put(deployment.ledger(), "ledger");
    labels.put(deployment.disputes(), "disputes");
    labels.put(deployment.timelock(), "treasury");
    say("contracts: deployed (ledger " + deployment.ledger() + "), " + deploymentFile);
    follower = new CommonsFollower(chain.web3j(), deployment);

    resources.push(BlockProducer.start(control, Duration.ofSeconds(1), settings.timeScale()));

    DatasetReference dataset = serveDataset(data.resolve("dataset"));
    DemoCommunity community =
        new DemoCommunity(
            chain,
            deployment,
            settings.deployment(),
            control,
            deployer,
            holders,
            relayer,
            this::say);
    community.form();
    jobId = community.fund(proposal(dataset));
    jobCreatedNanos = OptionalLong.of(nanoTime.getAsLong());

    for (DevnetAccount worker : workers) {
      fund(deployer, worker, settings.minWorkerStake());
    }
    for (DevnetAccount verifier : verifiers) {
      fund(deployer, verifier, settings.verifierTokens());
    }
    NodeContext context = new NodeContext(ganache.rpcUrl(), deploymentFile, keys.passwordFile());
    Path nodeData = data.resolve("nodes");
    if (settings.scenario().isPresent()) {
      // A scenario's verdict needs every commit audited within its window: verifiers first, and
      // running, before any worker commits.
      startVerifiers(launcher, context, nodeData, verifiers);
      awaitVerifiersRunning();
      startWorkers(launcher, context, nodeData, workers);
    } else {
      // Workers are on the way to the first final segment; verifiers are not.
      startWorkers(launcher, context, nodeData, workers);
      startVerifiers(launcher, context, nodeData, verifiers);
    }
    say(
        "nodes: "
            + workers.size()
            + " workers and "
            + verifiers.size()
            + " verifiers "
            + (settings.inProcess() ? "in this process" : "as processes (logs in " + logs + ")"));
    if (settings.api()) {
      int port = LocalGanache.freePort();
      Optional<RunningNode> api =
          launcher.api(context, apiLaunch(keys, holders, relayer, nodeData.resolve("api"), port));
      if (api.isPresent()) {
        nodes.add(api.get());
        apiUri = Optional.of(URI.create("http://127.0.0.1:" + port));
        say("API: " + apiUri.get() + " (" + api.get().describe() + ")");
      } else {
        say("API: not part of this build");
      }
    }
  }

  private void startVerifiers(
      NodeLauncher launcher, NodeContext context, Path nodeData, List<DevnetAccount> verifiers) {
    for (DevnetAccount verifier : verifiers) {
      VerifierLaunch launch =
          new VerifierLaunch(
              verifier.label(),
              verifier,
              nodeData.resolve(verifier.label()),
              LocalGanache.freePort(),
              settings.audits(),
              settings.threads());
      verifierLaunches.add(launch);
      nodes.add(launcher.verifier(context, launch));
    }
  }

  private void startWorkers(
      NodeLauncher launcher, NodeContext context, Path nodeData, List<DevnetAccount> workers)
      throws Exception {
    for (int i = 0; i < workers.size(); i++) {
      DevnetAccount worker = workers.get(i);
      Optional<String> cheat =
          i == 0 ? settings.scenario().flatMap(Scenario::cheat) : Optional.empty();
      nodes.add(
          launcher.worker(
              context,
              new WorkerLaunch(
                  worker.label(),
                  worker,
                  nodeData.resolve(worker.label()),
                  LocalGanache.freePort(),
                  settings.threads(),
                  cheat)));
      if (cheat.isPresent()) {
        cheater = Optional.of(worker.address());
        say(worker.label() + " cheats: " + cheat.get() + " (a test instrument)");
        awaitFirstCommit(worker);
      }
    }
  }

  /** Waits until every verifier has staked and made its first pass (its report file exists). */
  private void awaitVerifiersRunning() throws InterruptedException {
    long deadline = nanoTime.getAsLong() + VERIFIERS_STARTUP.toNanos();
    while (nanoTime.getAsLong() < deadline) {
      if (verifierLaunches.stream().allMatch(launch -> Files.isRegularFile(launch.reportFile()))) {
        say("verifiers: " + verifierLaunches.size() + " staked and following the chain");
        return;
      }
      Thread.sleep(250);
    }
    say("verifiers: not all running within " + VERIFIERS_STARTUP.toSeconds() + " s; going on");
  }

  /** Lets the cheating worker commit before honest workers start, so that it does cheat. */
  private void awaitFirstCommit(DevnetAccount worker) throws Exception {
    long deadline = nanoTime.getAsLong() + CHEATER_HEAD_START.toNanos();
    while (nanoTime.getAsLong() < deadline) {
      follower.poll();
      if (follower.tally().commitsBy(worker.address()) > 0) {
        return;
      }
      Thread.sleep(250);
    }
    say(worker.label() + " has not committed within " + CHEATER_HEAD_START.toSeconds() + " s");
  }

  private ApiLaunch apiLaunch(
      DevnetKeys keys, List<DevnetAccount> holders, DevnetAccount relayer, Path directory, int port)
      throws IOException {
    Files.createDirectories(directory);
    Path demoAccounts = settings.dataDirectory().resolve("keys").resolve("demo-accounts.json");
    DevnetKeys.writeDemoAccounts(demoAccounts, holders);
    return new ApiLaunch(directory, port, relayer, demoAccounts);
  }

  private DatasetReference serveDataset(Path directory) throws IOException {
    PackedDataset packed =
        DatasetFiles.pack(List.of(settings.corpus()), directory, Optional.empty());
    DatasetManifest manifest = DatasetReader.withDefaultLimits().read(directory).manifest();
    DirectoryDatasetSource source = new DirectoryDatasetSource(DatasetReader.withDefaultLimits());
    source.add(directory);
    TransferServer server =
        TransferServer.builder(ServerSettings.of("127.0.0.1", 0)).datasets(source).start();
    resources.push(server);
    say(
        "dataset: "
            + packed.totalBytes()
            + " bytes of "
            + settings.corpus()
            + " in "
            + packed.shards()
            + " shards, root "
            + packed.root()
            + ", served at "
            + server.baseUri());
    return DatasetReference.of(manifest, List.of(server.baseUri()));
  }

  private ModelProposal.Builder proposal(DatasetReference dataset) {
    ModelProposal.Builder builder = ModelProposal.builder();
    ModelConfig named = settings.model().config();
    if (settings.totalSteps() >= named.warmupSteps()) {
      // The proposal stretches the named schedule to the job.
      builder.model(settings.model());
    } else {
      // A scenario's job can be shorter than the named warmup: warm up over the whole job.
      int steps = (int) settings.totalSteps();
      builder.model(named.toBuilder().totalSteps(steps).warmupSteps(steps).build());
    }
    return builder
        .name("Devnet demo: " + settings.model().cliName() + " on the demo corpus")
        .community("devnet")
        .summary(
            "A small byte-level model trained by the devnet's workers and checked bit for bit by"
                + " its verifiers.")
        .seed(settings.jobSeed())
        .dataset(dataset)
        .totalSteps(settings.totalSteps())
        .segmentLength(settings.segmentLength())
        .rewardPerSegment(settings.rewardPerSegment())
        .minWorkerStake(settings.minWorkerStake())
        .challengeWindow(settings.challengeWindow())
        .leaseDuration(settings.leaseDuration());
  }

  private DevnetAccount account(DevnetKeys keys, String label) throws IOException {
    DevnetAccount account = keys.account(label);
    labels.put(account.address(), label);
    return account;
  }

  private void fund(DevnetAccount from, DevnetAccount to, BigInteger amount) throws Exception {
    chain.contracts(deployment, from.key()).token().transfer(to.address(), amount).send();
  }

  private void say(String line) {
    long seconds = (nanoTime.getAsLong() - startedNanos) / 1_000_000_000L;
    progress.accept(String.format(java.util.Locale.ROOT, "[%4ds] %s", seconds, line));
  }

  /** Follows the chain and the verifiers' reports; prints a line when something changed. */
  public DevnetStatus poll() throws IOException {
    follower.poll();
    DevnetStatus status = DevnetStatus.of(follower.tally(), audited());
    if (firstFinalNanos.isEmpty() && status.finalized() > 0) {
      firstFinalNanos = OptionalLong.of(nanoTime.getAsLong());
      say(
          String.format(
              java.util.Locale.ROOT,
              "first segment final, %.1f s after start",
              (firstFinalNanos.getAsLong() - startedNanos) / 1e9));
    }
    if (!status.equals(lastStatus)) {
      say(status.line());
      lastStatus = status;
    }
    for (RunningNode node : nodes) {
      if (!node.isAlive() && !stoppedNodes.contains(node.name())) {
        stoppedNodes.add(node.name());
        say(node.name() + " stopped (" + node.describe() + ")");
      }
    }
    return status;
  }

  private final List<String> stoppedNodes = new ArrayList<>();

  /** Segments audited, summed over the verifiers' reports (each verifier counts its own). */
  private long audited() {
    long sum = 0;
    for (VerifierLaunch verifier : verifierLaunches) {
      Path report = verifier.reportFile();
      try {
        if (Files.isRegularFile(report)) {
          JsonNode counters = json.readTree(report.toFile()).path("counters");
          sum += counters.path("verifier_segments_audited_total").asLong(0);
        }
      } catch (IOException e) {
        LOG.debug("cannot read {}: {}", report, e.getMessage());
      }
    }
    return sum;
  }

  /** Polls every second until {@code stop} says so. */
  public void runUntil(BooleanSupplier stop) throws InterruptedException {
    while (!stop.getAsBoolean()) {
      try {
        poll();
      } catch (IOException | RuntimeException e) {
        LOG.warn("cannot follow the chain (will retry): {}", e.getMessage());
      }
      Thread.sleep(1_000);
    }
  }

  /**
   * Runs the scenario to its end: every segment of the job final and every dispute resolved or moot
   * ({@link CommonsTally#isMoot}), or the scenario timeout. Returns whether it ended (rather than
   * timed out).
   */
  public boolean runScenario() throws InterruptedException {
    long deadline = startedNanos + settings.scenarioTimeout().toNanos();
    while (nanoTime.getAsLong() < deadline) {
      try {
        DevnetStatus status = poll();
        if (status.finalized() >= settings.segments() && follower.tally().liveDisputes() == 0) {
          return true;
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("cannot follow the chain (will retry): {}", e.getMessage());
      }
      Thread.sleep(1_000);
    }
    return false;
  }

  /** What happened, for the scenario summary. */
  public ScenarioReport report(boolean ended) throws Exception {
    follower.poll();
    return ScenarioReport.of(this, ended);
  }

  public DevnetSettings settings() {
    return settings;
  }

  public ChainClient chain() {
    return chain;
  }

  public ChainDeployment deployment() {
    return deployment;
  }

  public CommonsTally tally() {
    return follower.tally();
  }

  public BigInteger jobId() {
    return jobId;
  }

  /** The cheating worker's address, in a cheating scenario. */
  public Optional<String> cheater() {
    return cheater;
  }

  public Optional<URI> apiUri() {
    return apiUri;
  }

  /** A readable name for an address: the devnet's own label, or the address itself. */
  public String label(String address) {
    return labels.getOrDefault(address.toLowerCase(java.util.Locale.ROOT), address);
  }

  /** Seconds from start to the job's creation, and to the first final segment. */
  public OptionalLong secondsToJob() {
    return jobCreatedNanos.isPresent()
        ? OptionalLong.of((jobCreatedNanos.getAsLong() - startedNanos) / 1_000_000_000L)
        : OptionalLong.empty();
  }

  public Optional<Double> secondsToFirstFinal() {
    return firstFinalNanos.isPresent()
        ? Optional.of((firstFinalNanos.getAsLong() - startedNanos) / 1e9)
        : Optional.empty();
  }

  public double secondsRunning() {
    return (nanoTime.getAsLong() - startedNanos) / 1e9;
  }

  public List<RunningNode> nodes() {
    return List.copyOf(nodes);
  }

  /**
   * Stops the API and the verifiers first (so that no verifier takes a worker that is shutting down
   * for one that withholds states), then the workers, each group at once; then the rest in reverse
   * order of start, Ganache last.
   */
  @Override
  public void close() {
    List<RunningNode> workerNodes =
        nodes.stream().filter(node -> node.name().startsWith("worker-")).toList();
    stopAll(nodes.stream().filter(node -> !workerNodes.contains(node)).toList());
    stopAll(workerNodes);
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
      }
    }
  }

  private static void stopAll(List<RunningNode> group) {
    List<Thread> stopping = new ArrayList<>();
    for (RunningNode node : group) {
      stopping.add(
          Thread.ofPlatform()
              .name("devnet-stop-" + node.name())
              .start(
                  () -> {
                    try {
                      node.close();
                    } catch (RuntimeException e) {
                      LOG.warn("stopping {} failed: {}", node.name(), e.getMessage());
                    }
                  }));
    }
    boolean interrupted = false;
    for (Thread thread : stopping) {
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
