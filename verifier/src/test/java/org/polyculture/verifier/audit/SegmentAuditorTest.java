package org.polyculture.verifier.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.protocol.merkle.StepLeaf;
import org.polyculture.protocol.merkle.StepMerkleTree;
import org.polyculture.verifier.FakeWorkerData;
import org.polyculture.verifier.TinyJob;
import org.polyculture.verifier.TrainedSegment;
import org.polyculture.verifier.chain.SegmentCommit;
import org.polyculture.verifier.fetch.FetchPolicy;

class SegmentAuditorTest {

  private static final BigInteger JOB = BigInteger.valueOf(3);
  private static final int LENGTH = 8;
  private static final String ENDPOINT = "http://worker.test";
  private static final Bytes32 RANDOMNESS = Bytes32.fromHexString("0x" + "5a".repeat(32));

  @TempDir static Path directory;
  private static TinyJob job;
  private static TrainedSegment honest;

  @BeforeAll
  static void trainHonestly() {
    job = TinyJob.create(directory, JOB, LENGTH, 4);
    honest = TrainedSegment.train(job.workspace(), job.genesis(), LENGTH, TrainedSegment.HONEST);
  }

  @Test
  void shouldFindEverySampledStepOfAnHonestSegmentMatching() {
    FakeWorkerData workers = new FakeWorkerData();
    SegmentAuditor auditor = auditor(workers, 4);
    SegmentCommit commit = serve(workers, 0, honest);

    SegmentAudit audit = auditor.audit(commit, job.workspace(), RANDOMNESS, ENDPOINT);

    assertThat(audit.outcome()).isEqualTo(AuditOutcome.CLEAN);
    assertThat(audit.finding()).isEmpty();
    assertThat(audit.pickedOffsets()).hasSize(4).doesNotHaveDuplicates();
    assertThat(audit.checks())
        .extracting(StepCheck::offset)
        .containsExactlyElementsOf(audit.pickedOffsets());
    assertThat(audit.checks()).allMatch(c -> c.verdict() == StepVerdict.MATCH);
    assertThat(audit.checks())
        .allMatch(c -> c.recomputedStateHash().orElseThrow().equals(c.committedStateHash()));
  }

  @Test
  void shouldProveFraudWhenASampledStepWasSkipped() {
    SegmentCommit probe = commitOf(0, honest);
    int skipped =
        auditor(new FakeWorkerData(), 2).picks(probe, job.description(), RANDOMNESS).get(1);
    TrainedSegment cheat =
        TrainedSegment.train(
            job.workspace(), job.genesis(), LENGTH, TrainedSegment.skipStep(skipped));
    FakeWorkerData workers = new FakeWorkerData();
    SegmentCommit commit = serve(workers, 0, cheat);

    SegmentAudit audit = auditor(workers, 2).audit(commit, job.workspace(), RANDOMNESS, ENDPOINT);

    assertThat(audit.outcome()).isEqualTo(AuditOutcome.FRAUD);
    Finding.Fraud fraud = (Finding.Fraud) audit.finding().orElseThrow();
    assertThat(fraud.step()).isEqualTo(skipped);
    assertThat(fraud.selfEvident()).isFalse();
    assertThat(fraud.afterStateHash()).isEqualTo(cheat.committedHashes().get(skipped));
    assertThat(fraud.challengerStateHash()).isEqualTo(honest.committedHashes().get(skipped));
    assertThat(
            StepMerkleTree.verify(
                commit.stepRoot(),
                new StepLeaf(skipped, fraud.afterStateHash()),
                fraud.afterProof()))
        .isTrue();
    if (skipped == 0) {
      assertThat(fraud.beforeStateHash()).isEqualTo(commit.startStateHash());
      assertThat(fraud.beforeProof().siblings()).isEmpty();
    } else {
      assertThat(
              StepMerkleTree.verify(
                  commit.stepRoot(),
                  new StepLeaf(skipped - 1, fraud.beforeStateHash()),
                  fraud.beforeProof()))
          .isTrue();
    }
  }

  @Test
  void shouldNameTheStateBeforeAWithheldStepForAnAvailabilityDispute() {
    FakeWorkerData workers = new FakeWorkerData();
    SegmentCommit commit = serve(workers, 0, honest);
    List<Integer> picks = auditor(workers, 4).picks(commit, job.description(), RANDOMNESS);
    int target = picks.stream().filter(o -> o > 0).findFirst().orElseThrow();
    Bytes32 withheld = honest.committedHashes().get(target - 1);
    workers.withhold(withheld);

    SegmentAudit audit = auditor(workers, 4).audit(commit, job.workspace(), RANDOMNESS, ENDPOINT);

    assertThat(audit.outcome()).isEqualTo(AuditOutcome.UNAVAILABLE);
    Finding.Unavailable unavailable = (Finding.Unavailable) audit.finding().orElseThrow();
    assertThat(unavailable.step()).isEqualTo(target - 1);
    assertThat(unavailable.stateHash()).isEqualTo(withheld);
    assertThat(
            StepMerkleTree.verify(
                commit.stepRoot(), new StepLeaf(target - 1, withheld), unavailable.proof()))
        .isTrue();
    assertThat(audit.checks())
        .filteredOn(c -> c.offset() == target)
        .extracting(StepCheck::verdict)
        .containsExactly(StepVerdict.STATE_UNAVAILABLE);
  }

  @Test
  void shouldAskThreeTimesForAWithheldStateBeforeConcluding() {
    FakeWorkerData workers = new FakeWorkerData();
    SegmentCommit commit = serve(workers, 0, honest);
    Bytes32 randomness = randomnessPickingLaterThanTheFirstStep(commit);
    int pick = auditor(workers, 1).picks(commit, job.description(), randomness).get(0);
    workers.withhold(honest.committedHashes().get(pick - 1));

    SegmentAudit audit = auditor(workers, 1).audit(commit, job.workspace(), randomness, ENDPOINT);

    assertThat(audit.outcome()).isEqualTo(AuditOutcome.UNAVAILABLE);
    assertThat(workers.stateRequests()).isEqualTo(3);
  }

  @Test
  void shouldRebuildTheGenesisStateInsteadOfFetchingIt() {
    FakeWorkerData workers = new FakeWorkerData();
    SegmentCommit commit = serve(workers, 0, honest);
    workers.withhold(commit.startStateHash());
    Bytes32 randomness = randomnessPicking(commit, 0);

    SegmentAudit audit = auditor(workers, 1).audit(commit, job.workspace(), randomness, ENDPOINT);

    assertThat(audit.outcome()).isEqualTo(AuditOutcome.CLEAN);
    assertThat(workers.stateRequests()).isZero();
  }

  @Test
  void shouldRefuseStepHashesThatDoNotRebuildTheCommittedRoot() {
    FakeWorkerData workers = new FakeWorkerData();
    workers.serve(ENDPOINT, JOB, 0, honest);
    SegmentCommit commit =
        new SegmentCommit(
            JOB,
            0,
            "0x" + "11".repeat(20),
            honest.startStateHash(),
            Bytes32.fromHexString("0x" + "77".repeat(32)),
            honest.endStateHash(),
            10);

    SegmentAudit audit = auditor(workers, 4).audit(commit, job.workspace(), RANDOMNESS, ENDPOINT);

    assertThat(audit.outcome()).isEqualTo(AuditOutcome.STEPS_UNAVAILABLE);
    assertThat(audit.finding())
        .contains(new Finding.StepListWithheld(0, commit.stepRoot(), audit.detail()));
    assertThat(audit.detail()).contains("rebuild root");
  }

  @Test
  void shouldReportASegmentWhoseStepHashesAreNotServed() {
    SegmentAudit audit =
        auditor(new FakeWorkerData(), 4)
            .audit(commitOf(0, honest), job.workspace(), RANDOMNESS, ENDPOINT);

    assertThat(audit.outcome()).isEqualTo(AuditOutcome.STEPS_UNAVAILABLE);
    assertThat(audit.finding().orElseThrow()).isInstanceOf(Finding.StepListWithheld.class);
    assertThat(audit.finding().orElseThrow().step()).isZero();
  }

  @Test
  void shouldCatchACommitmentWhoseEndContradictsItsLastLeafWithoutRecomputing() {
    TrainedSegment cheat =
        TrainedSegment.train(
            job.workspace(), job.genesis(), LENGTH, TrainedSegment.contradictoryEnd());
    FakeWorkerData workers = new FakeWorkerData();
    SegmentCommit commit = serve(workers, 0, cheat);

    SegmentAudit audit = auditor(workers, 4).audit(commit, job.workspace(), RANDOMNESS, ENDPOINT);

    Finding.Fraud fraud = (Finding.Fraud) audit.finding().orElseThrow();
    assertThat(fraud.selfEvident()).isTrue();
    assertThat(fraud.step()).isEqualTo(LENGTH - 1);
    assertThat(fraud.challengerStateHash()).isEqualTo(commit.endStateHash());
    assertThat(audit.checks()).isEmpty();
  }

  @Test
  void shouldTraceAnInvalidStateBackToTheStepThatProducedIt() {
    SegmentCommit probe = commitOf(0, honest);
    int pick =
        auditor(new FakeWorkerData(), LENGTH).picks(probe, job.description(), RANDOMNESS).stream()
            .filter(o -> o > 0)
            .findFirst()
            .orElseThrow();
    TrainedSegment cheat =
        TrainedSegment.train(
            job.workspace(), job.genesis(), LENGTH, TrainedSegment.garbageState(pick - 1));
    FakeWorkerData workers = new FakeWorkerData();
    SegmentCommit commit = serve(workers, 0, cheat);

    SegmentAudit audit =
        auditor(workers, LENGTH).audit(commit, job.workspace(), RANDOMNESS, ENDPOINT);

    assertThat(audit.outcome()).isEqualTo(AuditOutcome.FRAUD);
    Finding.Fraud fraud = (Finding.Fraud) audit.finding().orElseThrow();
    assertThat(fraud.step()).isEqualTo(pick - 1);
    assertThat(fraud.challengerStateHash()).isEqualTo(honest.committedHashes().get(pick - 1));
    assertThat(audit.checks())
        .extracting(StepCheck::verdict)
        .contains(StepVerdict.INVALID_STATE, StepVerdict.MISMATCH);
  }

  @Test
  void shouldAuditALaterSegmentFromItsFetchedStartState() {
    TrainedSegment second =
        TrainedSegment.train(job.workspace(), honest.endState(), LENGTH, TrainedSegment.HONEST);
    FakeWorkerData workers = new FakeWorkerData();
    SegmentCommit commit = serve(workers, 1, second);

    SegmentAudit audit =
        auditor(workers, LENGTH).audit(commit, job.workspace(), RANDOMNESS, ENDPOINT);

    assertThat(audit.outcome()).isEqualTo(AuditOutcome.CLEAN);
    assertThat(audit.checks()).hasSize(LENGTH);
    assertThat(audit.checks()).extracting(StepCheck::step).allMatch(s -> s >= LENGTH);
  }

  private static Bytes32 randomnessPickingLaterThanTheFirstStep(SegmentCommit commit) {
    for (int seed = 0; ; seed++) {
      Bytes32 randomness = Bytes32.leftPad(Bytes.ofUnsignedInt(seed));
      if (auditor(new FakeWorkerData(), 1).picks(commit, job.description(), randomness).get(0)
          > 0) {
        return randomness;
      }
    }
  }

  private static Bytes32 randomnessPicking(SegmentCommit commit, int offset) {
    for (int seed = 0; ; seed++) {
      Bytes32 randomness = Bytes32.leftPad(Bytes.ofUnsignedInt(seed));
      if (auditor(new FakeWorkerData(), 1).picks(commit, job.description(), randomness).get(0)
          == offset) {
        return randomness;
      }
    }
  }

  private static SegmentAuditor auditor(FakeWorkerData workers, int k) {
    StepRecomputer recomputer =
        new StepRecomputer(ScalarBackend::new, StateHasher.singleThreaded(), System::nanoTime);
    return new SegmentAuditor(workers, recomputer, new FetchPolicy(3, Duration.ZERO, d -> true), k);
  }

  private static SegmentCommit serve(FakeWorkerData workers, long index, TrainedSegment segment) {
    workers.serve(ENDPOINT, JOB, index, segment);
    return commitOf(index, segment);
  }

  private static SegmentCommit commitOf(long index, TrainedSegment segment) {
    return new SegmentCommit(
        JOB,
        index,
        "0x" + "11".repeat(20),
        segment.startStateHash(),
        segment.stepRoot(),
        segment.endStateHash(),
        10);
  }
}
