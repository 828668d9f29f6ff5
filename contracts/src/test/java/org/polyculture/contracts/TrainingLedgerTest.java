package org.polyculture.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polyculture.contracts.Reverts.assertRevertsWith;
import static org.polyculture.contracts.TestProtocol.ROLE_VERIFIER;
import static org.polyculture.contracts.TestProtocol.ROLE_WORKER;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polyculture.contracts.generated.Staking;
import org.polyculture.contracts.generated.TrainingLedger;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

class TrainingLedgerTest extends ProtocolTestBase {

  private static final BigInteger STATUS_CLAIMED = BigInteger.ONE;
  private static final BigInteger STATUS_COMMITTED = BigInteger.TWO;
  private static final BigInteger STATUS_FINALIZED = BigInteger.valueOf(3);
  private static final BigInteger STATUS_REWARDED = BigInteger.valueOf(4);

  private BigInteger jobId;

  @Override
  void prepare() throws Exception {
    protocol.stake(worker, ROLE_WORKER, WORKER_STAKE);
    protocol.stake(secondWorker, ROLE_WORKER, WORKER_STAKE);
    protocol.stake(thirdWorker, ROLE_WORKER, MIN_WORKER_STAKE.subtract(BigInteger.ONE));
    protocol.stake(verifiers.get(0), ROLE_VERIFIER, VERIFIER_STAKE);
    jobId = protocol.createJob(jobSpec());
  }

  // ------------------------------------------------------------------ jobs

  @Test
  void shouldCreateJobAndEscrowItsWholeBudget() throws Exception {
    BigInteger ledgerBefore = protocol.balanceOf(protocol.ledgerAddress);
    BigInteger deployerBefore = protocol.balanceOf(deployer.getAddress());
    BigInteger budget = REWARD.multiply(BigInteger.valueOf(4));

    BigInteger secondJob = protocol.createJob(jobSpec(4 * 25, 25));

    assertThat(secondJob).isEqualTo(jobId.add(BigInteger.ONE));
    assertThat(protocol.balanceOf(protocol.ledgerAddress)).isEqualTo(ledgerBefore.add(budget));
    assertThat(protocol.balanceOf(deployer.getAddress()))
        .isEqualTo(deployerBefore.subtract(budget));
    TrainingLedger.Job job = protocol.ledger(deployer).jobOf(secondJob).send();
    assertThat(job.escrow).isEqualTo(budget);
    assertThat(job.tipStateHash).isEqualTo(TrainingRun.GENESIS);
    assertThat(job.progress.segmentCount).isEqualTo(BigInteger.valueOf(4));
    assertThat(job.progress.segmentLength).isEqualTo(BigInteger.valueOf(25));
    assertThat(job.progress.nextSegment).isZero();
  }

  @Test
  void shouldRejectJobSpecsOutsideTheirBounds() {
    TrainingLedger.JobSpec valid = jobSpec();
    List<TrainingLedger.JobSpec> invalid =
        List.of(
            spec(valid, s -> s.genesisStateHash = new byte[32]),
            spec(valid, s -> s.segmentLength = BigInteger.ZERO),
            spec(valid, s -> s.segmentLength = BigInteger.valueOf(1_000_001)),
            spec(valid, s -> s.totalSteps = BigInteger.ZERO),
            spec(valid, s -> s.totalSteps = BigInteger.valueOf(SEGMENT_LENGTH * 3 + 1)),
            spec(valid, s -> s.rewardPerSegment = BigInteger.ZERO),
            spec(valid, s -> s.minWorkerStake = BigInteger.ZERO),
            spec(valid, s -> s.challengeWindow = BigInteger.valueOf(59)),
            spec(valid, s -> s.challengeWindow = BigInteger.valueOf(30L * 86_400 + 1)),
            spec(valid, s -> s.leaseDuration = BigInteger.valueOf(59)),
            spec(valid, s -> s.leaseDuration = BigInteger.valueOf(30L * 86_400 + 1)));
    List<String> reasons =
        List.of(
            "genesisStateHash",
            "segmentLength",
            "segmentLength",
            "totalSteps",
            "totalSteps",
            "rewardPerSegment",
            "minWorkerStake",
            "challengeWindow",
            "challengeWindow",
            "leaseDuration",
            "leaseDuration");
    for (int i = 0; i < invalid.size(); i++) {
      TrainingLedger.JobSpec spec = invalid.get(i);
      DecodedError error =
          assertRevertsWith(
              () -> JobDescription.DEFAULT.createJob(protocol.ledger(deployer), spec).send(),
              TrainingLedger.INVALIDJOBSPEC_ERROR);
      assertThat(error.argument(0)).isEqualTo(reasons.get(i));
    }
  }

  @Test
  void shouldEmitTheJobMetadataBesideJobCreated() throws Exception {
    JobDescription description = JobDescription.of("metadata test", 42);
    TrainingLedger.JobSpec spec = jobSpec(description.modelSpecHash());
    protocol
        .token(deployer)
        .approve(protocol.ledgerAddress, REWARD.multiply(BigInteger.TEN))
        .send();

    TransactionReceipt receipt = description.createJob(protocol.ledger(deployer), spec).send();

    TrainingLedger.JobCreatedEventResponse created =
        TrainingLedger.getJobCreatedEvents(receipt).get(0);
    List<TrainingLedger.JobMetadataEventResponse> metadata =
        TrainingLedger.getJobMetadataEvents(receipt);
    assertThat(metadata).hasSize(1);
    TrainingLedger.JobMetadataEventResponse event = metadata.get(0);
    assertThat(event.jobId).isEqualTo(created.jobId);
    assertThat(event.modelSpec).isEqualTo(description.modelSpec());
    assertThat(event.jobSeed).isEqualTo(BigInteger.valueOf(42));
    assertThat(event.datasetManifestHash).isEqualTo(description.datasetManifestHash());
    assertThat(event.datasetLocations).isEqualTo(description.locations());
    assertThat(event.log.getLogIndex()).isEqualTo(created.log.getLogIndex().add(BigInteger.ONE));
  }

  @Test
  void shouldRejectJobMetadataThatContradictsTheSpecOrExceedsItsBounds() {
    JobDescription valid = JobDescription.DEFAULT;
    byte[] otherSpec = JobDescription.of("another model", 7).modelSpec();
    String tooLong = "http://" + "x".repeat(250);
    List<JobDescription> invalid =
        List.of(
            valid.withModelSpec(otherSpec),
            valid.withModelSpec(new byte[] {1, 0, 0, 0}),
            valid.withModelSpec(new byte[1025]),
            valid.withManifestHash(new byte[32]),
            valid.withLocations(List.of()),
            valid.withLocations(java.util.Collections.nCopies(9, "http://a")),
            valid.withLocations(List.of("http://a", "")),
            valid.withLocations(List.of(tooLong)));
    List<String> reasons =
        List.of(
            "modelSpecHash",
            "modelSpec",
            "modelSpec",
            "datasetManifestHash",
            "datasetLocations",
            "datasetLocations",
            "datasetLocations",
            "datasetLocations");
    for (int i = 0; i < invalid.size(); i++) {
      JobDescription description = invalid.get(i);
      DecodedError error =
          assertRevertsWith(
              () -> description.createJob(protocol.ledger(deployer), jobSpec()).send(),
              TrainingLedger.INVALIDJOBSPEC_ERROR);
      assertThat(error.argument(0)).as("case %d", i).isEqualTo(reasons.get(i));
    }
  }

  @Test
  void shouldRejectJobCreatedByAnyoneButTheOwner() {
    assertRevertsWith(
        () -> JobDescription.DEFAULT.createJob(protocol.ledger(outsider), jobSpec()).send(),
        TrainingLedger.OWNABLEUNAUTHORIZEDACCOUNT_ERROR);
  }

  // ------------------------------------------------------------------ claims

  @Test
  void shouldLeaseTheNextSegmentToAStakedWorkerAndLockItsStake() throws Exception {
    TransactionReceipt receipt = claim(worker, jobId, 0);

    TrainingLedger.SegmentClaimedEventResponse event =
        TrainingLedger.getSegmentClaimedEvents(receipt).get(0);
    long now = chain.latestBlockTime().getEpochSecond();
    assertThat(event.worker).isEqualToIgnoringCase(worker.getAddress());
    assertThat(event.leaseDeadline).isEqualTo(BigInteger.valueOf(now).add(LEASE));
    TrainingLedger.Segment record = segmentRecord(jobId, 0);
    assertThat(record.status).isEqualTo(STATUS_CLAIMED);
    assertThat(record.worker).isEqualToIgnoringCase(worker.getAddress());
    BigInteger maxDispute = protocol.disputes(deployer).maxDisputeDuration().send();
    Staking.Participant participant =
        protocol.staking(deployer).participant(worker.getAddress()).send();
    assertThat(participant.lockedUntil)
        .isEqualTo(event.leaseDeadline.add(CHALLENGE_WINDOW).add(maxDispute));
  }

  @Test
  void shouldRejectDoubleClaimWhileTheLeaseRuns() throws Exception {
    claim(worker, jobId, 0);

    assertRevertsWith(
        () -> claim(secondWorker, jobId, 0), TrainingLedger.SEGMENTALREADYCLAIMED_ERROR);
    assertRevertsWith(() -> claim(worker, jobId, 0), TrainingLedger.SEGMENTALREADYCLAIMED_ERROR);
  }

  @Test
  void shouldFreeTheSegmentWhenTheLeaseExpires() throws Exception {
    claim(worker, jobId, 0);
    chain.increaseTime(Duration.ofSeconds(LEASE.longValue() + 1));

    claim(secondWorker, jobId, 0);

    assertThat(segmentRecord(jobId, 0).worker).isEqualToIgnoringCase(secondWorker.getAddress());
    assertRevertsWith(
        () -> commit(worker, jobId, run.honest(0)), TrainingLedger.NOTLEASEHOLDER_ERROR);
  }

  @Test
  void shouldRejectCommitAfterTheLeaseExpired() throws Exception {
    claim(worker, jobId, 0);
    chain.increaseTime(Duration.ofSeconds(LEASE.longValue() + 1));

    assertRevertsWith(
        () -> commit(worker, jobId, run.honest(0)), TrainingLedger.LEASEEXPIRED_ERROR);
  }

  @Test
  void shouldRejectClaimsOfAnythingButTheNextSegmentOfAKnownJob() {
    assertRevertsWith(() -> claim(worker, jobId, 1), TrainingLedger.SEGMENTNOTCLAIMABLE_ERROR);
    assertRevertsWith(() -> claim(worker, jobId, SEGMENTS), TrainingLedger.SEGMENTOUTOFRANGE_ERROR);
    assertRevertsWith(
        () -> claim(worker, jobId.add(BigInteger.TEN), 0), TrainingLedger.UNKNOWNJOB_ERROR);
  }

  @Test
  void shouldRejectClaimsByNonWorkersAndUnderstakedWorkers() {
    assertRevertsWith(() -> claim(outsider, jobId, 0), Staking.NOTAWORKER_ERROR);
    assertRevertsWith(() -> claim(verifiers.get(0), jobId, 0), Staking.NOTAWORKER_ERROR);
    DecodedError error =
        assertRevertsWith(() -> claim(thirdWorker, jobId, 0), Staking.INSUFFICIENTSTAKE_ERROR);
    assertThat(error.argument(2)).isEqualTo(MIN_WORKER_STAKE);
  }

  // ------------------------------------------------------------------ commits

  @Test
  void shouldStoreTheCommitmentDigestAndAdvanceTheTip() throws Exception {
    TrainingRun.Segment segment = run.honest(0);
    claim(worker, jobId, 0);

    TransactionReceipt receipt = commit(worker, jobId, segment);

    TrainingLedger.SegmentCommittedEventResponse event =
        TrainingLedger.getSegmentCommittedEvents(receipt).get(0);
    assertThat(event.startStateHash).isEqualTo(segment.start());
    assertThat(event.stepRoot).isEqualTo(segment.root());
    assertThat(event.endStateHash).isEqualTo(segment.end());
    assertThat(protocol.ledger(deployer).commitmentOf(jobId, BigInteger.ZERO).send())
        .isEqualTo(commitmentDigest(segment));
    assertThat(segmentRecord(jobId, 0).status).isEqualTo(STATUS_COMMITTED);
    TrainingLedger.Job job = protocol.ledger(deployer).jobOf(jobId).send();
    assertThat(job.tipStateHash).isEqualTo(segment.end());
    assertThat(job.progress.nextSegment).isEqualTo(BigInteger.ONE);
  }

  @Test
  void shouldRejectCommitByAWorkerWhoDidNotClaim() throws Exception {
    claim(worker, jobId, 0);

    assertRevertsWith(
        () -> commit(secondWorker, jobId, run.honest(0)), TrainingLedger.NOTLEASEHOLDER_ERROR);
  }

  @Test
  void shouldRejectCommitWhenStartHashDiffersFromThePreviousEnd() throws Exception {
    train(worker, jobId, run.honest(0));
    claim(secondWorker, jobId, 1);
    TrainingRun.Segment wrongStart = run.cheating(1, 0, 7);
    TrainingRun.Segment forged =
        new TrainingRun.Segment(
            1,
            wrongStart.firstStep(),
            Hash.sha3(new byte[] {1}),
            wrongStart.states(),
            wrongStart.tree());

    DecodedError error =
        assertRevertsWith(
            () -> commit(secondWorker, jobId, forged), TrainingLedger.STARTSTATEMISMATCH_ERROR);
    assertThat(error.argument(2)).isEqualTo(run.honest(0).end());
  }

  @Test
  void shouldRejectRecommitOfACommittedSegment() throws Exception {
    train(worker, jobId, run.honest(0));

    assertRevertsWith(
        () -> commit(worker, jobId, run.cheating(0, 0, 3)),
        TrainingLedger.SEGMENTALREADYCOMMITTED_ERROR);
    assertRevertsWith(
        () -> claim(secondWorker, jobId, 0), TrainingLedger.SEGMENTALREADYCOMMITTED_ERROR);
  }

  @Test
  void shouldRejectAnEmptyCommitment() throws Exception {
    claim(worker, jobId, 0);

    assertRevertsWith(
        () ->
            protocol
                .ledger(worker)
                .commit(
                    jobId, BigInteger.ZERO, TrainingRun.GENESIS, new byte[32], run.honest(0).end())
                .send(),
        TrainingLedger.EMPTYCOMMITMENT_ERROR);
  }

  // ------------------------------------------------------------------ finality and pay

  @Test
  void shouldFinalizeSegmentsInOrderOnceTheirWindowsPassed() throws Exception {
    train(worker, jobId, run.honest(0));
    train(secondWorker, jobId, run.honest(1));
    assertRevertsWith(
        () -> protocol.ledger(outsider).finalize(jobId, BigInteger.ZERO).send(),
        TrainingLedger.CHALLENGEWINDOWOPEN_ERROR);
    chain.increaseTime(Duration.ofSeconds(CHALLENGE_WINDOW.longValue()));

    assertRevertsWith(
        () -> protocol.ledger(outsider).finalize(jobId, BigInteger.ONE).send(),
        TrainingLedger.PREVIOUSSEGMENTNOTFINAL_ERROR);
    protocol.ledger(outsider).finalize(jobId, BigInteger.ZERO).send();
    protocol.ledger(outsider).finalize(jobId, BigInteger.ONE).send();

    assertThat(segmentRecord(jobId, 1).status).isEqualTo(STATUS_FINALIZED);
    assertThat(protocol.ledger(deployer).jobOf(jobId).send().progress.finalizedSegments)
        .isEqualTo(BigInteger.TWO);
    assertRevertsWith(
        () -> protocol.ledger(outsider).finalize(jobId, BigInteger.ONE).send(),
        TrainingLedger.SEGMENTNOTCOMMITTED_ERROR);
    assertRevertsWith(
        () -> protocol.ledger(outsider).finalize(jobId, BigInteger.TWO).send(),
        TrainingLedger.SEGMENTNOTCOMMITTED_ERROR);
  }

  @Test
  void shouldPayTheRewardOnceAfterFinalityToTheSegmentsWorker() throws Exception {
    train(worker, jobId, run.honest(0));
    assertRevertsWith(
        () -> protocol.ledger(worker).claimReward(jobId, BigInteger.ZERO).send(),
        TrainingLedger.SEGMENTNOTFINAL_ERROR);
    chain.increaseTime(Duration.ofSeconds(CHALLENGE_WINDOW.longValue()));
    protocol.ledger(outsider).finalize(jobId, BigInteger.ZERO).send();
    assertRevertsWith(
        () -> protocol.ledger(secondWorker).claimReward(jobId, BigInteger.ZERO).send(),
        TrainingLedger.NOTSEGMENTWORKER_ERROR);
    BigInteger before = protocol.balanceOf(worker.getAddress());
    BigInteger escrowBefore = protocol.ledger(deployer).jobOf(jobId).send().escrow;

    protocol.ledger(worker).claimReward(jobId, BigInteger.ZERO).send();

    assertThat(protocol.balanceOf(worker.getAddress())).isEqualTo(before.add(REWARD));
    assertThat(protocol.ledger(deployer).jobOf(jobId).send().escrow)
        .isEqualTo(escrowBefore.subtract(REWARD));
    assertThat(segmentRecord(jobId, 0).status).isEqualTo(STATUS_REWARDED);
    assertRevertsWith(
        () -> protocol.ledger(worker).claimReward(jobId, BigInteger.ZERO).send(),
        TrainingLedger.REWARDALREADYCLAIMED_ERROR);
  }

  @Test
  void shouldRefuseCompensationForASegmentThatWasNotVoided() throws Exception {
    train(worker, jobId, run.honest(0));

    assertRevertsWith(
        () -> protocol.ledger(outsider).claimCompensation(jobId, BigInteger.ZERO).send(),
        TrainingLedger.NOTCOMPENSABLE_ERROR);
  }

  // ------------------------------------------------------------------ wiring

  @Test
  void shouldAcceptDisputeHooksOnlyFromTheDisputeManager() throws Exception {
    train(worker, jobId, run.honest(0));
    TrainingLedger asOutsider = protocol.ledger(outsider);

    assertRevertsWith(
        () ->
            asOutsider.beginDispute(jobId, BigInteger.ZERO, commitmentDigest(run.honest(0))).send(),
        TrainingLedger.UNAUTHORIZEDCALLER_ERROR);
    assertRevertsWith(
        () -> asOutsider.endDispute(jobId, BigInteger.ZERO).send(),
        TrainingLedger.UNAUTHORIZEDCALLER_ERROR);
    assertRevertsWith(
        () ->
            asOutsider
                .voidFrom(jobId, BigInteger.ZERO, TrainingRun.GENESIS, BigInteger.ZERO)
                .send(),
        TrainingLedger.UNAUTHORIZEDCALLER_ERROR);
  }

  @Test
  void shouldConnectTheDisputeManagerOnlyOnceAndOnlyByTheOwner() {
    assertRevertsWith(
        () -> protocol.ledger(deployer).connect(outsider.getAddress()).send(),
        TrainingLedger.ALREADYCONNECTED_ERROR);
    assertRevertsWith(
        () -> protocol.ledger(outsider).connect(outsider.getAddress()).send(),
        TrainingLedger.OWNABLEUNAUTHORIZEDACCOUNT_ERROR);
  }

  static byte[] commitmentDigest(TrainingRun.Segment segment) {
    String encoded =
        TypeEncoder.encode(new Bytes32(segment.start()))
            + TypeEncoder.encode(new Bytes32(segment.root()))
            + TypeEncoder.encode(new Bytes32(segment.end()));
    return Hash.sha3(Numeric.hexStringToByteArray(encoded));
  }

  private static TrainingLedger.JobSpec spec(
      TrainingLedger.JobSpec base, java.util.function.Consumer<MutableSpec> change) {
    MutableSpec m = new MutableSpec(base);
    change.accept(m);
    return m.build();
  }

  /** A JobSpec to vary one field at a time. */
  private static final class MutableSpec {
    byte[] genesisStateHash;
    BigInteger totalSteps;
    BigInteger segmentLength;
    BigInteger rewardPerSegment;
    BigInteger minWorkerStake;
    BigInteger challengeWindow;
    BigInteger leaseDuration;
    private final TrainingLedger.JobSpec base;

    MutableSpec(TrainingLedger.JobSpec base) {
      this.base = base;
      genesisStateHash = base.genesisStateHash;
      totalSteps = base.totalSteps;
      segmentLength = base.segmentLength;
      rewardPerSegment = base.rewardPerSegment;
      minWorkerStake = base.minWorkerStake;
      challengeWindow = base.challengeWindow;
      leaseDuration = base.leaseDuration;
    }

    TrainingLedger.JobSpec build() {
      return new TrainingLedger.JobSpec(
          base.modelSpecHash,
          base.datasetRoot,
          genesisStateHash,
          totalSteps,
          segmentLength,
          rewardPerSegment,
          minWorkerStake,
          challengeWindow,
          leaseDuration);
    }
  }
}
