package org.polyculture.api.testing;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.api.ApiNode;
import org.polyculture.api.ApiSettings;
import org.polyculture.api.devnet.DevnetAccounts;
import org.polyculture.api.loss.StepsFetcher;
import org.polyculture.chain.DeploymentParameters;
import org.polyculture.chain.ProtocolContracts;
import org.polyculture.chain.index.IndexerSettings;
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.governance.GovernanceClient;
import org.polyculture.governance.proposal.PreparedProposal;
import org.polyculture.governance.proposal.ProposalPreparer;
import org.polyculture.governance.signature.VoteSupport;
import org.polyculture.governance.testing.GovernanceChain;
import org.polyculture.protocol.merkle.StepMerkleTree;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.lmdb.LmdbConfig;
import org.polyculture.storage.lmdb.LmdbKeyValueStorage;
import org.polyculture.testkit.LocalChain;
import org.polyculture.transfer.SegmentSteps;
import org.polyculture.transfer.client.ClientSettings;
import org.polyculture.transfer.client.TransferClient;
import org.polyculture.transfer.server.ServerSettings;
import org.polyculture.transfer.server.StateSource;
import org.polyculture.transfer.server.TransferServer;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.http.HttpService;

/**
 * A small commons driven through its real contracts, for the API's tests to read: holders delegate,
 * a model proposal is voted, queued and executed (job 0), a worker stakes and trains segments
 * (serving their steps over the transfer protocol), segments are finalized and rewarded, and a
 * self-contradicting commitment is proven fraud by a challenger (worker slashed, segment voided).
 * Account 1 and 2 hold and vote, 5 works, 6 verifies, 7 challenges, 9 relays.
 */
public final class CommonsScenario implements AutoCloseable {

  public static final int SEGMENT_LENGTH = 50;
  public static final int SEGMENTS = 4;
  public static final BigInteger WORKER_STAKE = DeploymentParameters.tokens(2_000);

  public final GovernanceChain governance;
  public final LocalChain chain;
  private final Map<Long, SegmentSteps> served = new ConcurrentHashMap<>();
  private final Random random = new Random(42);
  private TransferServer workerServer;
  private TransferClient transferClient;
  public BigInteger proposalId;
  public PreparedProposal prepared;
  public final List<List<Bytes32>> segmentHashes = new ArrayList<>();

  private CommonsScenario(GovernanceChain governance) {
    this.governance = governance;
    this.chain = governance.chain;
  }

  /** Deploys and funds the holders; nothing else. */
  public static CommonsScenario deploy(LocalChain chain) throws Exception {
    return new CommonsScenario(GovernanceChain.deploy(chain));
  }

  public Credentials alice() {
    return governance.holder(1);
  }

  public Credentials bob() {
    return governance.holder(2);
  }

  public Credentials worker() {
    return chain.account(5);
  }

  public Credentials verifier() {
    return chain.account(6);
  }

  public Credentials challenger() {
    return chain.account(7);
  }

  /** Alice and Bob delegate to themselves; the clock moves so their votes count. */
  public CommonsScenario delegate() {
    governance.governance(alice()).delegate(alice().getAddress());
    governance.governance(bob()).delegate(bob().getAddress());
    chain.increaseTime(Duration.ofSeconds(1));
    return this;
  }

  /** Alice proposes the model; returns the proposal's id (voting opens after the delay). */
  public BigInteger propose(String name) {
    prepared =
        new ProposalPreparer(governance.deployment, StateHasher.singleThreaded())
            .prepare(
                GovernanceChain.nanoProposal()
                    .name(name)
                    .totalSteps((long) SEGMENT_LENGTH * SEGMENTS)
                    .segmentLength(SEGMENT_LENGTH)
                    .proposer(Optional.of(alice().getAddress()))
                    .build());
    proposalId = governance.governance(alice()).propose(prepared.governorProposal()).proposalId();
    return proposalId;
  }

  /** Votes For with Alice and Bob, then queues and executes: job 0 exists. */
  public CommonsScenario passAndExecute() {
    chain.increaseTime(GovernanceChain.PARAMETERS.votingDelay().plusSeconds(1));
    governance.governance(alice()).castVote(proposalId, VoteSupport.FOR);
    governance.governance(bob()).castVote(proposalId, VoteSupport.FOR);
    chain.increaseTime(GovernanceChain.PARAMETERS.votingPeriod().plusSeconds(1));
    GovernanceClient anyone = governance.governance(governance.relayerKey());
    anyone.queue(prepared.governorProposal());
    chain.increaseTime(GovernanceChain.PARAMETERS.timelockDelay().plusSeconds(1));
    anyone.execute(prepared.governorProposal());
    return this;
  }

  /**
   * The worker serves steps over HTTP, stakes and trains segments 0 and 1 honestly; the window
   * passes; both are finalized and 0 rewarded; segment 2 is committed with an end state that
   * contradicts its own last step, and the challenger proves it.
   */
  public CommonsScenario train() throws Exception {
    workerServer =
        TransferServer.builder(ServerSettings.of("127.0.0.1", 0))
            .states(StateSource.none())
            .steps((jobId, segment) -> Optional.ofNullable(served.get(segment)))
            .start();
    ProtocolContracts owner = governance.as(chain.account(0));
    owner.token().transfer(worker().getAddress(), WORKER_STAKE).send();
    owner.token().transfer(verifier().getAddress(), WORKER_STAKE).send();
    owner.token().transfer(challenger().getAddress(), DeploymentParameters.tokens(1_000)).send();
    stake(worker(), 1, workerServer.baseUri().toString());
    stake(verifier(), 2, "http://127.0.0.1:9/verifier");

    ProtocolContracts worker = governance.as(worker());
    Bytes32 tip = prepared.terms().genesisStateHash();
    for (int segment = 0; segment < 2; segment++) {
      tip = commit(worker, segment, tip, false);
    }
    chain.increaseTime(Duration.ofSeconds(prepared.terms().challengeWindowSeconds() + 1));
    for (int segment = 0; segment < 2; segment++) {
      worker.ledger().finalize(BigInteger.ZERO, BigInteger.valueOf(segment)).send();
    }
    worker.ledger().claimReward(BigInteger.ZERO, BigInteger.ZERO).send();
    commit(worker, 2, tip, true);
    proveFraud(tip, 2);
    return this;
  }

  private void stake(Credentials who, int roles, String endpoint) throws Exception {
    ProtocolContracts contracts = governance.as(who);
    contracts.staking().register(BigInteger.valueOf(roles), endpoint, "test cpu").send();
    contracts.token().approve(governance.deployment.staking(), WORKER_STAKE).send();
    contracts.staking().stake(WORKER_STAKE).send();
  }

  private Bytes32 commit(ProtocolContracts worker, int segment, Bytes32 start, boolean contradict)
      throws Exception {
    long first = (long) segment * SEGMENT_LENGTH;
    List<Bytes32> hashes = new ArrayList<>();
    List<Float> losses = new ArrayList<>();
    for (int i = 0; i < SEGMENT_LENGTH; i++) {
      hashes.add(Bytes32.random(random));
      losses.add(5.5f - 0.01f * (first + i));
    }
    segmentHashes.add(hashes);
    Bytes32 root = StepMerkleTree.of(first, hashes).root();
    Bytes32 end = contradict ? Bytes32.random(random) : hashes.get(SEGMENT_LENGTH - 1);
    served.put((long) segment, SegmentSteps.of(BigInteger.ZERO, segment, first, hashes, losses));
    worker.ledger().claim(BigInteger.ZERO, BigInteger.valueOf(segment)).send();
    worker
        .ledger()
        .commit(
            BigInteger.ZERO,
            BigInteger.valueOf(segment),
            start.toArray(),
            root.toArray(),
            end.toArray())
        .send();
    return end;
  }

  private void proveFraud(Bytes32 start, int segment) throws Exception {
    List<Bytes32> hashes = segmentHashes.get(segment);
    long first = (long) segment * SEGMENT_LENGTH;
    StepMerkleTree tree = StepMerkleTree.of(first, hashes);
    int last = SEGMENT_LENGTH - 1;
    TrainingLedger.SegmentCommittedEventResponse committed =
        TrainingLedger.getSegmentCommittedEventFromLog(
            governance
                .client
                .web3j()
                .ethGetLogs(
                    new org.web3j.protocol.core.methods.request.EthFilter(
                            org.web3j.protocol.core.DefaultBlockParameterName.EARLIEST,
                            org.web3j.protocol.core.DefaultBlockParameterName.LATEST,
                            governance.deployment.ledger())
                        .addSingleTopic(
                            org.web3j.abi.EventEncoder.encode(
                                TrainingLedger.SEGMENTCOMMITTED_EVENT)))
                .send()
                .getLogs()
                .stream()
                .map(l -> (org.web3j.protocol.core.methods.response.Log) l.get())
                .reduce((a, b) -> b)
                .orElseThrow());
    ProtocolContracts challenger = governance.as(challenger());
    challenger
        .token()
        .approve(governance.deployment.disputes(), DeploymentParameters.tokens(1_000))
        .send();
    challenger
        .disputes()
        .openFraudDispute(
            BigInteger.ZERO,
            BigInteger.valueOf(segment),
            new DisputeManager.Commitment(
                committed.startStateHash, committed.stepRoot, committed.endStateHash),
            new DisputeManager.FraudEvidence(
                BigInteger.valueOf(first + last),
                hashes.get(last - 1).toArray(),
                tree.proof(last - 1).siblings().stream().map(Bytes32::toArray).toList(),
                hashes.get(last).toArray(),
                tree.proof(last).siblings().stream().map(Bytes32::toArray).toList(),
                Bytes32.random(random).toArray()))
        .send();
  }

  /** The losses the worker reported for {@code segment}. */
  public SegmentSteps servedSteps(long segment) {
    return served.get(segment);
  }

  /** Starts an API node on loopback over LMDB at {@code directory}. */
  public ApiNode startApi(
      Path directory,
      ApiSettings settings,
      Optional<Credentials> relayer,
      Optional<DevnetAccounts> devnet)
      throws Exception {
    KeyValueStorage storage =
        LmdbKeyValueStorage.open(LmdbConfig.at(directory).withMapSize(1L << 30));
    if (transferClient == null) {
      transferClient =
          new TransferClient(ClientSettings.defaults().withRequestTimeout(Duration.ofSeconds(5)));
    }
    storages.add(storage);
    return ApiNode.start(
        new ApiNode.Config(
            settings,
            governance.client,
            new HttpService(chain.rpcUrl()),
            governance.deployment,
            storage,
            TransactionSettings.instamine().withReceiptPollInterval(Duration.ofMillis(20)),
            IndexerSettings.devnet(),
            Duration.ofMillis(200),
            relayer,
            devnet,
            StepsFetcher.of(transferClient),
            4,
            1_000_000,
            Clock.systemUTC(),
            System::nanoTime));
  }

  private final List<KeyValueStorage> storages = new ArrayList<>();

  /** Loopback, port 0, generous limits (tests of limits set their own). */
  public static ApiSettings.Builder settings() {
    return ApiSettings.builder().host("127.0.0.1").port(0).reads(1_000, 1_000).writes(1_000, 1_000);
  }

  @Override
  public void close() {
    if (workerServer != null) {
      workerServer.close();
    }
    if (transferClient != null) {
      transferClient.close();
    }
    storages.forEach(KeyValueStorage::close);
    governance.close();
  }
}
