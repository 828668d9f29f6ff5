package org.polyculture.chain.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.polyculture.chain.DeployedProtocol;
import org.polyculture.chain.ProtocolContracts;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.protocol.merkle.StepMerkleTree;
import org.polyculture.storage.Column;
import org.polyculture.storage.InMemoryKeyValueStorage;
import org.polyculture.storage.KeyValue;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * Indexes a real history on Ganache: a job created through governance, two segments committed with
 * roots from node/protocol's step Merkle tree, a fraud dispute on the second decided by a jury (the
 * segment voided), the first finalized and paid.
 */
@ExtendWith(GanacheExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventIndexerTest {

  private static final RetryPolicy RETRY =
      new RetryPolicy(TransactionSettings.instamine(), RetryPolicy.Sleeper.REAL);
  private static final Bytes32 GENESIS =
      Bytes32.wrap(Hash.sha3("indexer genesis".getBytes(StandardCharsets.UTF_8)));
  private static final List<Column> COLUMNS =
      List.of(
          ProtocolIndex.META,
          ProtocolIndex.LOGS,
          ProtocolIndex.JOBS,
          ProtocolIndex.SEGMENTS,
          ProtocolIndex.DISPUTES,
          ProtocolIndex.PARTICIPANTS);

  private LocalChain chain;
  private DeployedProtocol protocol;
  private Web3j web3j;
  private Credentials worker;
  private List<Credentials> jurors;
  private LocalChain.Snapshot snapshot;

  @BeforeAll
  void playHistory(LocalChain localChain) throws Exception {
    chain = localChain;
    protocol = DeployedProtocol.deploy(localChain);
    web3j = Web3j.build(new HttpService(chain.rpcUrl()));
    worker = chain.account(1);
    Credentials challenger = chain.account(4);
    protocol.createJob(GENESIS.toArrayUnsafe());
    protocol.stake(worker, 1, DeployedProtocol.tokens(2_000));
    for (int i = 5; i < 10; i++) {
      protocol.stake(chain.account(i), 2, DeployedProtocol.tokens(5_000));
    }
    ProtocolContracts asChallenger = protocol.as(challenger);
    protocol
        .as(chain.account(0))
        .token()
        .transfer(challenger.getAddress(), DeployedProtocol.tokens(1_000))
        .send();
    asChallenger
        .token()
        .approve(protocol.deployment().disputes(), DeployedProtocol.tokens(1_000))
        .send();

    int length = DeployedProtocol.SEGMENT_LENGTH;
    StepMerkleTree honest = tree(0, length, 0, Long.MAX_VALUE);
    StepMerkleTree cheat = tree(length, length, 1, length + 5);
    ProtocolContracts asWorker = protocol.as(worker);
    BigInteger job = BigInteger.ZERO;
    Bytes32 end0 = state(length - 1, 0);
    asWorker.ledger().claim(job, BigInteger.ZERO).send();
    asWorker
        .ledger()
        .commit(
            job,
            BigInteger.ZERO,
            GENESIS.toArrayUnsafe(),
            honest.root().toArrayUnsafe(),
            end0.toArrayUnsafe())
        .send();
    Bytes32 end1 = state(2L * length - 1, 1);
    asWorker.ledger().claim(job, BigInteger.ONE).send();
    asWorker
        .ledger()
        .commit(
            job,
            BigInteger.ONE,
            end0.toArrayUnsafe(),
            cheat.root().toArrayUnsafe(),
            end1.toArrayUnsafe())
        .send();

    long step = length + 7;
    int offset = 7;
    DisputeManager.FraudEvidence evidence =
        new DisputeManager.FraudEvidence(
            BigInteger.valueOf(step),
            cheat.leaf(offset - 1).stateHash().toArrayUnsafe(),
            siblings(cheat, offset - 1),
            cheat.leaf(offset).stateHash().toArrayUnsafe(),
            siblings(cheat, offset),
            state(step, 0).toArrayUnsafe());
    BigInteger disputeId =
        DisputeManager.getDisputeOpenedEvents(
                asChallenger
                    .disputes()
                    .openFraudDispute(
                        job,
                        BigInteger.ONE,
                        new DisputeManager.Commitment(
                            end0.toArrayUnsafe(),
                            cheat.root().toArrayUnsafe(),
                            end1.toArrayUnsafe()),
                        evidence)
                    .send())
            .get(0)
            .disputeId;
    List<String> drawn =
        DisputeManager.getJuryDrawnEvents(asChallenger.disputes().drawJury(disputeId).send())
            .get(0)
            .jurors;
    jurors = new ArrayList<>();
    for (String address : drawn) {
      jurors.add(
          chain.accounts().stream()
              .filter(a -> a.getAddress().equalsIgnoreCase(address))
              .findFirst()
              .orElseThrow());
    }
    byte[] salt = Hash.sha3(new byte[] {7});
    for (int seat = 0; seat < jurors.size(); seat++) {
      Credentials juror = jurors.get(seat);
      byte[] commitment =
          Hash.sha3(
              org.web3j.utils.Numeric.hexStringToByteArray(
                  org.web3j.abi.TypeEncoder.encode(
                          new org.web3j.abi.datatypes.generated.Uint256(disputeId))
                      + org.web3j.abi.TypeEncoder.encode(
                          new org.web3j.abi.datatypes.Address(juror.getAddress()))
                      + org.web3j.abi.TypeEncoder.encode(
                          new org.web3j.abi.datatypes.generated.Uint8(1))
                      + org.web3j.abi.TypeEncoder.encode(
                          new org.web3j.abi.datatypes.generated.Bytes32(salt))));
      protocol
          .as(juror)
          .disputes()
          .commitVote(disputeId, BigInteger.valueOf(seat), commitment)
          .send();
    }
    for (int seat = 0; seat < jurors.size(); seat++) {
      protocol
          .as(jurors.get(seat))
          .disputes()
          .revealVote(disputeId, BigInteger.valueOf(seat), BigInteger.ONE, salt)
          .send();
    }
    asChallenger.disputes().resolve(disputeId).send();
    chain.increaseTime(Duration.ofSeconds(3_601));
    asWorker.ledger().finalize(job, BigInteger.ZERO).send();
    asWorker.ledger().claimReward(job, BigInteger.ZERO).send();
  }

  @AfterAll
  void disconnect() {
    web3j.shutdown();
    protocol.close();
  }

  @BeforeEach
  void takeSnapshot() {
    snapshot = chain.snapshot();
  }

  @AfterEach
  void revertSnapshot() {
    chain.revert(snapshot);
    protocol.forgetNonces();
  }

  private EventIndexer indexer(KeyValueStorage storage, IndexerSettings settings) {
    return new EventIndexer(web3j, protocol.deployment(), storage, settings, RETRY);
  }

  @Test
  void shouldIndexJobsSegmentsDisputesAndParticipants() throws Exception {
    KeyValueStorage storage = new InMemoryKeyValueStorage();
    EventIndexer indexer = indexer(storage, IndexerSettings.devnet());

    EventIndexer.Progress progress = indexer.poll().orElseThrow();

    ProtocolIndex index = indexer.index();
    assertThat(progress.toBlock()).isEqualTo(chain.blockNumber().longValueExact());
    IndexedJob job = index.job(BigInteger.ZERO).orElseThrow();
    assertThat(job.genesisStateHash()).isEqualTo(GENESIS.toHexString());
    assertThat(job.segmentLength()).isEqualTo(DeployedProtocol.SEGMENT_LENGTH);
    assertThat(job.modelSpec()).isEqualTo(DeployedProtocol.MODEL.encode().toHexString());
    assertThat(job.jobSeed()).isEqualTo(DeployedProtocol.JOB_SEED);
    assertThat(job.datasetManifestHash())
        .isEqualTo(Bytes.wrap(DeployedProtocol.MANIFEST_HASH).toHexString());
    assertThat(job.datasetLocations()).isEqualTo(DeployedProtocol.DATASET_LOCATIONS);
    IndexedSegment first = index.segment(BigInteger.ZERO, 0).orElseThrow();
    assertThat(first.status()).isEqualTo(IndexedSegment.Status.REWARDED);
    assertThat(first.startStateHash()).isEqualTo(GENESIS.toHexString());
    assertThat(first.worker()).isEqualToIgnoringCase(worker.getAddress());
    IndexedSegment second = index.segment(BigInteger.ZERO, 1).orElseThrow();
    assertThat(second.status()).isEqualTo(IndexedSegment.Status.FRAUD);
    assertThat(second.stepRoot())
        .isEqualTo(
            tree(
                    DeployedProtocol.SEGMENT_LENGTH,
                    DeployedProtocol.SEGMENT_LENGTH,
                    1,
                    DeployedProtocol.SEGMENT_LENGTH + 5)
                .root()
                .toHexString());
    assertThat(index.segments(BigInteger.ZERO, 0, 10)).hasSize(2);
    IndexedDispute dispute = index.dispute(BigInteger.ZERO).orElseThrow();
    assertThat(dispute.resolved()).isTrue();
    assertThat(dispute.outcome()).isEqualTo(1);
    assertThat(dispute.jurors()).hasSize(3);
    assertThat(dispute.step()).isEqualTo(DeployedProtocol.SEGMENT_LENGTH + 7);
    IndexedParticipant participant = index.participant(worker.getAddress()).orElseThrow();
    assertThat(participant.isWorker()).isTrue();
    assertThat(participant.endpoint()).endsWith(worker.getAddress());
    assertThat(index.participant(chain.account(5).getAddress()).orElseThrow().isVerifier())
        .isTrue();
    assertThat(index.logs(0, 10_000)).hasSize(progress.logs());
    assertThat(index.cursor().orElseThrow().block()).isEqualTo(progress.toBlock());
    assertThat(indexer.poll()).isEmpty();
  }

  @Test
  void shouldReadTheSameIndexInSmallWindowsAndWhenTheNodeLimitsTheRange() throws Exception {
    KeyValueStorage reference = new InMemoryKeyValueStorage();
    indexer(reference, IndexerSettings.devnet()).poll();
    KeyValueStorage small = new InMemoryKeyValueStorage();
    KeyValueStorage limited = new InMemoryKeyValueStorage();
    RangeLimitedHttpService limitedNode = new RangeLimitedHttpService(chain.rpcUrl(), 4);
    Web3j limitedClient = Web3j.build(limitedNode);
    try {
      EventIndexer.Progress smallProgress =
          indexer(small, new IndexerSettings(0, 3)).poll().orElseThrow();
      new EventIndexer(
              limitedClient, protocol.deployment(), limited, IndexerSettings.devnet(), RETRY)
          .poll();

      assertThat(smallProgress.windows()).isGreaterThan(5);
      assertThat(limitedNode.refusals()).isPositive();
      assertSameContent(small, reference);
      assertSameContent(limited, reference);
    } finally {
      limitedClient.shutdown();
    }
  }

  @Test
  void shouldResumeFromItsCursorAfterARestart() throws Exception {
    KeyValueStorage reference = new InMemoryKeyValueStorage();
    indexer(reference, IndexerSettings.devnet()).poll();
    KeyValueStorage storage = new InMemoryKeyValueStorage();
    long head = chain.blockNumber().longValueExact();
    long firstPart = (head - protocol.deployment().deployBlock()) / 2;
    indexer(
            storage,
            new IndexerSettings((int) (head - protocol.deployment().deployBlock() - firstPart), 7))
        .poll();
    long stoppedAt =
        new ProtocolIndex(storage, protocol.deployment()).cursor().orElseThrow().block();
    assertThat(stoppedAt).isLessThan(head);

    EventIndexer.Progress resumed =
        indexer(storage, new IndexerSettings(0, 7)).poll().orElseThrow();

    assertThat(resumed.fromBlock()).isEqualTo(stoppedAt + 1);
    assertSameContent(storage, reference);
  }

  @Test
  void shouldIndexOnlyBlocksBuriedUnderTheConfirmations() throws Exception {
    KeyValueStorage storage = new InMemoryKeyValueStorage();
    long head = chain.blockNumber().longValueExact();

    indexer(storage, new IndexerSettings(4, 2_000)).poll();

    assertThat(new ProtocolIndex(storage, protocol.deployment()).cursor().orElseThrow().block())
        .isEqualTo(head - 4);
    assertThat(
            new ProtocolIndex(storage, protocol.deployment())
                .segment(BigInteger.ZERO, 0)
                .orElseThrow()
                .status())
        .isNotEqualTo(IndexedSegment.Status.REWARDED);
  }

  @Test
  void shouldNeverSeeAReorgWithinTheConfirmationDepth() throws Exception {
    KeyValueStorage storage = new InMemoryKeyValueStorage();
    EventIndexer indexer = indexer(storage, new IndexerSettings(3, 2_000));
    indexer.poll();
    LocalChain.Snapshot fork = chain.snapshot();
    protocol.as(worker).staking().register(BigInteger.ONE, "http://orphaned.example", "gpu").send();
    chain.mine();
    indexer.poll();

    chain.revert(fork);
    protocol.forgetNonces();
    protocol
        .as(worker)
        .staking()
        .register(BigInteger.ONE, "http://canonical.example", "gpu")
        .send();
    for (int i = 0; i < 3; i++) {
      chain.mine();
    }
    indexer.poll();

    assertThat(indexer.index().participant(worker.getAddress()).orElseThrow().endpoint())
        .isEqualTo("http://canonical.example");
    String orphaned =
        Bytes.wrap("http://orphaned.example".getBytes(StandardCharsets.UTF_8))
            .toUnprefixedHexString();
    assertThat(indexer.index().logs(0, 10_000)).noneMatch(log -> log.getData().contains(orphaned));
  }

  @Test
  void shouldStopAtAReorgDeeperThanTheConfirmations() throws Exception {
    KeyValueStorage storage = new InMemoryKeyValueStorage();
    EventIndexer indexer = indexer(storage, IndexerSettings.devnet());
    LocalChain.Snapshot fork = chain.snapshot();
    protocol.as(worker).staking().register(BigInteger.ONE, "http://orphaned.example", "gpu").send();
    indexer.poll();
    Optional<IndexCursor> before = indexer.index().cursor();

    chain.revert(fork);
    protocol.forgetNonces();
    chain.mine();
    chain.mine();

    assertThatThrownBy(indexer::poll).isInstanceOf(ReorgDetectedException.class);
    assertThat(indexer.index().cursor()).isEqualTo(before);
  }

  private static void assertSameContent(KeyValueStorage actual, KeyValueStorage expected) {
    for (Column column : COLUMNS) {
      List<KeyValue> want = expected.scan(column, Bytes.EMPTY, Bytes.EMPTY, 100_000);
      List<KeyValue> got = actual.scan(column, Bytes.EMPTY, Bytes.EMPTY, 100_000);
      assertThat(got).as(column.name()).isEqualTo(want);
    }
  }

  private static Bytes32 state(long step, int variant) {
    return Bytes32.wrap(
        Hash.sha3(
            Bytes.concatenate(Bytes.ofUnsignedLong(step), Bytes.ofUnsignedInt(variant))
                .toArrayUnsafe()));
  }

  /**
   * A segment's tree whose states are honest before {@code fromStep} and of {@code variant} from
   * it.
   */
  private static StepMerkleTree tree(long firstStep, int length, int variant, long fromStep) {
    List<Bytes32> states = new ArrayList<>();
    for (long t = firstStep; t < firstStep + length; t++) {
      states.add(state(t, t >= fromStep ? variant : 0));
    }
    return StepMerkleTree.of(firstStep, states);
  }

  private static List<byte[]> siblings(StepMerkleTree tree, int offset) {
    return tree.proof(offset).siblings().stream().map(Bytes32::toArrayUnsafe).toList();
  }
}
