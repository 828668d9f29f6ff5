package org.polyculture.worker;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.ContractDeployer;
import org.polyculture.chain.DeploymentParameters;
import org.polyculture.chain.ProtocolContracts;
import org.polyculture.chain.index.IndexerSettings;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.contracts.generated.PolycultureGovernor;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.protocol.job.ModelSpec;
import org.polyculture.storage.dataset.DatasetReader;
import org.polyculture.testkit.LocalChain;
import org.polyculture.transfer.client.ClientSettings;
import org.polyculture.transfer.server.DirectoryDatasetSource;
import org.polyculture.transfer.server.ServerSettings;
import org.polyculture.transfer.server.TransferServer;
import org.polyculture.worker.cheat.CheatStrategy;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The protocol deployed on the test chain with devnet parameters, the tiny job's dataset served
 * over HTTP, and the one thing only governance can do: create jobs. Workers are opened on real LMDB
 * directories and real HTTP servers.
 */
final class WorkerNetwork implements AutoCloseable {

  static final DeploymentParameters PARAMETERS = DeploymentParameters.devnet();
  static final BigInteger REWARD = DeploymentParameters.tokens(10);
  static final BigInteger MIN_STAKE = DeploymentParameters.tokens(1_000);
  static final long WINDOW_SECONDS = 600;
  static final long LEASE_SECONDS = 600;

  final LocalChain chain;
  final ChainClient client;
  final ChainDeployment deployment;
  final Credentials deployer;
  final TinyJob tiny;
  private final TransferServer datasetServer;

  private WorkerNetwork(
      LocalChain chain,
      ChainClient client,
      ChainDeployment deployment,
      TinyJob tiny,
      TransferServer datasetServer) {
    this.chain = chain;
    this.client = client;
    this.deployment = deployment;
    this.deployer = chain.account(0);
    this.tiny = tiny;
    this.datasetServer = datasetServer;
  }

  static WorkerNetwork deploy(LocalChain chain, Path scratch) throws Exception {
    ChainClient client =
        ChainClient.connect(
            new HttpService(chain.rpcUrl()), transactions(), RetryPolicy.Sleeper.REAL);
    ChainDeployment deployment =
        new ContractDeployer(
                client.web3j(),
                client.chainId(),
                client.transactions(chain.account(0)),
                client.gasProvider())
            .deploy(PARAMETERS);
    TinyJob tiny = TinyJob.pack(scratch);
    DirectoryDatasetSource datasets = new DirectoryDatasetSource(DatasetReader.withDefaultLimits());
    datasets.add(tiny.datasetDirectory);
    TransferServer server =
        TransferServer.builder(ServerSettings.of("127.0.0.1", 0)).datasets(datasets).start();
    return new WorkerNetwork(chain, client, deployment, tiny, server);
  }

  static TransactionSettings transactions() {
    return TransactionSettings.instamine().withReceiptPollInterval(Duration.ofMillis(20));
  }

  ProtocolContracts as(Credentials key) {
    return client.contracts(deployment, key);
  }

  /** Gives {@code who} tokens from the deployer. */
  void fund(Credentials who, BigInteger amount) throws Exception {
    as(deployer).token().transfer(who.getAddress(), amount).send();
  }

  /** Creates the tiny job through governance, {@code segments} segments of {@code length}. */
  BigInteger createJob(int length, int segments) throws Exception {
    return createJob(length, segments, tiny.genesisHash().toArrayUnsafe());
  }

  BigInteger createJob(int length, int segments, byte[] genesisHash) throws Exception {
    ModelSpec spec = ModelSpec.current(TinyJob.CONFIG);
    TrainingLedger.JobSpec job =
        new TrainingLedger.JobSpec(
            spec.hash().toArrayUnsafe(),
            tiny.root().toArrayUnsafe(),
            genesisHash,
            BigInteger.valueOf((long) length * segments),
            BigInteger.valueOf(length),
            REWARD,
            MIN_STAKE,
            BigInteger.valueOf(WINDOW_SECONDS),
            BigInteger.valueOf(LEASE_SECONDS));
    BigInteger budget = REWARD.multiply(BigInteger.valueOf(segments));
    ProtocolContracts contracts = as(deployer);
    contracts.token().delegate(deployer.getAddress()).send();
    chain.increaseTime(Duration.ofSeconds(1));
    List<String> targets = List.of(deployment.token(), deployment.ledger());
    List<BigInteger> values = List.of(BigInteger.ZERO, BigInteger.ZERO);
    List<byte[]> calldatas =
        List.of(
            encode(
                new Function(
                    "approve",
                    List.of(new Address(deployment.ledger()), new Uint256(budget)),
                    List.of())),
            encode(
                new Function(
                    "createJob",
                    List.of(
                        job,
                        new DynamicBytes(spec.encode().toArrayUnsafe()),
                        new Uint64(BigInteger.valueOf(TinyJob.SEED)),
                        new Bytes32(tiny.manifest.manifestHash().toArrayUnsafe()),
                        new DynamicArray<>(
                            Utf8String.class,
                            List.of(new Utf8String(datasetServer.baseUri().toString())))),
                    List.of())));
    String description = "Train the tiny test model " + System.nanoTime();
    byte[] descriptionHash = Hash.sha3(description.getBytes(StandardCharsets.UTF_8));
    PolycultureGovernor governor = contracts.governor();
    BigInteger proposalId =
        PolycultureGovernor.getProposalCreatedEvents(
                governor.propose(targets, values, calldatas, description).send())
            .get(0)
            .proposalId;
    chain.increaseTime(PARAMETERS.votingDelay().plusSeconds(1));
    governor.castVote(proposalId, BigInteger.ONE).send();
    chain.increaseTime(PARAMETERS.votingPeriod().plusSeconds(1));
    governor.queue(targets, values, calldatas, descriptionHash).send();
    chain.increaseTime(PARAMETERS.timelockDelay().plusSeconds(1));
    return TrainingLedger.getJobCreatedEvents(
            governor.execute(targets, values, calldatas, descriptionHash, BigInteger.ZERO).send())
        .get(0)
        .jobId;
  }

  /** A worker of {@code key} on {@code dataDirectory}, its ledger wrapped by {@code ledger}. */
  WorkerNode worker(
      Credentials key, Path dataDirectory, CheatStrategy cheat, UnaryOperator<Ledger> ledger) {
    WorkerSettings settings =
        WorkerSettings.builder()
            .dataDirectory(dataDirectory)
            .listen("127.0.0.1", 0)
            .checkpointEvery(2)
            .pollInterval(Duration.ofMillis(200))
            .indexer(IndexerSettings.devnet())
            .client(new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 2, 2))
            .cheat(cheat)
            .build();
    ChainAccess access =
        new ChainAccess(
            ledger.apply(new Web3jLedger(client, deployment, key)),
            client.web3j(),
            deployment,
            new RetryPolicy(transactions(), RetryPolicy.Sleeper.REAL));
    return WorkerNode.open(settings, access, scalarCompute());
  }

  WorkerNode worker(Credentials key, Path dataDirectory) {
    return worker(key, dataDirectory, CheatStrategy.NONE, UnaryOperator.identity());
  }

  static WorkerCompute scalarCompute() {
    return new WorkerCompute() {
      @Override
      public Backend newBackend() {
        return new ScalarBackend();
      }

      @Override
      public StateHasher hasher() {
        return StateHasher.singleThreaded();
      }

      @Override
      public String description() {
        return "scalar x1";
      }
    };
  }

  TrainingLedger ledger() {
    return as(deployer).ledger();
  }

  BigInteger balanceOf(Credentials who) throws Exception {
    return as(deployer).token().balanceOf(who.getAddress()).send();
  }

  /** After evm_revert the chain's nonces went back; the managers must read them again. */
  void forgetNonces() {
    for (Credentials account : chain.accounts()) {
      client.transactions(account).resync();
    }
  }

  @Override
  public void close() {
    datasetServer.close();
    client.close();
  }

  private static byte[] encode(Function function) {
    return Numeric.hexStringToByteArray(FunctionEncoder.encode(function));
  }
}
