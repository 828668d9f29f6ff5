package org.polyculture.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.chain.index.IndexerSettings;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;
import org.polyculture.transfer.client.ClientSettings;
import org.polyculture.transfer.client.TransferClient;
import org.polyculture.verifier.audit.AuditOutcome;
import org.polyculture.verifier.audit.StepVerdict;
import org.polyculture.verifier.chain.DisputeKind;
import org.polyculture.verifier.chain.DisputeOutcome;
import org.polyculture.verifier.chain.StakeStatus;
import org.polyculture.verifier.chain.Vote;
import org.polyculture.verifier.fetch.DatasetSource;
import org.polyculture.verifier.fetch.TransferDatasetSource;
import org.polyculture.verifier.fetch.TransferWorkerData;
import org.polyculture.verifier.fetch.WorkerData;
import org.polyculture.verifier.report.VerifierMetrics.Counter;
import org.polyculture.verifier.store.AuditRecord;
import org.polyculture.verifier.store.AuditResult;
import org.polyculture.verifier.store.AuditStatus;
import org.polyculture.verifier.store.JuryRecord;
import org.polyculture.verifier.store.JuryStatus;
import org.polyculture.verifier.store.StepRecord;
import org.polyculture.worker.ChainAccess;
import org.polyculture.worker.Web3jLedger;
import org.polyculture.worker.WorkerCompute;
import org.polyculture.worker.WorkerNode;
import org.polyculture.worker.WorkerSettings;
import org.polyculture.worker.cheat.CheatStrategies;
import org.polyculture.worker.cheat.CheatStrategy;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;

/**
 * Verifiers against a worker on a real chain (Ganache) with real LMDB stores, fetching from the
 * worker's node over node/transfer's HTTP (states chunk by chunk, step hashes, the dataset): an
 * honest segment audits clean; a tampered one is disputed with valid proofs, judged by a jury of
 * other verifier nodes, and the worker slashed; a juror restarted between commit and reveal still
 * reveals; a withheld state leads to a data-availability dispute; a self-contradictory commitment
 * is judged at once.
 */
@ExtendWith(GanacheExtension.class)
class VerifierOnChainTest {

  private static final int SEGMENT_LENGTH = 8;
  private static final int VERIFIERS = 7;

  @TempDir static Path shared;
  private static CommonsOnGanache commons;
  private static TinyJob job;
  private static BigInteger jobId;
  private static Credentials worker;
  private static HttpWorker workerNode;
  private static TransferClient transfers;

  @TempDir Path directory;
  private LocalChain.Snapshot snapshot;
  private final List<WorkerNode> realWorkers = new ArrayList<>();

  @BeforeAll
  static void deployAndStake(LocalChain chain) throws Exception {
    transfers =
        new TransferClient(new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(20), 2, 2));
    commons = CommonsOnGanache.deploy(chain);
    worker = chain.account(1);
    // Funded before the job's proposal: once the deployer delegates its votes, each transfer from
    // it also writes a vote checkpoint.
    commons.fund(worker, CommonsOnGanache.WORKER_STAKE);
    commons.fund(realWorkerKey(), CommonsOnGanache.WORKER_STAKE.multiply(BigInteger.TWO));
    for (int i = 0; i < VERIFIERS; i++) {
      commons.fund(verifierKey(i), CommonsOnGanache.VERIFIER_TOKENS);
    }
    TinyJob packed = TinyJob.create(shared.resolve("job"), BigInteger.ZERO, SEGMENT_LENGTH, 4);
    workerNode = HttpWorker.start(packed.datasetDirectory());
    job = packed.servedAt(workerNode.endpoint());
    jobId = commons.createJob(job);
    commons.stakeWorker(worker, workerNode.endpoint());
    for (int i = 0; i < VERIFIERS; i++) {
      VerifierNode node =
          commons.verifier(verifierKey(i), shared.resolve("stake-" + i), workers(), datasets(), 1);
      StakeStatus status = node.ensureStake();
      assertThat(status.sufficient()).isTrue();
      assertThat(status.registeredNow()).isTrue();
      commons.stop(node);
    }
  }

  @AfterAll
  static void close() {
    commons.close();
    workerNode.close();
    transfers.close();
  }

  @BeforeEach
  void takeSnapshot() {
    snapshot = commons.chain().snapshot();
  }

  @AfterEach
  void restoreChain() {
    realWorkers.forEach(WorkerNode::close);
    realWorkers.clear();
    workerNode.clear();
    commons.stopVerifiers();
    commons.chain().revert(snapshot);
    commons.forgetNonces();
  }

  @Test
  void shouldAuditAnHonestSegmentCleanAndOpenNoDispute() throws Exception {
    TrainedSegment segment = honestSegment();
    commitAndMine(segment);
    VerifierNode verifier = node(0, SEGMENT_LENGTH);

    runUntil(() -> audited(verifier, AuditStatus.AUDITED), List.of(verifier));

    AuditRecord audit = auditOf(verifier);
    assertThat(audit.status()).isEqualTo(AuditStatus.AUDITED);
    AuditResult result = audit.result().orElseThrow();
    assertThat(result.outcome()).isEqualTo(AuditOutcome.CLEAN);
    assertThat(result.randomness())
        .isEqualTo(
            commons
                .client()
                .web3j()
                .ethGetBlockByNumber(
                    DefaultBlockParameter.valueOf(
                        BigInteger.valueOf(audit.commitment().commitBlock() + 1)),
                    false)
                .send()
                .getBlock()
                .getHash());
    assertThat(result.steps()).hasSize(SEGMENT_LENGTH);
    assertThat(result.steps()).allMatch(s -> s.verdict() == StepVerdict.MATCH);
    assertThat(disputeCount()).isZero();
    assertThat(verifier.metrics().get(Counter.SEGMENTS_CLEAN)).isEqualTo(1);
    assertThat(verifier.metrics().get(Counter.STEPS_MATCHED)).isEqualTo(SEGMENT_LENGTH);
    Path reportFile = directory.resolve("verifier-0").resolve("report.json");
    assertThat(reportFile).exists();
    assertThat(Files.readString(reportFile))
        .contains("\"CLEAN\"")
        .contains(audit.commitment().stepRoot());
  }

  @Test
  void shouldNotAuditASegmentItsOwnKeyCommitted() throws Exception {
    commitAndMine(honestSegment());
    VerifierNode self =
        commons.verifier(worker, directory.resolve("self"), workers(), datasets(), SEGMENT_LENGTH);

    runUntil(() -> audited(self, AuditStatus.SKIPPED), List.of(self));

    assertThat(auditOf(self).detail()).contains("own segment");
    assertThat(auditOf(self).result()).isEmpty();
  }

  @Test
  void shouldDisputeATamperedStepAndHaveTheJurySlashTheWorker() throws Exception {
    TrainedSegment cheat =
        TrainedSegment.train(
            job.workspace(), job.genesis(), SEGMENT_LENGTH, TrainedSegment.skipStep(5));
    commitAndMine(cheat);
    List<VerifierNode> pool = pool();
    VerifierNode challenger = pool.get(0);
    BigInteger balanceBefore = tokens(verifierKey(0));
    BigInteger workerStake = slashable(worker);

    BigInteger disputeId = disputeOpenedBy(challenger);
    AuditRecord disputed = auditOf(challenger);
    assertThat(disputed.finding().orElseThrow().kind()).isEqualTo(DisputeKind.FRAUD);
    assertThat(disputed.finding().orElseThrow().step()).isEqualTo(5);

    runUntil(() -> outcome(disputeId) != DisputeOutcome.NONE, pool);
    runUntil(() -> audited(challenger, AuditStatus.SETTLED), pool);

    assertThat(outcome(disputeId)).isEqualTo(DisputeOutcome.WORKER_AT_FAULT);
    assertThat(slashable(worker)).isZero();
    BigInteger finderShare = workerStake.divide(BigInteger.TEN);
    assertThat(tokens(verifierKey(0))).isEqualTo(balanceBefore.add(finderShare));
    assertThat(auditOf(challenger).disputeOutcome()).contains(DisputeOutcome.WORKER_AT_FAULT);
    List<JuryRecord> duties = juryDuties(pool);
    assertThat(duties).hasSize(3);
    assertThat(duties)
        .allSatisfy(
            duty -> {
              assertThat(duty.status()).isEqualTo(JuryStatus.SETTLED);
              assertThat(duty.vote()).contains(Vote.WORKER_AT_FAULT);
              assertThat(duty.withMajority()).contains(true);
            });
    assertThat(challenger.metrics().get(Counter.DISPUTES_WON)).isEqualTo(1);

    VerifierNode late =
        commons.verifier(
            verifierKey(1), directory.resolve("late"), workers(), datasets(), SEGMENT_LENGTH);
    runUntil(() -> audited(late, AuditStatus.SKIPPED), List.of(late));
    assertThat(auditOf(late).detail()).contains("voided");
  }

  @Test
  void shouldLeaveAFraudToTheOpenDisputeThatCarriesTheSameEvidence() throws Exception {
    TrainedSegment cheat =
        TrainedSegment.train(
            job.workspace(), job.genesis(), SEGMENT_LENGTH, TrainedSegment.skipStep(5));
    commitAndMine(cheat);
    List<VerifierNode> pool = new ArrayList<>();
    for (int i = 0; i < VERIFIERS; i++) {
      pool.add(node(i, i <= 1 ? SEGMENT_LENGTH : 0));
    }
    VerifierNode first = pool.get(0);
    VerifierNode second = pool.get(1);
    BigInteger disputeId = disputeOpenedBy(first);

    runUntil(() -> outcome(disputeId) != DisputeOutcome.NONE, pool);
    runUntil(() -> audited(second, AuditStatus.NOT_DISPUTED), pool);

    assertThat(outcome(disputeId)).isEqualTo(DisputeOutcome.WORKER_AT_FAULT);
    assertThat(auditOf(second).finding().orElseThrow().step()).isEqualTo(5);
    assertThat(auditOf(second).disputeId()).isEmpty();
    assertThat(second.metrics().get(Counter.DISPUTES_OPENED_FRAUD)).isZero();
    assertThat(first.metrics().get(Counter.DISPUTES_OPENED_FRAUD)).isEqualTo(1);
  }

  @Test
  void shouldHoldAFindingForItsStaggerInBlocksAndTimeBeforeOpeningTheDispute() throws Exception {
    TrainedSegment cheat =
        TrainedSegment.train(
            job.workspace(), job.genesis(), SEGMENT_LENGTH, TrainedSegment.skipStep(5));
    commitAndMine(cheat);
    int index =
        IntStream.range(0, VERIFIERS)
            .filter(i -> stagger(i) >= 2)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no verifier of the pool has rank 2 or more"));
    AtomicLong clock = new AtomicLong();
    Duration step = Duration.ofSeconds(10);
    VerifierNode verifier =
        commons.verifier(
            verifierKey(index),
            directory.resolve("staggered"),
            workers(),
            datasets(),
            SEGMENT_LENGTH,
            step,
            clock::get);

    runUntil(
        () -> audited(verifier, AuditStatus.DISPUTING) || audited(verifier, AuditStatus.DISPUTED),
        List.of(verifier));
    assertThat(auditOf(verifier).status()).isEqualTo(AuditStatus.DISPUTING);
    for (int block = 1; block < stagger(index); block++) {
      commons.chain().mine();
      clock.addAndGet(step.toNanos());
      verifier.tick();
      assertThat(auditOf(verifier).status())
          .as("after %d blocks and steps", block)
          .isEqualTo(AuditStatus.DISPUTING);
    }
    commons.chain().mine();
    verifier.tick();
    assertThat(auditOf(verifier).status())
        .as("its blocks have passed, its time has not")
        .isEqualTo(AuditStatus.DISPUTING);
    assertThat(commons.as(worker).disputes().disputeCount().send()).isZero();
    clock.addAndGet(step.toNanos());
    verifier.tick();

    assertThat(auditOf(verifier).status()).isEqualTo(AuditStatus.DISPUTED);
    assertThat(commons.as(worker).disputes().disputeCount().send()).isEqualTo(BigInteger.ONE);
  }

  @Test
  void shouldAuditAgainInsteadOfDisputingWhenTheWithheldStateIsServedBeforeTheBondIsPut()
      throws Exception {
    TrainedSegment segment = honestSegment();
    Bytes32 withheld = segment.committedHashes().get(2);
    workerNode.withhold(withheld);
    commitAndMine(segment);
    VerifierNode verifier = heldVerifier("withheld-state");

    workerNode.serveAgain(withheld);
    runUntil(() -> audited(verifier, AuditStatus.AUDITED), List.of(verifier));

    assertThat(auditOf(verifier).result().orElseThrow().outcome()).isEqualTo(AuditOutcome.CLEAN);
    assertThat(commons.as(worker).disputes().disputeCount().send()).isZero();
  }

  @Test
  void shouldAuditAgainInsteadOfDisputingWhenTheStepListIsServedBeforeTheBondIsPut()
      throws Exception {
    TrainedSegment segment = honestSegment();
    workerNode.withholdStepList(jobId, 0);
    commitAndMine(segment);
    VerifierNode verifier = heldVerifier("withheld-steps");

    workerNode.serveStepListAgain(jobId, 0);
    runUntil(() -> audited(verifier, AuditStatus.AUDITED), List.of(verifier));

    assertThat(auditOf(verifier).result().orElseThrow().outcome()).isEqualTo(AuditOutcome.CLEAN);
    assertThat(commons.as(worker).disputes().disputeCount().send()).isZero();
  }

  /**
   * An auditing verifier whose stagger holds its finding at least one block, run until it holds a
   * finding about the committed segment.
   */
  private VerifierNode heldVerifier(String name) {
    int index =
        IntStream.range(0, VERIFIERS)
            .filter(i -> stagger(i) >= 1)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no verifier of the pool has rank 1 or more"));
    VerifierNode verifier =
        commons.verifier(
            verifierKey(index), directory.resolve(name), workers(), datasets(), SEGMENT_LENGTH);
    runUntil(
        () -> audited(verifier, AuditStatus.DISPUTING) || audited(verifier, AuditStatus.DISPUTED),
        List.of(verifier));
    assertThat(auditOf(verifier).status()).isEqualTo(AuditStatus.DISPUTING);
    return verifier;
  }

  private int stagger(int verifier) {
    return DisputeStagger.rank(verifierKey(verifier).getAddress(), jobId, 0);
  }

  @Test
  void shouldRevealAfterARestartBetweenCommitAndReveal() throws Exception {
    TrainedSegment cheat =
        TrainedSegment.train(
            job.workspace(), job.genesis(), SEGMENT_LENGTH, TrainedSegment.skipStep(2));
    commitAndMine(cheat);
    List<VerifierNode> pool = pool();
    VerifierNode challenger = pool.get(0);
    BigInteger disputeId = disputeOpenedBy(challenger);
    runUntil(() -> seats(disputeId).size() == 3, List.of(challenger));
    // One pass each: every juror decides and commits; none can reveal yet.
    for (VerifierNode node : pool) {
      node.tick();
    }
    List<DisputeManager.Seat> committed = seats(disputeId);
    assertThat(committed).allMatch(seat -> seat.committed && !seat.revealed);
    int restartedIndex = indexOf(committed.get(0).juror);
    VerifierNode before = pool.get(restartedIndex);
    JuryRecord persisted = before.report().juryDuties().get(0);
    assertThat(persisted.status()).isEqualTo(JuryStatus.COMMITTED);

    commons.stop(before);
    VerifierNode restarted = node(restartedIndex, 0);
    pool.set(restartedIndex, restarted);
    restarted.tick();

    DisputeManager.Seat seat = seats(disputeId).get(0);
    assertThat(seat.revealed).isTrue();
    assertThat(seat.vote.intValueExact()).isEqualTo(Vote.WORKER_AT_FAULT.code());
    runUntil(() -> outcome(disputeId) != DisputeOutcome.NONE, pool);
    assertThat(outcome(disputeId)).isEqualTo(DisputeOutcome.WORKER_AT_FAULT);
    runUntil(
        () -> restarted.report().juryDuties().get(0).status() == JuryStatus.SETTLED,
        List.of(restarted));
    JuryRecord settled = restarted.report().juryDuties().get(0);
    assertThat(settled.salt()).isEqualTo(persisted.salt());
    assertThat(settled.withMajority()).contains(true);
  }

  @Test
  void shouldOpenAnAvailabilityDisputeWhenTheWorkerWithholdsAState() throws Exception {
    TrainedSegment segment = honestSegment();
    Bytes32 withheld = segment.committedHashes().get(2);
    workerNode.withhold(withheld);
    commitAndMine(segment);
    List<VerifierNode> pool = pool();
    VerifierNode challenger = pool.get(0);

    BigInteger disputeId = disputeOpenedBy(challenger);
    AuditRecord disputed = auditOf(challenger);
    assertThat(disputed.result().orElseThrow().outcome()).isEqualTo(AuditOutcome.UNAVAILABLE);
    assertThat(disputed.finding().orElseThrow().kind()).isEqualTo(DisputeKind.AVAILABILITY);
    assertThat(disputed.finding().orElseThrow().step()).isEqualTo(2);
    assertThat(disputed.finding().orElseThrow().stateHash()).isEqualTo(withheld.toHexString());
    DisputeManager.Dispute onChain = commons.as(worker).disputes().disputeOf(disputeId).send();
    assertThat(onChain.kind.intValueExact()).isEqualTo(DisputeKind.AVAILABILITY.code());

    runUntil(() -> outcome(disputeId) != DisputeOutcome.NONE, pool);

    assertThat(outcome(disputeId)).isEqualTo(DisputeOutcome.WORKER_AT_FAULT);
    assertThat(slashable(worker)).isZero();
    assertThat(juryDuties(pool))
        .allSatisfy(duty -> assertThat(duty.vote()).contains(Vote.WORKER_AT_FAULT));
  }

  @Test
  void shouldHaveTheJuryClearAWorkerWhoServesTheStateAfterAll() throws Exception {
    TrainedSegment segment = honestSegment();
    Bytes32 withheld = segment.committedHashes().get(2);
    workerNode.withhold(withheld);
    commitAndMine(segment);
    List<VerifierNode> pool = pool();
    VerifierNode challenger = pool.get(0);
    BigInteger disputeId = disputeOpenedBy(challenger);
    BigInteger workerStake = slashable(worker);

    workerNode.serveAgain(withheld);
    runUntil(() -> outcome(disputeId) != DisputeOutcome.NONE, pool);

    assertThat(outcome(disputeId)).isEqualTo(DisputeOutcome.CHALLENGER_AT_FAULT);
    assertThat(slashable(worker)).isEqualTo(workerStake);
    runUntil(() -> audited(challenger, AuditStatus.SETTLED), pool);
    assertThat(auditOf(challenger).disputeOutcome()).contains(DisputeOutcome.CHALLENGER_AT_FAULT);
    assertThat(challenger.metrics().get(Counter.DISPUTES_LOST)).isEqualTo(1);
  }

  @Test
  void shouldOpenAStepListDisputeWhenTheWorkerServesNoStepHashesAndHaveItSlashed()
      throws Exception {
    TrainedSegment segment = honestSegment();
    workerNode.withholdStepList(jobId, 0);
    commitAndMine(segment);
    List<VerifierNode> pool = pool();
    VerifierNode challenger = pool.get(0);

    BigInteger disputeId = disputeOpenedBy(challenger);
    AuditRecord disputed = auditOf(challenger);
    assertThat(disputed.result().orElseThrow().outcome()).isEqualTo(AuditOutcome.STEPS_UNAVAILABLE);
    assertThat(disputed.finding().orElseThrow().kind()).isEqualTo(DisputeKind.STEP_LIST);
    assertThat(disputed.finding().orElseThrow().stateHash())
        .isEqualTo(segment.stepRoot().toHexString());
    DisputeManager.Dispute onChain = commons.as(worker).disputes().disputeOf(disputeId).send();
    assertThat(onChain.kind.intValueExact()).isEqualTo(DisputeKind.STEP_LIST.code());
    assertThat(onChain.step.longValueExact()).isZero();
    assertThat(challenger.metrics().get(Counter.DISPUTES_OPENED_STEP_LIST)).isEqualTo(1);

    runUntil(() -> outcome(disputeId) != DisputeOutcome.NONE, pool);

    assertThat(outcome(disputeId)).isEqualTo(DisputeOutcome.WORKER_AT_FAULT);
    assertThat(slashable(worker)).isZero();
    assertThat(juryDuties(pool))
        .allSatisfy(duty -> assertThat(duty.vote()).contains(Vote.WORKER_AT_FAULT));
  }

  @Test
  void shouldHaveTheJuryClearAWorkerWhoServesTheStepListAfterAll() throws Exception {
    TrainedSegment segment = honestSegment();
    workerNode.withholdStepList(jobId, 0);
    commitAndMine(segment);
    List<VerifierNode> pool = pool();
    VerifierNode challenger = pool.get(0);
    BigInteger disputeId = disputeOpenedBy(challenger);
    BigInteger workerStake = slashable(worker);

    workerNode.serveStepListAgain(jobId, 0);
    runUntil(() -> outcome(disputeId) != DisputeOutcome.NONE, pool);

    assertThat(outcome(disputeId)).isEqualTo(DisputeOutcome.CHALLENGER_AT_FAULT);
    assertThat(slashable(worker)).isEqualTo(workerStake);
    assertThat(juryDuties(pool))
        .allSatisfy(duty -> assertThat(duty.vote()).contains(Vote.CHALLENGER_AT_FAULT));
  }

  @Test
  void shouldWinASelfContradictoryCommitmentWithoutAJury() throws Exception {
    TrainedSegment cheat =
        TrainedSegment.train(
            job.workspace(), job.genesis(), SEGMENT_LENGTH, TrainedSegment.contradictoryEnd());
    commitAndMine(cheat);
    VerifierNode challenger = node(0, 1);

    runUntil(() -> audited(challenger, AuditStatus.SETTLED), List.of(challenger));

    assertThat(auditOf(challenger).disputeOutcome()).contains(DisputeOutcome.WORKER_AT_FAULT);
    assertThat(auditOf(challenger).finding().orElseThrow().selfEvident()).isTrue();
    assertThat(slashable(worker)).isZero();
  }

  @Test
  void shouldAuditARealWorkersSegmentsCleanFetchingTheLaterSegmentsStartState() throws Exception {
    WorkerNode trainer = realWorker(CheatStrategy.NONE);
    trainer.tick();
    trainer.tick();
    commons.chain().mine();
    VerifierNode verifier = node(0, SEGMENT_LENGTH);

    runUntil(() -> audits(verifier, AuditStatus.AUDITED) == 2, List.of(verifier));

    List<AuditRecord> audits = verifier.report().audits();
    assertThat(audits).extracting(a -> a.commitment().segment()).containsExactly(0L, 1L);
    assertThat(audits)
        .allSatisfy(
            a -> assertThat(a.result().orElseThrow().outcome()).isEqualTo(AuditOutcome.CLEAN));
    assertThat(audits.get(1).result().orElseThrow().steps())
        .extracting(StepRecord::step)
        .contains((long) SEGMENT_LENGTH)
        .allMatch(step -> step >= SEGMENT_LENGTH);
    assertThat(disputeCount()).isZero();
  }

  @Test
  void shouldCatchARealWorkerThatSkipsAStepAndHaveItSlashed() throws Exception {
    CheatStrategy skip = CheatStrategies.create("skip-step", OptionalInt.of(3)).orElseThrow();
    WorkerNode cheater = realWorker(skip);
    cheater.tick();
    commons.chain().mine();
    List<VerifierNode> pool = pool();
    BigInteger stake = slashable(realWorkerKey());

    BigInteger disputeId = disputeOpenedBy(pool.get(0));
    runUntil(() -> outcome(disputeId) != DisputeOutcome.NONE, pool);

    assertThat(auditOf(pool.get(0)).finding().orElseThrow().step()).isEqualTo(3);
    assertThat(stake).isPositive();
    assertThat(outcome(disputeId)).isEqualTo(DisputeOutcome.WORKER_AT_FAULT);
    assertThat(slashable(realWorkerKey())).isZero();
  }

  // ------------------------------------------------------------------ helpers

  private static Credentials realWorkerKey() {
    return commons.chain().account(12);
  }

  /** node/gpu-worker's worker node, training the job for real on the scalar backend. */
  private WorkerNode realWorker(CheatStrategy cheat) {
    WorkerSettings settings =
        WorkerSettings.builder()
            .dataDirectory(directory.resolve("real-worker"))
            .listen("127.0.0.1", 0)
            .checkpointEvery(2)
            .indexer(IndexerSettings.devnet())
            .client(new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(20), 2, 2))
            .cheat(cheat)
            .build();
    ChainAccess access =
        new ChainAccess(
            new Web3jLedger(commons.client(), commons.deployment(), realWorkerKey()),
            commons.client().web3j(),
            commons.deployment(),
            new RetryPolicy(CommonsOnGanache.transactions(), RetryPolicy.Sleeper.REAL));
    WorkerNode trainer =
        WorkerNode.open(
            settings,
            access,
            new WorkerCompute() {
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
                return "scalar";
              }
            });
    realWorkers.add(trainer);
    return trainer;
  }

  private static long audits(VerifierNode node, AuditStatus status) {
    return node.report().audits().stream().filter(a -> a.status() == status).count();
  }

  private static Credentials verifierKey(int i) {
    return commons.chain().account(2 + i);
  }

  private TrainedSegment honestSegment() {
    return TrainedSegment.train(
        job.workspace(), job.genesis(), SEGMENT_LENGTH, TrainedSegment.HONEST);
  }

  /** The worker serves {@code segment}, commits it as segment 0, and a block follows. */
  private void commitAndMine(TrainedSegment segment) throws Exception {
    workerNode.serve(jobId, 0, segment);
    commons.commit(worker, jobId, 0, segment);
    commons.chain().mine();
  }

  /** Runs {@code challenger} until it has opened its dispute; returns the dispute's id. */
  private BigInteger disputeOpenedBy(VerifierNode challenger) {
    runUntil(() -> audited(challenger, AuditStatus.DISPUTED), List.of(challenger));
    return new BigInteger(auditOf(challenger).disputeId().orElseThrow());
  }

  /**
   * Verifier 0 audits every step (so any cheat is sampled); the others serve on juries only, so
   * that no second dispute on the same segment makes the outcome depend on the randomness.
   */
  private List<VerifierNode> pool() {
    List<VerifierNode> pool = new ArrayList<>();
    for (int i = 0; i < VERIFIERS; i++) {
      pool.add(node(i, i == 0 ? SEGMENT_LENGTH : 0));
    }
    return pool;
  }

  private VerifierNode node(int index, int auditsPerSegment) {
    Path data = directory.resolve("verifier-" + index);
    return commons.verifier(verifierKey(index), data, workers(), datasets(), auditsPerSegment);
  }

  /** Each verifier reaches the worker over HTTP through its own downloads directory. */
  private static WorkerData workers() {
    try {
      return new TransferWorkerData(transfers, Files.createTempDirectory(shared, "states"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static DatasetSource datasets() {
    return new TransferDatasetSource(transfers);
  }

  private int indexOf(String address) {
    return IntStream.range(0, VERIFIERS)
        .filter(i -> verifierKey(i).getAddress().equalsIgnoreCase(address))
        .findFirst()
        .orElseThrow();
  }

  /** Passes over every node until {@code done}; mines a block when a round does nothing. */
  private void runUntil(BooleanSupplier done, List<VerifierNode> participants) {
    commons.runUntil(done, participants);
  }

  /** The latest audit of {@code node}; the tests commit one segment each. */
  private static AuditRecord auditOf(VerifierNode node) {
    List<AuditRecord> audits = node.report().audits();
    assertThat(audits).isNotEmpty();
    return audits.get(audits.size() - 1);
  }

  private static boolean audited(VerifierNode node, AuditStatus status) {
    List<AuditRecord> audits = node.report().audits();
    return !audits.isEmpty() && audits.get(audits.size() - 1).status() == status;
  }

  private List<JuryRecord> juryDuties(List<VerifierNode> pool) {
    return pool.stream().flatMap(n -> n.report().juryDuties().stream()).toList();
  }

  private static DisputeOutcome outcome(BigInteger disputeId) {
    try {
      return DisputeOutcome.of(
          commons.as(worker).disputes().disputeOf(disputeId).send().outcome.intValueExact());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<DisputeManager.Seat> seats(BigInteger disputeId) {
    try {
      return (List<DisputeManager.Seat>) commons.as(worker).disputes().seatsOf(disputeId).send();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigInteger disputeCount() throws Exception {
    return commons.as(worker).disputes().disputeCount().send();
  }

  private static BigInteger slashable(Credentials who) throws Exception {
    return commons.as(who).staking().slashableOf(who.getAddress()).send();
  }

  private static BigInteger tokens(Credentials who) throws Exception {
    return commons.as(who).token().balanceOf(who.getAddress()).send();
  }
}
