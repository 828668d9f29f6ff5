package org.polyculture.test.adversarial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.polyculture.app.devnet.CommonsFollower;
import org.polyculture.app.devnet.CommonsTally;
import org.polyculture.app.devnet.DemoCommunity;
import org.polyculture.app.devnet.DevChainControl;
import org.polyculture.app.devnet.DevnetAccount;
import org.polyculture.app.devnet.TokenAudit;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.ContractDeployer;
import org.polyculture.chain.DeploymentParameters;
import org.polyculture.chain.ProtocolContracts;
import org.polyculture.chain.index.IndexerSettings;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.governance.proposal.DatasetReference;
import org.polyculture.governance.proposal.ModelProposal;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.dataset.DatasetReader;
import org.polyculture.storage.lmdb.LmdbConfig;
import org.polyculture.storage.lmdb.LmdbKeyValueStorage;
import org.polyculture.testkit.LocalChain;
import org.polyculture.transfer.client.ClientSettings;
import org.polyculture.transfer.client.TransferClient;
import org.polyculture.transfer.server.DirectoryDatasetSource;
import org.polyculture.transfer.server.ServerSettings;
import org.polyculture.transfer.server.TransferServer;
import org.polyculture.verifier.VerifierNode;
import org.polyculture.verifier.VerifierNodeBuilder;
import org.polyculture.verifier.VerifierSettings;
import org.polyculture.verifier.fetch.FetchPolicy;
import org.polyculture.verifier.fetch.TransferDatasetSource;
import org.polyculture.verifier.fetch.TransferWorkerData;
import org.polyculture.worker.ChainAccess;
import org.polyculture.worker.Web3jLedger;
import org.polyculture.worker.WorkerNode;
import org.polyculture.worker.WorkerSettings;
import org.polyculture.worker.cheat.CheatStrategy;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.http.HttpService;

/**
 * The commons on the test chain for the adversarial suite: the contracts deployed with the devnet
 * parameters, a community of two token holders that funds jobs through governance (the devnet's
 * {@link DemoCommunity}: signed delegations and ballots, queue, execute), the tiny job's dataset
 * served by content hash, and funded keys for up to {@value #WORKERS} workers and {@value
 * #VERIFIERS} verifiers. Workers ({@code node/gpu-worker}'s {@link WorkerNode}, with their transfer
 * servers on loopback) and verifiers ({@link VerifierNode} on LMDB) run in this JVM and are driven
 * pass by pass.
 */
final class AdversarialCommons implements AutoCloseable {

  static final DeploymentParameters PARAMETERS = DeploymentParameters.devnet();
  static final BigInteger REWARD = DeploymentParameters.tokens(10);
  static final BigInteger WORKER_STAKE = DeploymentParameters.tokens(1_000);
  static final Duration CHALLENGE_WINDOW = Duration.ofSeconds(120);
  static final Duration LEASE = Duration.ofSeconds(3_600);
  static final int SEGMENT_LENGTH = 4;
  static final int WORKERS = 4;
  static final int VERIFIERS = 10;
  static final BigInteger BPS = BigInteger.valueOf(10_000);

  private static final int FIRST_WORKER = 4;
  private static final int FIRST_VERIFIER = FIRST_WORKER + WORKERS;

  private final LocalChain chain;
  private final ChainClient client;
  private final ChainDeployment deployment;
  private final DemoCommunity community;
  private final DatasetReference dataset;
  private final TransferServer datasetServer;
  private final TransferClient transfers;
  private final ExecutorService pool;
  private final Path scratch;
  private final List<WorkerNode> workerNodes = new ArrayList<>();
  private final Map<VerifierNode, KeyValueStorage> verifierNodes = new LinkedHashMap<>();

  private AdversarialCommons(
      LocalChain chain,
      ChainClient client,
      ChainDeployment deployment,
      DemoCommunity community,
      DatasetReference dataset,
      TransferServer datasetServer,
      Path scratch) {
    this.chain = chain;
    this.client = client;
    this.deployment = deployment;
    this.community = community;
    this.dataset = dataset;
    this.datasetServer = datasetServer;
    this.scratch = scratch;
    this.transfers =
        new TransferClient(new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(20), 2, 2));
    this.pool =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "adversarial-compute");
              thread.setDaemon(true);
              return thread;
            });
  }

  static TransactionSettings transactions() {
    return TransactionSettings.instamine().withReceiptPollInterval(Duration.ofMillis(20));
  }

  /**
   * Deploys the protocol, serves the dataset, forms the community and funds every worker and
   * verifier key: what every test of a class starts from (take a snapshot after it).
   */
  static AdversarialCommons deploy(LocalChain chain, Path scratch) throws Exception {
    ChainClient client =
        ChainClient.connect(
            new HttpService(chain.rpcUrl()), transactions(), RetryPolicy.Sleeper.REAL);
    Credentials deployer = chain.account(0);
    ChainDeployment deployment =
        new ContractDeployer(
                client.web3j(),
                client.chainId(),
                client.transactions(deployer),
                client.gasProvider())
            .deploy(PARAMETERS);
    AdversarialJob data = AdversarialJob.create(scratch.resolve("data"), 0, SEGMENT_LENGTH, 1);
    DirectoryDatasetSource source = new DirectoryDatasetSource(DatasetReader.withDefaultLimits());
    source.add(data.datasetDirectory());
    TransferServer server =
        TransferServer.builder(ServerSettings.of("127.0.0.1", 0)).datasets(source).start();
    DatasetReference dataset =
        DatasetReference.of(data.dataset().manifest(), List.of(server.baseUri()));
    Path keys = scratch.resolve("keys");
    DemoCommunity community =
        new DemoCommunity(
            client,
            deployment,
            PARAMETERS,
            new DevChainControl(new HttpService(chain.rpcUrl())),
            new DevnetAccount("deployer", deployer, keys.resolve("deployer.json")),
            List.of(
                new DevnetAccount("alice", chain.account(2), keys.resolve("alice.json")),
                new DevnetAccount("bob", chain.account(3), keys.resolve("bob.json"))),
            new DevnetAccount("relayer", chain.account(1), keys.resolve("relayer.json")),
            line -> {});
    AdversarialCommons commons =
        new AdversarialCommons(chain, client, deployment, community, dataset, server, scratch);
    try {
      ProtocolContracts asDeployer = client.contracts(deployment, deployer);
      for (int i = 0; i < WORKERS; i++) {
        asDeployer.token().transfer(commons.workerKey(i).getAddress(), WORKER_STAKE).send();
      }
      BigInteger verifierTokens =
          PARAMETERS
              .disputes()
              .minJurorStake()
              .add(PARAMETERS.disputes().bond().multiply(BigInteger.TEN));
      for (int i = 0; i < VERIFIERS; i++) {
        asDeployer.token().transfer(commons.verifierKey(i).getAddress(), verifierTokens).send();
      }
      community.form();
      return commons;
    } catch (Exception | Error e) {
      commons.close();
      throw e;
    }
  }

  /** Funds a job of {@code segments} segments of the tiny model with {@code seed} by governance. */
  BigInteger createJob(long seed, int segments) throws Exception {
    return community.fund(
        ModelProposal.builder()
            .name("Adversarial suite, seed " + seed)
            .community("adversarial")
            .summary("The tiny model the adversarial suite trains, cheats on and audits.")
            .model(AdversarialJob.CONFIG)
            .seed(seed)
            .dataset(dataset)
            .totalSteps((long) SEGMENT_LENGTH * segments)
            .segmentLength(SEGMENT_LENGTH)
            .rewardPerSegment(REWARD)
            .minWorkerStake(WORKER_STAKE)
            .challengeWindow(CHALLENGE_WINDOW)
            .leaseDuration(LEASE));
  }

  LocalChain chain() {
    return chain;
  }

  ChainClient client() {
    return client;
  }

  ChainDeployment deployment() {
    return deployment;
  }

  Credentials workerKey(int index) {
    return chain.account(FIRST_WORKER + index);
  }

  Credentials verifierKey(int index) {
    return chain.account(FIRST_VERIFIER + index);
  }

  ProtocolContracts as(Credentials key) {
    return client.contracts(deployment, key);
  }

  /** Opens worker {@code index}'s node on a fresh directory; its server starts listening. */
  WorkerNode startWorker(int index, CheatStrategy cheat, NodeCompute compute) {
    Credentials key = workerKey(index);
    WorkerSettings settings =
        WorkerSettings.builder()
            .dataDirectory(freshDirectory("worker-" + index))
            .listen("127.0.0.1", 0)
            .checkpointEvery(2)
            .indexer(IndexerSettings.devnet())
            .client(new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 2, 2))
            .cheat(cheat)
            .build();
    ChainAccess access =
        new ChainAccess(
            new Web3jLedger(client, deployment, key),
            client.web3j(),
            deployment,
            new RetryPolicy(transactions(), RetryPolicy.Sleeper.REAL));
    WorkerNode node = WorkerNode.open(settings, access, compute.forWorker(pool));
    workerNodes.add(node);
    return node;
  }

  /**
   * Opens verifier {@code index}'s node on a fresh directory, auditing {@code audits} steps per
   * segment (0: jury duty only), and bonds its juror stake.
   */
  VerifierNode startVerifier(int index, int audits, NodeCompute compute) {
    Credentials key = verifierKey(index);
    Path directory = freshDirectory("verifier-" + index);
    KeyValueStorage storage = LmdbKeyValueStorage.open(LmdbConfig.at(directory.resolve("db")));
    VerifierNode node;
    try {
      node =
          new VerifierNodeBuilder()
              .settings(
                  VerifierSettings.builder()
                      .auditsPerSegment(audits)
                      .endpoint("http://verifier.test/" + key.getAddress())
                      .disputeStaggerStep(Duration.ZERO)
                      .build())
              .chain(client, deployment, key)
              .storage(storage)
              .dataDirectory(directory)
              .peers(
                  new TransferWorkerData(
                      transfers, Files.createDirectories(directory.resolve("in"))),
                  new TransferDatasetSource(transfers))
              .compute(compute.backends(pool), compute.hasher(pool))
              .fetchPolicy(new FetchPolicy(2, Duration.ZERO, pause -> true))
              .indexing(IndexerSettings.devnet(), transactions())
              .build();
    } catch (IOException e) {
      storage.close();
      throw new UncheckedIOException(e);
    }
    verifierNodes.put(node, storage);
    if (!node.ensureStake().sufficient()) {
      throw new IllegalStateException("verifier " + index + " could not bond its juror stake");
    }
    return node;
  }

  /** Stops every node started so far (as their processes would exit). */
  void stopNodes() {
    for (WorkerNode worker : workerNodes) {
      worker.close();
    }
    workerNodes.clear();
    for (Map.Entry<VerifierNode, KeyValueStorage> verifier : verifierNodes.entrySet()) {
      verifier.getKey().close();
      verifier.getValue().close();
    }
    verifierNodes.clear();
  }

  /** After evm_revert the nonces went back: every key's manager reads them again. */
  void forgetNonces() {
    for (Credentials account : chain.accounts()) {
      client.transactions(account).resync();
    }
  }

  /** Everything that happened on chain since deployment, read from the events afresh. */
  CommonsTally tally() {
    try {
      CommonsFollower follower = new CommonsFollower(client.web3j(), deployment);
      follower.poll();
      return follower.tally();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The token conservation check at the chain's head. */
  TokenAudit tokenAudit() throws Exception {
    return TokenAudit.of(client, deployment, PARAMETERS.tokenSupply(), tally());
  }

  BigInteger balance(Credentials who) throws Exception {
    return as(who).token().balanceOf(who.getAddress()).send();
  }

  /** Bonded plus unbonding stake: what a slash takes from. */
  BigInteger slashable(Credentials who) throws Exception {
    return as(who).staking().slashableOf(who.getAddress()).send();
  }

  private Path freshDirectory(String name) {
    try {
      return Files.createTempDirectory(scratch, name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stopNodes();
    pool.shutdownNow();
    transfers.close();
    datasetServer.close();
    client.close();
  }
}
