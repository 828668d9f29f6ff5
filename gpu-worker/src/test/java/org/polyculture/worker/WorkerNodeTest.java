package org.polyculture.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.state.StateCodec;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.StepExecutor;
import org.polyculture.engine.train.StepOutcome;
import org.polyculture.metrics.HttpMetrics;
import org.polyculture.metrics.MetricFamily;
import org.polyculture.metrics.PrometheusText;
import org.polyculture.metrics.Sample;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;
import org.polyculture.transfer.SegmentSteps;
import org.polyculture.transfer.TransferApi;
import org.polyculture.transfer.client.ClientSettings;
import org.polyculture.transfer.client.StateDownloader;
import org.polyculture.transfer.client.TransferClient;
import org.polyculture.transfer.client.VerifiedState;
import org.polyculture.worker.cheat.CheatStep;
import org.polyculture.worker.cheat.CheatStrategies;
import org.polyculture.worker.cheat.CheatStrategy;
import org.web3j.crypto.Credentials;

/**
 * Workers on Ganache with real LMDB stores and real HTTP: training and committing, continuing from
 * another worker's end state, rewards after finality, restarts at the worst moments, and a cheat
 * that a verifier's recomputation catches.
 */
@ExtendWith(GanacheExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerNodeTest {

  private WorkerNetwork network;
  private Path scratch;
  private Path testDirectory;
  private Credentials alice;
  private Credentials bob;
  private LocalChain.Snapshot snapshot;
  private final List<AutoCloseable> open = new ArrayList<>();
  private TransferClient client;

  @BeforeAll
  void deploy(LocalChain chain) throws Exception {
    scratch = Files.createTempDirectory("worker-node-test");
    network = WorkerNetwork.deploy(chain, scratch.resolve("network"));
    alice = chain.account(1);
    bob = chain.account(2);
    network.fund(alice, WorkerNetwork.MIN_STAKE.multiply(BigInteger.TWO));
    network.fund(bob, WorkerNetwork.MIN_STAKE.multiply(BigInteger.TWO));
    client = new TransferClient(ClientSettings.defaults());
  }

  @AfterAll
  void tearDown() throws Exception {
    client.close();
    network.close();
    deleteRecursively(scratch);
  }

  @BeforeEach
  void takeSnapshot(TestInfo test) throws IOException {
    snapshot = network.chain.snapshot();
    testDirectory =
        Files.createDirectories(scratch.resolve(test.getTestMethod().orElseThrow().getName()));
  }

  @AfterEach
  void revert() throws Exception {
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
    open.clear();
    network.chain.revert(snapshot);
    network.forgetNonces();
  }

  private WorkerNode worker(Credentials key, String directory) {
    return worker(key, directory, CheatStrategy.NONE, UnaryOperator.identity());
  }

  private WorkerNode worker(
      Credentials key, String directory, CheatStrategy cheat, UnaryOperator<Ledger> ledger) {
    WorkerNode node = network.worker(key, testDirectory.resolve(directory), cheat, ledger);
    open.add(node);
    return node;
  }

  /** Alice's worker ticks until it has sent {@code what}, and dies before it can record it. */
  private void killRightAfterSending(CrashingLedger.Sent what) {
    WorkerNode crashing =
        worker(
            alice, "alice", CheatStrategy.NONE, ledger -> new CrashingLedger(ledger, Set.of(what)));
    assertThatThrownBy(crashing::tick).isInstanceOf(CrashingLedger.Crash.class);
    stop(crashing);
  }

  /** A worker on an existing directory whose ledger counts what it sends into {@code ledgers}. */
  private WorkerNode restartCounting(
      Credentials key, String directory, List<CrashingLedger> ledgers) {
    return worker(
        key,
        directory,
        CheatStrategy.NONE,
        ledger -> {
          CrashingLedger counting = CrashingLedger.counting(ledger);
          ledgers.add(counting);
          return counting;
        });
  }

  private void stop(WorkerNode node) {
    open.remove(node);
    node.close();
  }

  private TrainingLedger.Segment onChain(BigInteger jobId, long segment) throws Exception {
    return network.ledger().segmentOf(jobId, BigInteger.valueOf(segment)).send();
  }

  private Bytes32 committed(BigInteger jobId, long segment) throws Exception {
    return Bytes32.wrap(network.ledger().commitmentOf(jobId, BigInteger.valueOf(segment)).send());
  }

  private void passTheWindow() {
    network.chain.increaseTime(Duration.ofSeconds(WorkerNetwork.WINDOW_SECONDS + 1));
  }

  @Test
  void shouldTrainCommitServeItsStatesAndCollectTheRewardsAfterTheWindow() throws Exception {
    BigInteger jobId = network.createJob(4, 2);
    WorkerNode node = worker(alice, "alice");
    BigInteger before = network.balanceOf(alice);

    node.tick();

    TrainingLedger.Segment first = onChain(jobId, 0);
    assertThat(first.status).isEqualTo(BigInteger.TWO);
    assertThat(first.worker).isEqualToIgnoringCase(alice.getAddress());
    Commitment honest = network.tiny.honestCommitment(0, 4);
    assertThat(committed(jobId, 0)).isEqualTo(honest.digest());
    SegmentSteps steps = client.fetchSteps(node.endpoint(), jobId, 0, 0, 4, honest.stepRoot());
    assertThat(steps.stateAfter(3)).contains(honest.endStateHash());
    // State 1 is between checkpoints (0, 2, 4): the worker recomputes it to serve it.
    StateHasher hasher = StateHasher.singleThreaded();
    TrainingState expected = network.tiny.honestState(1);
    VerifiedState served =
        new StateDownloader(client, testDirectory.resolve("verifier"))
            .download(
                node.endpoint(), hasher.hash(expected), StateCodec.encodedLength(TinyJob.CONFIG));
    assertThat(StateCodec.decode(served.readAll(), TinyJob.CONFIG).value()).isEqualTo(expected);
    assertThat(status(node)).contains("\"COMMITTED\":1");

    node.tick();
    assertThat(committed(jobId, 1)).isEqualTo(network.tiny.honestCommitment(1, 4).digest());
    passTheWindow();
    node.tick();

    assertThat(onChain(jobId, 0).status).isEqualTo(BigInteger.valueOf(4));
    assertThat(onChain(jobId, 1).status).isEqualTo(BigInteger.valueOf(4));
    assertThat(network.balanceOf(alice).subtract(before))
        .isEqualTo(WorkerNetwork.REWARD.multiply(BigInteger.TWO).subtract(bonded(alice)));
    assertThat(node.status().rewards())
        .isEqualTo(WorkerNetwork.REWARD.multiply(BigInteger.TWO).toString());
    SegmentRecord record = node.store().claimsOf(jobId, 0).get(0);
    assertThat(record.phase()).isEqualTo(SegmentPhase.REWARDED);
    assertThat(node.store().checkpointSteps(record.key())).containsExactly(4L);
  }

  @Test
  void shouldCountStepsCommitsRewardsAndRequestsAtItsPrometheusEndpoint() throws Exception {
    network.createJob(4, 2);
    WorkerNode node = worker(alice, "alice");

    node.tick();
    status(node);
    List<MetricFamily> afterCommit = scrape(node);

    assertThat(value(afterCommit, "worker_steps_trained_total", Map.of())).isEqualTo(4);
    assertThat(value(afterCommit, "worker_segment_transitions_total", Map.of("phase", "COMMITTED")))
        .isEqualTo(1);
    assertThat(value(afterCommit, "worker_segments", Map.of("phase", "COMMITTED"))).isEqualTo(1);
    assertThat(value(afterCommit, "worker_bonded_stake", Map.of())).isPositive();
    assertThat(value(afterCommit, "indexer_head_block", Map.of())).isPositive();
    assertThat(value(afterCommit, "indexer_lag_blocks", Map.of())).isGreaterThanOrEqualTo(0);
    assertThat(
            value(
                afterCommit,
                "http_requests_total",
                Map.of(
                    "server", "worker",
                    "method", "GET",
                    "route", TransferApi.STATUS,
                    "status", "200")))
        .isEqualTo(1);
    assertThat(value(afterCommit, "jvm_threads_current", Map.of())).isPositive();

    node.tick();
    passTheWindow();
    node.tick();
    List<MetricFamily> afterRewards = scrape(node);

    assertThat(value(afterRewards, "worker_steps_trained_total", Map.of())).isEqualTo(8);
    assertThat(value(afterRewards, "worker_segment_transitions_total", Map.of("phase", "REWARDED")))
        .isEqualTo(2);
    assertThat(value(afterRewards, "worker_steps_per_second", Map.of())).isZero();
  }

  private static List<MetricFamily> scrape(WorkerNode node) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(node.endpoint() + HttpMetrics.PATH)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return PrometheusText.parse(response.body());
    }
  }

  private static double value(
      List<MetricFamily> families, String name, Map<String, String> labels) {
    return families.stream()
        .filter(family -> family.name().equals(name))
        .flatMap(family -> family.samples().stream())
        .filter(sample -> sample.labels().equals(labels))
        .mapToDouble(Sample::value)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sample " + name + labels));
  }

  @Test
  void shouldStartFromAnotherWorkersEndStateFetchedOverHttp() throws Exception {
    BigInteger jobId = network.createJob(4, 2);
    WorkerNode first = worker(alice, "alice");
    WorkerNode second = worker(bob, "bob");

    first.tick();
    second.tick();

    assertThat(onChain(jobId, 1).worker).isEqualToIgnoringCase(bob.getAddress());
    assertThat(committed(jobId, 1)).isEqualTo(network.tiny.honestCommitment(1, 4).digest());
    SegmentRecord record = second.store().claimsOf(jobId, 1).get(0);
    assertThat(record.startStateHash())
        .isEqualTo(network.tiny.honestCommitment(0, 4).endStateHash());
    try (Stream<Path> downloads = Files.list(testDirectory.resolve("bob").resolve("downloads"))) {
      assertThat(downloads).isEmpty();
    }
  }

  @Test
  void shouldNeverCommitTwiceWhenKilledRightAfterSendingTheCommitment() throws Exception {
    BigInteger jobId = network.createJob(4, 1);
    killRightAfterSending(CrashingLedger.Sent.COMMIT);

    assertThat(committed(jobId, 0)).isEqualTo(network.tiny.honestCommitment(0, 4).digest());

    List<CrashingLedger> ledgers = new ArrayList<>();
    WorkerNode restarted = restartCounting(alice, "alice", ledgers);
    restarted.tick();

    assertThat(restarted.store().claimsOf(jobId, 0).get(0).phase())
        .isEqualTo(SegmentPhase.COMMITTED);
    assertThat(ledgers.get(0).sent(CrashingLedger.Sent.COMMIT)).isZero();
    assertThat(ledgers.get(0).sent(CrashingLedger.Sent.CLAIM)).isZero();

    passTheWindow();
    restarted.tick();
    assertThat(restarted.store().claimsOf(jobId, 0).get(0).phase())
        .isEqualTo(SegmentPhase.REWARDED);
    assertThat(ledgers.get(0).sent(CrashingLedger.Sent.CLAIM_REWARD)).isEqualTo(1);
  }

  @Test
  void shouldNotClaimAgainWhenKilledRightAfterSendingTheClaim() throws Exception {
    BigInteger jobId = network.createJob(4, 1);
    killRightAfterSending(CrashingLedger.Sent.CLAIM);

    List<CrashingLedger> ledgers = new ArrayList<>();
    WorkerNode restarted = restartCounting(alice, "alice", ledgers);
    restarted.tick();

    assertThat(ledgers.get(0).sent(CrashingLedger.Sent.CLAIM)).isZero();
    assertThat(ledgers.get(0).sent(CrashingLedger.Sent.COMMIT)).isEqualTo(1);
    assertThat(committed(jobId, 0)).isEqualTo(network.tiny.honestCommitment(0, 4).digest());
  }

  @Test
  void shouldResumeTrainingFromItsLastCheckpointAfterBeingStoppedMidSegment() throws Exception {
    BigInteger jobId = network.createJob(8, 1);
    WorkerNode slow = worker(alice, "alice", new Slow(), UnaryOperator.identity());
    slow.start();
    awaitTrainedThrough(slow, jobId, 2);
    stop(slow);

    Counting counting = new Counting();
    WorkerNode restarted = worker(alice, "alice", counting, UnaryOperator.identity());
    SegmentRecord resumedFrom = restarted.store().claimsOf(jobId, 0).get(0);
    assertThat(resumedFrom.phase()).isEqualTo(SegmentPhase.TRAINING);
    assertThat(resumedFrom.trainedThrough()).isBetween(2L, 7L);
    restarted.tick();

    assertThat(committed(jobId, 0)).isEqualTo(network.tiny.honestCommitment(0, 8).digest());
    assertThat(counting.steps.get()).isEqualTo(8 - (int) resumedFrom.trainedThrough());
  }

  @Test
  void shouldRefuseAJobWhoseGenesisHashIsNotTheOneItsMetadataMakes() throws Exception {
    BigInteger jobId = network.createJob(4, 1, Bytes32.leftPad(Bytes.of(9)).toArrayUnsafe());
    WorkerNode node = worker(alice, "alice");

    node.tick();

    assertThat(node.store().refusal(jobId))
        .hasValueSatisfying(r -> assertThat(r).contains("genesis"));
    assertThat(onChain(jobId, 0).status).isZero();
  }

  @Test
  void shouldCommitASkippedStepThatRecomputingTheServedStatesExposes() throws Exception {
    BigInteger jobId = network.createJob(4, 1);
    CheatStrategy skip = CheatStrategies.create("skip-step", OptionalInt.of(2)).orElseThrow();
    WorkerNode cheater = worker(alice, "alice", skip, UnaryOperator.identity());

    cheater.tick();

    Bytes32 digest = committed(jobId, 0);
    assertThat(digest).isNotEqualTo(network.tiny.honestCommitment(0, 4).digest());
    SegmentRecord record = cheater.store().claimsOf(jobId, 0).get(0);
    SegmentSteps steps =
        client.fetchSteps(cheater.endpoint(), jobId, 0, 0, 4, record.stepRoot().orElseThrow());
    // What a verifier does for each sampled step t: fetch the state before t (the committed leaf
    // of t-1), recompute t, compare with the committed leaf of t. Only step 2 disagrees.
    List<Long> disagreeing = new ArrayList<>();
    StateHasher hasher = StateHasher.singleThreaded();
    StateDownloader downloads = new StateDownloader(client, testDirectory.resolve("verifier"));
    try (ScalarBackend backend = new ScalarBackend()) {
      StepExecutor executor = new StepExecutor(backend, TinyJob.CONFIG);
      for (long t = 0; t < 4; t++) {
        Bytes32 beforeHash =
            t == 0 ? record.startStateHash() : steps.stateAfter(t - 1).orElseThrow();
        TrainingState before =
            StateCodec.decode(
                    downloads
                        .download(
                            cheater.endpoint(),
                            beforeHash,
                            StateCodec.encodedLength(TinyJob.CONFIG))
                        .readAll(),
                    TinyJob.CONFIG)
                .value();
        StepOutcome recomputed = executor.step(before, network.tiny.sampler().sample(t));
        if (!hasher.hash(recomputed.state()).equals(steps.stateAfter(t).orElseThrow())) {
          disagreeing.add(t);
        }
      }
    }
    assertThat(disagreeing).containsExactly(2L);
  }

  @Test
  void shouldDisappearAfterCommittingWhenTheCheatSaysSo() throws Exception {
    BigInteger jobId = network.createJob(4, 1);
    CheatStrategy vanish =
        CheatStrategies.create("vanish-after-commit", OptionalInt.empty()).orElseThrow();
    WorkerNode cheater = worker(alice, "alice", vanish, UnaryOperator.identity());

    cheater.tick();
    passTheWindow();
    cheater.tick();

    assertThat(cheater.vanished()).isTrue();
    assertThat(committed(jobId, 0)).isEqualTo(network.tiny.honestCommitment(0, 4).digest());
    assertThat(client.isHealthy(cheater.endpoint())).isFalse();
    assertThat(onChain(jobId, 0).status).isEqualTo(BigInteger.TWO);
  }

  private BigInteger bonded(Credentials who) throws Exception {
    return network.as(who).staking().bondedOf(who.getAddress()).send();
  }

  private static String status(WorkerNode node) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(node.endpoint() + TransferApi.STATUS)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    }
  }

  private static void awaitTrainedThrough(WorkerNode node, BigInteger jobId, long step)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      List<SegmentRecord> claims = node.store().claimsOf(jobId, 0);
      if (!claims.isEmpty() && claims.get(0).trainedThrough() >= step) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the worker did not reach step " + step);
  }

  /** Honest, but slow enough to be stopped in the middle of a segment. */
  private static final class Slow implements CheatStrategy {
    @Override
    public String name() {
      return "slow";
    }

    @Override
    public StepOutcome step(CheatStep step) {
      try {
        Thread.sleep(150);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return step.honest();
    }
  }

  /** Honest, counting the steps it computes. */
  private static final class Counting implements CheatStrategy {
    final AtomicInteger steps = new AtomicInteger();

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public StepOutcome step(CheatStep step) {
      steps.incrementAndGet();
      return step.honest();
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
