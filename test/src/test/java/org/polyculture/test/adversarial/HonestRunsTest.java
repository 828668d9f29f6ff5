package org.polyculture.test.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
import org.polyculture.app.devnet.TokenAudit;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;
import org.polyculture.verifier.VerifierNode;
import org.polyculture.verifier.audit.AuditOutcome;
import org.polyculture.verifier.store.AuditRecord;
import org.polyculture.worker.WorkerNode;
import org.polyculture.worker.cheat.CheatStrategy;
import org.web3j.crypto.Credentials;

/**
 * Honest workers are never disputed nor slashed, whatever the seed and whichever backend each node
 * computes on: two honest workers on different backends take turns on a job (each segment starts
 * from a state the other computed), verifiers on the scalar reference and the cpu backend with one
 * and two threads recompute every step, and the job ends final and paid with zero disputes, zero
 * slashes and every token accounted for.
 */
@ExtendWith(GanacheExtension.class)
class HonestRunsTest {

  private static final int SEGMENTS = 3;
  private static final int S = AdversarialCommons.SEGMENT_LENGTH;

  @TempDir static Path scratch;
  private static AdversarialCommons commons;
  private static Passes passes;
  private LocalChain.Snapshot snapshot;

  /** One honest run: the job's seed and the two workers' backends. */
  record Run(long seed, NodeCompute first, NodeCompute second) {
    @Override
    public String toString() {
      return "seed " + seed + ", workers on " + first + " and " + second;
    }
  }

  static Stream<Run> runs() {
    List<Run> ci =
        List.of(
            new Run(11, NodeCompute.CPU_1_THREAD, NodeCompute.CPU_2_THREADS),
            new Run(12, NodeCompute.CPU_2_THREADS, NodeCompute.SCALAR));
    if (!AdversarialProfile.current().full()) {
      return ci.stream();
    }
    return Stream.concat(
        ci.stream(),
        Stream.of(
            new Run(13, NodeCompute.SCALAR, NodeCompute.CPU_1_THREAD),
            new Run(14, NodeCompute.CPU_1_THREAD, NodeCompute.CPU_1_THREAD),
            new Run(15, NodeCompute.CPU_2_THREADS, NodeCompute.CPU_2_THREADS),
            new Run(16, NodeCompute.CPU_2_THREADS, NodeCompute.CPU_1_THREAD),
            new Run(0x5EED_0F_7E57L, NodeCompute.SCALAR, NodeCompute.CPU_2_THREADS)));
  }

  @BeforeAll
  static void deploy(LocalChain chain) throws Exception {
    commons = AdversarialCommons.deploy(chain, scratch);
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
  @MethodSource("runs")
  void shouldNeverDisputeNorSlashHonestWork(Run run) throws Exception {
    BigInteger jobId = commons.createJob(run.seed(), SEGMENTS);
    WorkerNode first = commons.startWorker(0, CheatStrategy.NONE, run.first());
    WorkerNode second = commons.startWorker(1, CheatStrategy.NONE, run.second());
    List<VerifierNode> auditors =
        List.of(
            commons.startVerifier(0, S, NodeCompute.SCALAR),
            commons.startVerifier(1, S, NodeCompute.CPU_1_THREAD),
            commons.startVerifier(2, S, NodeCompute.CPU_2_THREADS),
            commons.startVerifier(3, 2, NodeCompute.CPU_1_THREAD));
    VerifierNode juror = commons.startVerifier(4, 0, NodeCompute.SCALAR);
    List<VerifierNode> verifiers =
        List.of(auditors.get(0), auditors.get(1), auditors.get(2), auditors.get(3), juror);

    passes.untilJobPaid(jobId, SEGMENTS, List.of(first, second), verifiers, auditors, 60);

    CommonsTally tally = commons.tally();
    assertThat(tally.disputes()).isEmpty();
    assertThat(tally.slashes()).isEmpty();
    assertThat(tally.voided()).isZero();
    assertThat(tally.committed()).isEqualTo(SEGMENTS);
    assertThat(tally.commitsBy(address(commons.workerKey(0))))
        .as("each worker continues from the other's state")
        .isPositive();
    assertThat(tally.commitsBy(address(commons.workerKey(1)))).isPositive();
    for (VerifierNode auditor : auditors) {
      List<AuditRecord> audits = auditor.report().audits();
      assertThat(audits).hasSize(SEGMENTS);
      assertThat(audits)
          .allSatisfy(
              audit ->
                  assertThat(audit.result().orElseThrow().outcome()).isEqualTo(AuditOutcome.CLEAN));
    }
    assertThat(tally.rewards().values().stream().reduce(BigInteger.ZERO, BigInteger::add))
        .isEqualTo(AdversarialCommons.REWARD.multiply(BigInteger.valueOf(SEGMENTS)));
    for (int i = 0; i < 2; i++) {
      Credentials worker = commons.workerKey(i);
      assertThat(commons.slashable(worker)).isEqualTo(AdversarialCommons.WORKER_STAKE);
    }
    TokenAudit tokens = commons.tokenAudit();
    assertThat(tokens.conserved()).as("tokens conserved: %s", tokens).isTrue();
  }

  private static String address(Credentials key) {
    return key.getAddress().toLowerCase(Locale.ROOT);
  }
}
