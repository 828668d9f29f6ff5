package org.polyculture.test.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.polyculture.app.devnet.CommonsTally;
import org.polyculture.app.devnet.DisputeRecord;
import org.polyculture.app.devnet.TokenAudit;
import org.polyculture.chain.DeploymentParameters;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;
import org.polyculture.verifier.VerifierNode;
import org.polyculture.verifier.report.VerifierMetrics.Counter;
import org.polyculture.verifier.store.AuditRecord;
import org.polyculture.verifier.store.AuditStatus;
import org.polyculture.worker.WorkerNode;
import org.polyculture.worker.cheat.CheatStrategies;
import org.polyculture.worker.cheat.CheatStrategy;
import org.web3j.crypto.Credentials;

/**
 * Each cheating strategy of the worker, end to end on Ganache with real nodes: the cheater trains
 * and commits segment 0 of a three-segment job; where its states can be fetched, an honest worker
 * builds segment 1 on top of it; a verifier audits every step and disputes; a jury of three other
 * verifier nodes (on the scalar and both cpu backends) decides; then honest workers train the job
 * to its end. Checked: the dispute's kind and step, the cheater's whole stake slashed, the
 * challenger paid exactly its finder share (bond back), the jurors their reward, the honest worker
 * whose segment was voided compensated, every segment final and paid to honest workers, no other
 * dispute, and every token accounted for (the devnet's {@link TokenAudit}).
 *
 * <p>The strategies whose commitments cannot be tied to any served step hash ({@code
 * random-hashes}, {@code replay-old-commitment}, {@code vanish-after-commit}) are caught by the
 * step-list availability dispute: the jury cannot fetch per-step hashes that rebuild the committed
 * root (docs/contracts.md, docs/adversarial.md).
 */
@ExtendWith(GanacheExtension.class)
class CheatingWorkerTest {

  private static final int SEGMENTS = 3;
  private static final int S = AdversarialCommons.SEGMENT_LENGTH;

  /**
   * Verifiers besides the challenger. The draw tries 4 × jurySize random pool positions; with 8
   * eligible of 9 it misses a full jury (NO_JURY) about once in 20,000 disputes, with 4 of 5 once
   * in 80.
   */
  private static final int JURY_POOL = 8;

  private static final DeploymentParameters.Disputes RULES =
      AdversarialCommons.PARAMETERS.disputes();

  @TempDir static Path scratch;
  private static AdversarialCommons commons;
  private static BigInteger jobId;
  private static Passes passes;
  private LocalChain.Snapshot snapshot;

  /** How a strategy is caught. */
  record Expectation(String strategy, String disputeKind, boolean honestCanBuildOnIt) {
    @Override
    public String toString() {
      return strategy;
    }
  }

  static Stream<Expectation> disputableCheats() {
    List<Expectation> all =
        List.of(
            new Expectation("skip-step", "fraud", true),
            new Expectation("perturb-weights", "fraud", true),
            new Expectation("wrong-batch", "fraud", true),
            new Expectation("wrong-learning-rate", "fraud", true),
            new Expectation("fewer-steps", "fraud", true),
            new Expectation("withhold-states", "availability", false),
            new Expectation("corrupt-served-states", "availability", false),
            new Expectation("random-hashes", "step-list", false),
            new Expectation("replay-old-commitment", "step-list", false),
            new Expectation("vanish-after-commit", "step-list", false));
    if (AdversarialProfile.current().full()) {
      return all.stream();
    }
    // Within the CI budget: one of each mechanism (a recomputed step that differs, a withheld
    // state, a corrupted one, a step list that does not rebuild the root, a worker gone);
    // -Padversarial-full runs all.
    return all.stream()
        .filter(
            e ->
                List.of(
                        "skip-step",
                        "withhold-states",
                        "corrupt-served-states",
                        "random-hashes",
                        "vanish-after-commit")
                    .contains(e.strategy()));
  }

  @BeforeAll
  static void deploy(LocalChain chain) throws Exception {
    commons = AdversarialCommons.deploy(chain, scratch);
    jobId = commons.createJob(7, SEGMENTS);
    passes = new Passes(commons);
  }

  @AfterAll
  static void close() {
    if (commons != null) {
      commons.close();
    }
  }

  @BeforeEach
  void takeSnapshot() {
    snapshot = commons.chain().snapshot();
  }

  @AfterEach
  void revert() {
    commons.stopNodes();
    commons.chain().revert(snapshot);
    commons.forgetNonces();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("disputableCheats")
  void shouldCatchSlashAndPayTheChallenger(Expectation expected) throws Exception {
    Credentials cheaterKey = commons.workerKey(0);
    Credentials honestKey = commons.workerKey(1);
    Credentials challengerKey = commons.verifierKey(0);
    WorkerNode cheater = commons.startWorker(0, cheat(expected.strategy()), NodeCompute.SCALAR);

    passes.until(
        "the cheater commits segment 0",
        () -> commons.tally().commitsBy(address(cheaterKey)) == 1,
        List.of(cheater),
        List.of(),
        10);
    BigInteger stake = commons.slashable(cheaterKey);
    assertThat(stake).isEqualTo(AdversarialCommons.WORKER_STAKE);

    WorkerNode honest = commons.startWorker(1, CheatStrategy.NONE, NodeCompute.CPU_2_THREADS);
    if (expected.honestCanBuildOnIt()) {
      passes.until(
          "an honest worker commits segment 1 on the cheater's end state",
          () -> commons.tally().commitsBy(address(honestKey)) == 1,
          List.of(honest),
          List.of(),
          10);
    }

    VerifierNode challenger = commons.startVerifier(0, S, NodeCompute.SCALAR);
    List<VerifierNode> jury = new ArrayList<>();
    NodeCompute[] computes = {
      NodeCompute.SCALAR, NodeCompute.CPU_1_THREAD, NodeCompute.CPU_2_THREADS
    };
    for (int i = 1; i <= JURY_POOL; i++) {
      jury.add(commons.startVerifier(i, 0, computes[i % computes.length]));
    }
    List<VerifierNode> verifiers = new ArrayList<>(jury);
    verifiers.add(0, challenger);
    BigInteger challengerTokens = commons.balance(challengerKey);
    Map<String, BigInteger> jurorStakes = new LinkedHashMap<>();
    for (int i = 1; i <= JURY_POOL; i++) {
      jurorStakes.put(address(commons.verifierKey(i)), commons.slashable(commons.verifierKey(i)));
    }

    passes.until(
        "the dispute is opened, judged and settled",
        () -> {
          CommonsTally tally = commons.tally();
          return !tally.disputes().isEmpty() && tally.openDisputes() == 0;
        },
        List.of(),
        verifiers,
        40);

    CommonsTally settled = commons.tally();
    assertThat(settled.disputes()).hasSize(1);
    DisputeRecord dispute = settled.disputes().get(0);
    assertThat(dispute.kind()).isEqualTo(expected.disputeKind());
    assertThat(dispute.worker()).isEqualTo(address(cheaterKey));
    assertThat(dispute.challenger()).isEqualTo(address(challengerKey));
    assertThat(dispute.segment()).isZero();
    assertThat(dispute.step()).isBetween(0L, (long) S - 1);
    if (expected.strategy().equals("skip-step")) {
      assertThat(dispute.step()).isEqualTo(1);
    } else if (expected.strategy().equals("fewer-steps")) {
      assertThat(dispute.step()).isGreaterThanOrEqualTo(1);
    }
    assertThat(dispute.outcome()).isEqualTo("worker-at-fault");
    assertThat(dispute.jurors()).hasSize(RULES.jurySize()).doesNotContain(address(challengerKey));
    assertThat(dispute.penalties()).isEmpty();

    BigInteger slash = stake.multiply(BigInteger.valueOf(RULES.workerSlashBps())).divide(bps());
    BigInteger finderShare =
        slash.multiply(BigInteger.valueOf(RULES.finderShareBps())).divide(bps());
    BigInteger jurorShare =
        slash.multiply(BigInteger.valueOf(RULES.jurorRewardBps())).divide(bps());
    assertThat(dispute.slashed()).isEqualTo(slash);
    assertThat(commons.slashable(cheaterKey)).isEqualTo(stake.subtract(slash));
    assertThat(commons.balance(challengerKey).subtract(challengerTokens))
        .as("the challenger's bond back plus its finder share, less the bond")
        .isEqualTo(finderShare);
    BigInteger jurorGains = BigInteger.ZERO;
    for (String juror : dispute.jurors()) {
      Credentials key = keyOf(juror);
      jurorGains = jurorGains.add(commons.slashable(key).subtract(jurorStakes.get(juror)));
    }
    assertThat(jurorGains).isEqualTo(dispute.toJurors());
    assertThat(dispute.toJurors())
        .isBetween(jurorShare.subtract(BigInteger.valueOf(RULES.jurySize())), jurorShare);
    passes.until(
        "the challenger learns the outcome",
        () -> firstAudit(challenger).status() == AuditStatus.SETTLED,
        List.of(),
        List.of(challenger),
        5);
    AuditRecord audit = firstAudit(challenger);
    assertThat(audit.commit().segment()).isZero();
    assertThat(audit.finding().orElseThrow().kind().name().toLowerCase(Locale.ROOT))
        .isEqualTo(expected.disputeKind().replace('-', '_'));
    assertThat(challenger.metrics().get(Counter.DISPUTES_WON)).isEqualTo(1);

    WorkerNode second = commons.startWorker(2, CheatStrategy.NONE, NodeCompute.CPU_1_THREAD);
    // From here the challenger audits every step of the honest work; the verifiers that sat on the
    // jury would judge a dispute if it opened one (and the test then fails on the dispute count).
    List<VerifierNode> auditorAndJury = new ArrayList<>();
    auditorAndJury.add(challenger);
    for (String juror : dispute.jurors()) {
      auditorAndJury.add(jury.get(indexOf(juror) - 1));
    }
    passes.untilJobPaid(
        jobId, SEGMENTS, List.of(honest, second), auditorAndJury, List.of(challenger), 60);

    CommonsTally end = commons.tally();
    assertThat(end.disputes()).as("no honest segment is ever disputed").hasSize(1);
    assertThat(end.slashes()).hasSize(1);
    assertThat(end.rewards()).doesNotContainKey(address(cheaterKey));
    assertThat(end.rewards().values().stream().reduce(BigInteger.ZERO, BigInteger::add))
        .isEqualTo(AdversarialCommons.REWARD.multiply(BigInteger.valueOf(SEGMENTS)));
    BigInteger compensation =
        expected.honestCanBuildOnIt() ? AdversarialCommons.REWARD : BigInteger.ZERO;
    assertThat(dispute.compensation()).isEqualTo(compensation);
    assertThat(end.compensations().getOrDefault(address(honestKey), BigInteger.ZERO))
        .isEqualTo(compensation);
    assertThat(end.disputes().get(0).burned())
        .isEqualTo(slash.subtract(finderShare).subtract(dispute.toJurors()).subtract(compensation));
    TokenAudit tokens = commons.tokenAudit();
    assertThat(tokens.conserved()).as("tokens conserved: %s", tokens).isTrue();
  }

  private static CheatStrategy cheat(String name) {
    return CheatStrategies.create(name, OptionalInt.of(1)).orElseThrow();
  }

  private static BigInteger bps() {
    return AdversarialCommons.BPS;
  }

  private static String address(Credentials key) {
    return key.getAddress().toLowerCase(Locale.ROOT);
  }

  private static Credentials keyOf(String address) {
    return commons.verifierKey(indexOf(address));
  }

  private static int indexOf(String address) {
    for (int i = 0; i < AdversarialCommons.VERIFIERS; i++) {
      if (address(commons.verifierKey(i)).equals(address)) {
        return i;
      }
    }
    throw new IllegalArgumentException("not a verifier of the suite: " + address);
  }

  private static AuditRecord firstAudit(VerifierNode node) {
    List<AuditRecord> audits = node.report().audits();
    assertThat(audits).isNotEmpty();
    return audits.get(0);
  }
}
