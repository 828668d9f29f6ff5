package org.polyculture.verifier;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
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
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.protocol.job.ModelSpec;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.lmdb.LmdbConfig;
import org.polyculture.storage.lmdb.LmdbKeyValueStorage;
import org.polyculture.testkit.LocalChain;
import org.polyculture.verifier.fetch.DatasetSource;
import org.polyculture.verifier.fetch.FetchPolicy;
import org.polyculture.verifier.fetch.WorkerData;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The protocol on the test chain with a tiny job, a worker and a pool of verifiers: deployed with
 * the devnet parameters, the job created through governance (the only way there is), everyone
 * staked. Workers are driven directly (claim, commit); verifiers are real {@link VerifierNode}s on
 * LMDB.
 */
public final class CommonsOnGanache implements AutoCloseable {

  static final DeploymentParameters PARAMETERS = DeploymentParameters.devnet();
  static final BigInteger REWARD = DeploymentParameters.tokens(10);
  static final BigInteger WORKER_STAKE = DeploymentParameters.tokens(1_000);
  static final BigInteger VERIFIER_TOKENS = DeploymentParameters.tokens(2_000);
  static final long CHALLENGE_WINDOW = 3_600;
  static final long LEASE = 600;

  private final LocalChain chain;
  private final ChainClient client;
  private final ChainDeployment deployment;
  private final Credentials deployer;
  private final Map<VerifierNode, KeyValueStorage> opened = new HashMap<>();

  private CommonsOnGanache(LocalChain chain, ChainClient client, ChainDeployment deployment) {
    this.chain = chain;
    this.client = client;
    this.deployment = deployment;
    this.deployer = chain.account(0);
  }

  static TransactionSettings transactions() {
    return TransactionSettings.instamine().withReceiptPollInterval(Duration.ofMillis(20));
  }

  public static CommonsOnGanache deploy(LocalChain chain) throws Exception {
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
    return new CommonsOnGanache(chain, client, deployment);
  }

  public LocalChain chain() {
    return chain;
  }

  public ChainClient client() {
    return client;
  }

  public ChainDeployment deployment() {
    return deployment;
  }

  public ProtocolContracts as(Credentials key) {
    return client.contracts(deployment, key);
  }

  /** Creates {@code job} through a governance proposal; returns its id. */
  public BigInteger createJob(TinyJob job) throws Exception {
    ProtocolContracts contracts = as(deployer);
    contracts.token().delegate(deployer.getAddress()).send();
    chain.increaseTime(Duration.ofSeconds(1));
    long segments = job.description().totalSteps() / job.description().segmentLength();
    BigInteger budget = REWARD.multiply(BigInteger.valueOf(segments));
    ModelSpec spec = ModelSpec.current(TinyJob.CONFIG);
    TrainingLedger.JobSpec jobSpec =
        new TrainingLedger.JobSpec(
            spec.hash().toArrayUnsafe(),
            job.description().datasetRoot().toArrayUnsafe(),
            job.description().genesisStateHash().toArrayUnsafe(),
            BigInteger.valueOf(job.description().totalSteps()),
            BigInteger.valueOf(job.description().segmentLength()),
            REWARD,
            WORKER_STAKE,
            BigInteger.valueOf(CHALLENGE_WINDOW),
            BigInteger.valueOf(LEASE));
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
                        jobSpec,
                        new DynamicBytes(spec.encode().toArrayUnsafe()),
                        new Uint64(new BigInteger(Long.toUnsignedString(TinyJob.SEED))),
                        new org.web3j.abi.datatypes.generated.Bytes32(
                            job.description().datasetManifestHash().toArrayUnsafe()),
                        new DynamicArray<>(
                            Utf8String.class,
                            job.description().datasetLocations().stream()
                                .map(Utf8String::new)
                                .toList())),
                    List.of())));
    String description = "Train the tiny verifier test model";
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
    TrainingLedger.JobCreatedEventResponse created =
        TrainingLedger.getJobCreatedEvents(
                governor
                    .execute(targets, values, calldatas, descriptionHash, BigInteger.ZERO)
                    .send())
            .get(0);
    return created.jobId;
  }

  /** Gives {@code who} tokens from the deployer. */
  public void fund(Credentials who, BigInteger amount) throws Exception {
    as(deployer).token().transfer(who.getAddress(), amount).send();
  }

  /**
   * Registers {@code who} (funded already) as a worker serving at {@code endpoint} and stakes the
   * job minimum.
   */
  public void stakeWorker(Credentials who, String endpoint) throws Exception {
    ProtocolContracts contracts = as(who);
    contracts.staking().register(BigInteger.ONE, endpoint, "test worker").send();
    contracts.token().approve(deployment.staking(), WORKER_STAKE).send();
    contracts.staking().stake(WORKER_STAKE).send();
  }

  /** Claims and commits {@code segment}; returns the commit's block. */
  public long commit(Credentials worker, BigInteger jobId, long index, TrainedSegment segment)
      throws Exception {
    ProtocolContracts contracts = as(worker);
    contracts.ledger().claim(jobId, BigInteger.valueOf(index)).send();
    return contracts
        .ledger()
        .commit(
            jobId,
            BigInteger.valueOf(index),
            segment.startStateHash().toArrayUnsafe(),
            segment.stepRoot().toArrayUnsafe(),
            segment.endStateHash().toArrayUnsafe())
        .send()
        .getBlockNumber()
        .longValueExact();
  }

  /** A verifier node for {@code key} with its LMDB store under {@code dataDirectory}. */
  public VerifierNode verifier(
      Credentials key,
      Path dataDirectory,
      WorkerData workers,
      DatasetSource datasets,
      int auditsPerSegment) {
    KeyValueStorage storage = LmdbKeyValueStorage.open(LmdbConfig.at(dataDirectory.resolve("db")));
    VerifierNode node =
        new VerifierNodeBuilder()
            .settings(
                VerifierSettings.builder()
                    .auditsPerSegment(auditsPerSegment)
                    .endpoint("http://verifier.test/" + key.getAddress())
                    .build())
            .chain(client, deployment, key)
            .storage(storage)
            .dataDirectory(dataDirectory)
            .peers(workers, datasets)
            .compute(ScalarBackend::new, StateHasher.singleThreaded())
            .fetchPolicy(new FetchPolicy(2, Duration.ZERO, d -> true))
            .indexing(IndexerSettings.devnet(), transactions())
            .build();
    opened.put(node, storage);
    return node;
  }

  /** Stops {@code node} and closes its storage, as a process exit would. */
  public void stop(VerifierNode node) {
    node.close();
    KeyValueStorage storage = opened.remove(node);
    if (storage != null) {
      storage.close();
    }
  }

  /** Stops every verifier started so far. */
  public void stopVerifiers() {
    List.copyOf(opened.keySet()).forEach(this::stop);
  }

  /**
   * Passes over {@code nodes} until {@code done}; mines a block when a round does nothing (so that
   * draw blocks and deadlines come), failing after 60 rounds.
   */
  public void runUntil(BooleanSupplier done, List<VerifierNode> nodes) {
    for (int round = 0; round < 60; round++) {
      if (done.getAsBoolean()) {
        return;
      }
      boolean progress = false;
      for (VerifierNode node : nodes) {
        progress |= node.tick();
      }
      if (!progress) {
        chain.mine();
      }
    }
    if (!done.getAsBoolean()) {
      throw new AssertionError("not reached within 60 rounds");
    }
  }

  /** After evm_revert the nonces went back: every key's manager reads them again. */
  public void forgetNonces() {
    for (Credentials account : chain.accounts()) {
      client.transactions(account).resync();
    }
  }

  @Override
  public void close() {
    stopVerifiers();
    client.close();
  }

  private static byte[] encode(Function function) {
    return Numeric.hexStringToByteArray(FunctionEncoder.encode(function));
  }
}
