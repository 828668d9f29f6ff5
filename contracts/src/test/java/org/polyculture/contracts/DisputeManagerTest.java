package org.polyculture.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polyculture.contracts.Reverts.assertRevertsWith;

import java.math.BigInteger;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.contracts.generated.Staking;
import org.polyculture.contracts.generated.TrainingLedger;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

class DisputeManagerTest extends DisputeTestBase {

  private static final long MIDDLE_STEP = 150;
  private static final BigInteger PHASE_AWAITING_JURY = BigInteger.ONE;
  private static final BigInteger PHASE_VOTING = BigInteger.TWO;
  private static final BigInteger PHASE_RESOLVED = BigInteger.valueOf(3);
  private static final BigInteger STATUS_COMMITTED = BigInteger.TWO;
  private static final BigInteger STATUS_FRAUD = BigInteger.valueOf(5);
  private static final BigInteger STATUS_COMPENSATED = BigInteger.valueOf(6);

  private TrainingRun.Segment committedFraud;

  /** Segment 0 honest by the first worker; segment 1 cheats from step 140 on, by the second. */
  private void commitTwoSegments() throws Exception {
    train(worker, jobId, run.honest(0));
    committedFraud = run.cheating(1, 140, 1);
    train(secondWorker, jobId, committedFraud);
  }

  // ------------------------------------------------------------------ opening

  @Test
  void shouldOpenAFraudDisputeWithBothLeafProofsAndTakeTheBond() throws Exception {
    commitTwoSegments();
    BigInteger challengerBefore = protocol.balanceOf(challenger.getAddress());

    TransactionReceipt receipt =
        openFraudReceipt(
            challenger, committedFraud, MIDDLE_STEP, TrainingRun.stateAfter(MIDDLE_STEP, 0));

    DisputeManager.DisputeOpenedEventResponse opened =
        DisputeManager.getDisputeOpenedEvents(receipt).get(0);
    assertThat(opened.worker).isEqualToIgnoringCase(secondWorker.getAddress());
    assertThat(opened.step).isEqualTo(BigInteger.valueOf(MIDDLE_STEP));
    assertThat(opened.committedStateHash).isEqualTo(TrainingRun.stateAfter(MIDDLE_STEP, 1));
    DisputeManager.Dispute dispute = protocol.disputes(deployer).disputeOf(opened.disputeId).send();
    assertThat(dispute.phase).isEqualTo(PHASE_AWAITING_JURY);
    assertThat(dispute.bond).isEqualTo(BOND);
    assertThat(protocol.balanceOf(challenger.getAddress()))
        .isEqualTo(challengerBefore.subtract(BOND));
    assertThat(segmentRecord(jobId, 1).openDisputes).isEqualTo(BigInteger.ONE);
    assertThat(
            protocol.staking(deployer).participant(secondWorker.getAddress()).send().openDisputes)
        .isEqualTo(BigInteger.ONE);
  }

  @Test
  void shouldUseTheCommittedStartStateBeforeTheFirstStepOfASegment() throws Exception {
    train(worker, jobId, run.honest(0));
    TrainingRun.Segment wrongFromTheStart = run.cheating(1, 100, 1);
    train(secondWorker, jobId, wrongFromTheStart);

    BigInteger disputeId = openFraud(wrongFromTheStart, 100);

    assertThat(protocol.disputes(deployer).disputeOf(disputeId).send().step)
        .isEqualTo(BigInteger.valueOf(100));
  }

  @Test
  void shouldRejectABeforeStateOtherThanTheCommittedStartForTheFirstStep() throws Exception {
    commitTwoSegments();
    long firstStep = committedFraud.firstStep();
    DisputeManager.FraudEvidence forged =
        new DisputeManager.FraudEvidence(
            BigInteger.valueOf(firstStep),
            Hash.sha3(new byte[] {9}),
            List.of(),
            committedFraud.stateAfter(firstStep),
            committedFraud.proof(firstStep),
            TrainingRun.stateAfter(firstStep, 0));

    assertRevertsWith(
        () ->
            protocol
                .disputes(challenger)
                .openFraudDispute(jobId, BigInteger.ONE, commitment(committedFraud), forged)
                .send(),
        DisputeManager.BEFORESTATEMISMATCH_ERROR);
  }

  @Test
  void shouldRejectProofsThatDoNotReachTheCommittedRoot() throws Exception {
    commitTwoSegments();
    DisputeManager.FraudEvidence valid =
        evidence(committedFraud, MIDDLE_STEP, TrainingRun.stateAfter(MIDDLE_STEP, 0));
    DisputeManager.FraudEvidence wrongAfter =
        new DisputeManager.FraudEvidence(
            valid.step,
            valid.beforeStateHash,
            valid.beforeProof,
            TrainingRun.stateAfter(MIDDLE_STEP, 0),
            valid.afterProof,
            TrainingRun.stateAfter(MIDDLE_STEP, 5));
    DisputeManager.FraudEvidence wrongBefore =
        new DisputeManager.FraudEvidence(
            valid.step,
            TrainingRun.stateAfter(MIDDLE_STEP - 1, 5),
            valid.beforeProof,
            valid.afterStateHash,
            valid.afterProof,
            valid.challengerStateHash);
    DisputeManager.FraudEvidence proofOfAnotherStep =
        new DisputeManager.FraudEvidence(
            valid.step,
            valid.beforeStateHash,
            valid.beforeProof,
            valid.afterStateHash,
            committedFraud.proof(MIDDLE_STEP + 2),
            valid.challengerStateHash);

    for (DisputeManager.FraudEvidence bad : List.of(wrongAfter, wrongBefore, proofOfAnotherStep)) {
      assertRevertsWith(
          () ->
              protocol
                  .disputes(challenger)
                  .openFraudDispute(jobId, BigInteger.ONE, commitment(committedFraud), bad)
                  .send(),
          DisputeManager.INVALIDSTEPPROOF_ERROR);
    }
  }

  @Test
  void shouldRejectAStepOutsideTheSegment() throws Exception {
    commitTwoSegments();
    DisputeManager.FraudEvidence outside =
        new DisputeManager.FraudEvidence(
            BigInteger.valueOf(99), new byte[32], List.of(), new byte[32], List.of(), new byte[32]);

    assertRevertsWith(
        () ->
            protocol
                .disputes(challenger)
                .openFraudDispute(jobId, BigInteger.ONE, commitment(committedFraud), outside)
                .send(),
        DisputeManager.STEPOUTOFSEGMENT_ERROR);
  }

  @Test
  void shouldRejectAChallengeThatAgreesWithTheWorker() throws Exception {
    commitTwoSegments();

    assertRevertsWith(
        () ->
            openFraudReceipt(
                challenger, committedFraud, MIDDLE_STEP, committedFraud.stateAfter(MIDDLE_STEP)),
        DisputeManager.NODISAGREEMENT_ERROR);
  }

  @Test
  void shouldRejectAWorkerDisputingItsOwnSegment() throws Exception {
    commitTwoSegments();

    assertRevertsWith(
        () ->
            openFraudReceipt(
                secondWorker, committedFraud, MIDDLE_STEP, TrainingRun.stateAfter(MIDDLE_STEP, 0)),
        DisputeManager.CHALLENGERISWORKER_ERROR);
  }

  @Test
  void shouldRejectACommitmentThatIsNotTheOneOnChain() throws Exception {
    commitTwoSegments();
    TrainingRun.Segment other = run.cheating(1, 130, 2).withStart(committedFraud.start());

    assertRevertsWith(
        () ->
            openFraudReceipt(
                challenger, other, MIDDLE_STEP, TrainingRun.stateAfter(MIDDLE_STEP, 0)),
        TrainingLedger.COMMITMENTMISMATCH_ERROR);
  }

  @Test
  void shouldRejectADisputeAfterTheChallengeWindow() throws Exception {
    commitTwoSegments();
    chain.increaseTime(Duration.ofSeconds(CHALLENGE_WINDOW.longValue()));

    assertRevertsWith(
        () -> openFraud(committedFraud, MIDDLE_STEP), TrainingLedger.CHALLENGEWINDOWCLOSED_ERROR);
  }

  @Test
  void shouldRejectADisputeOnASegmentNotCommitted() throws Exception {
    train(worker, jobId, run.honest(0));

    assertRevertsWith(
        () -> openFraud(run.honest(1), MIDDLE_STEP), TrainingLedger.SEGMENTNOTCOMMITTED_ERROR);
  }

  @Test
  void shouldHoldFinalityAndTheWorkersUnbondingWhileADisputeIsOpen() throws Exception {
    commitTwoSegments();
    openFraud(committedFraud, MIDDLE_STEP);
    chain.increaseTime(Duration.ofSeconds(CHALLENGE_WINDOW.longValue()));
    protocol.ledger(outsider).finalize(jobId, BigInteger.ZERO).send();

    assertRevertsWith(
        () -> protocol.ledger(outsider).finalize(jobId, BigInteger.ONE).send(),
        TrainingLedger.DISPUTEOPEN_ERROR);
    assertRevertsWith(
        () -> protocol.staking(secondWorker).requestUnbond(BigInteger.ONE).send(),
        Staking.UNBONDINGBLOCKEDBYDISPUTE_ERROR);
  }

  // ------------------------------------------------------------------ jury

  @Test
  void shouldDrawDistinctEligibleJurorsAndLockTheirStake() throws Exception {
    commitTwoSegments();
    BigInteger disputeId = openFraud(committedFraud, MIDDLE_STEP);

    List<Credentials> jurors = drawJury(disputeId);

    assertThat(jurors).hasSize(3).doesNotHaveDuplicates().isSubsetOf(verifiers);
    DisputeManager.Dispute dispute = protocol.disputes(deployer).disputeOf(disputeId).send();
    assertThat(dispute.phase).isEqualTo(PHASE_VOTING);
    assertThat(dispute.revealDeadline.subtract(dispute.commitDeadline))
        .isEqualTo(BigInteger.valueOf(3_600));
    for (Credentials juror : jurors) {
      assertThat(protocol.staking(deployer).participant(juror.getAddress()).send().openDisputes)
          .isEqualTo(BigInteger.ONE);
    }
    assertRevertsWith(
        () -> protocol.staking(jurors.get(0)).requestUnbond(BigInteger.ONE).send(),
        Staking.UNBONDINGBLOCKEDBYDISPUTE_ERROR);
    List<String> seated = seatedJurors(disputeId);
    assertThat(seated).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(seated.get(i)).isEqualToIgnoringCase(jurors.get(i).getAddress());
    }
    assertRevertsWith(
        () -> protocol.disputes(outsider).drawJury(disputeId).send(),
        DisputeManager.WRONGPHASE_ERROR);
  }

  @Test
  void shouldDrawDifferentJuriesForDifferentDisputes() throws Exception {
    commitTwoSegments();
    Set<Set<String>> juries = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      BigInteger disputeId = openFraud(committedFraud, MIDDLE_STEP + i);
      Set<String> jury = new HashSet<>();
      drawJury(disputeId).forEach(j -> jury.add(j.getAddress()));
      juries.add(jury);
    }
    // 120 possible juries of 3 out of 10: four equal draws would mean the seed is not used.
    assertThat(juries).hasSizeGreaterThan(1);
  }

  @Test
  void shouldNotDrawTheJuryBeforeTheDrawBlock() throws Exception {
    DisputeManager.Parameters p = TestProtocol.defaultDisputeParameters();
    p = withDrawDelay(p, 5);
    protocol.disputes(deployer).setParameters(p).send();
    commitTwoSegments();
    BigInteger disputeId = openFraud(committedFraud, MIDDLE_STEP);

    assertRevertsWith(
        () -> protocol.disputes(outsider).drawJury(disputeId).send(),
        DisputeManager.JURYNOTDRAWABLE_ERROR);
    for (int i = 0; i < 4; i++) {
      chain.mine();
    }
    assertThat(drawJury(disputeId)).hasSize(3);
  }

  @Test
  void shouldEndUndecidedWithTheBondReturnedWhenTooFewJurorsAreEligible() throws Exception {
    DisputeManager.Parameters p = TestProtocol.defaultDisputeParameters();
    protocol
        .disputes(deployer)
        .setParameters(
            new DisputeManager.Parameters(
                p.bond,
                VERIFIER_STAKE.add(BigInteger.ONE),
                p.jurySize,
                p.drawDelayBlocks,
                p.commitPeriod,
                p.revealPeriod,
                p.finderShareBps,
                p.jurorRewardBps,
                p.jurorPenaltyBps,
                p.workerSlashBps))
        .send();
    commitTwoSegments();
    BigInteger before = protocol.balanceOf(challenger.getAddress());
    BigInteger disputeId = openFraud(committedFraud, MIDDLE_STEP);

    TransactionReceipt receipt = protocol.disputes(outsider).drawJury(disputeId).send();

    DisputeManager.DisputeResolvedEventResponse resolved =
        DisputeManager.getDisputeResolvedEvents(receipt).get(0);
    assertThat(resolved.outcome).isEqualTo(OUTCOME_NO_JURY);
    assertThat(resolved.burned).isZero();
    assertThat(protocol.balanceOf(challenger.getAddress())).isEqualTo(before);
    assertThat(segmentRecord(jobId, 1).openDisputes).isZero();
    assertThat(
            protocol.staking(deployer).participant(secondWorker.getAddress()).send().openDisputes)
        .isZero();
  }

  // ------------------------------------------------------------------ voting

  @Test
  void shouldRejectVotesFromOutsideTheJuryAndBeforeTheDraw() throws Exception {
    commitTwoSegments();
    BigInteger disputeId = openFraud(committedFraud, MIDDLE_STEP);
    assertRevertsWith(
        () -> commitVote(disputeId, verifiers.get(0), VOTE_WORKER_AT_FAULT),
        DisputeManager.WRONGPHASE_ERROR);
    List<Credentials> jurors = drawJury(disputeId);
    Credentials notAJuror =
        verifiers.stream().filter(v -> !jurors.contains(v)).findFirst().orElseThrow();

    assertRevertsWith(
        () -> commitVote(disputeId, notAJuror, VOTE_WORKER_AT_FAULT),
        DisputeManager.NOTAJUROR_ERROR);
    assertRevertsWith(
        () -> revealVote(disputeId, notAJuror, VOTE_WORKER_AT_FAULT),
        DisputeManager.NOTAJUROR_ERROR);
  }

  @Test
  void shouldRejectAJurorVotingTwice() throws Exception {
    commitTwoSegments();
    BigInteger disputeId = openFraud(committedFraud, MIDDLE_STEP);
    List<Credentials> jurors = drawJury(disputeId);
    commitVote(disputeId, jurors.get(0), VOTE_WORKER_AT_FAULT);

    assertRevertsWith(
        () -> commitVote(disputeId, jurors.get(0), VOTE_CHALLENGER_AT_FAULT),
        DisputeManager.ALREADYCOMMITTED_ERROR);
    commitVote(disputeId, jurors.get(1), VOTE_WORKER_AT_FAULT);
    commitVote(disputeId, jurors.get(2), VOTE_WORKER_AT_FAULT);
    revealVote(disputeId, jurors.get(0), VOTE_WORKER_AT_FAULT);
    assertRevertsWith(
        () -> revealVote(disputeId, jurors.get(0), VOTE_WORKER_AT_FAULT),
        DisputeManager.ALREADYREVEALED_ERROR);
  }

  @Test
  void shouldRejectARevealOfADifferentVote() throws Exception {
    commitTwoSegments();
    BigInteger disputeId = openFraud(committedFraud, MIDDLE_STEP);
    List<Credentials> jurors = drawJury(disputeId);
    for (Credentials juror : jurors) {
      commitVote(disputeId, juror, VOTE_WORKER_AT_FAULT);
    }

    assertRevertsWith(
        () -> revealVote(disputeId, jurors.get(0), VOTE_CHALLENGER_AT_FAULT),
        DisputeManager.REVEALMISMATCH_ERROR);
  }

  @Test
  void shouldOpenRevealsOnlyAfterAllCommitsOrTheCommitDeadline() throws Exception {
    commitTwoSegments();
    BigInteger disputeId = openFraud(committedFraud, MIDDLE_STEP);
    List<Credentials> jurors = drawJury(disputeId);
    commitVote(disputeId, jurors.get(0), VOTE_WORKER_AT_FAULT);

    assertRevertsWith(
        () -> revealVote(disputeId, jurors.get(0), VOTE_WORKER_AT_FAULT),
        DisputeManager.REVEALNOTOPEN_ERROR);
    assertRevertsWith(
        () -> revealVote(disputeId, jurors.get(1), VOTE_WORKER_AT_FAULT),
        DisputeManager.NOTCOMMITTED_ERROR);
    chain.increaseTime(Duration.ofSeconds(3_601));
    assertRevertsWith(
        () -> commitVote(disputeId, jurors.get(1), VOTE_WORKER_AT_FAULT),
        DisputeManager.COMMITPERIODOVER_ERROR);
    revealVote(disputeId, jurors.get(0), VOTE_WORKER_AT_FAULT);
  }

  @Test
  void shouldRejectRevealsAfterTheRevealDeadlineAndVotesOtherThanTheTwoSides() throws Exception {
    commitTwoSegments();
    BigInteger disputeId = openFraud(committedFraud, MIDDLE_STEP);
    List<Credentials> jurors = drawJury(disputeId);
    commitVote(disputeId, jurors.get(0), 3);
    commitVote(disputeId, jurors.get(1), VOTE_WORKER_AT_FAULT);
    commitVote(disputeId, jurors.get(2), VOTE_WORKER_AT_FAULT);

    assertRevertsWith(
        () -> revealVote(disputeId, jurors.get(0), 3), DisputeManager.INVALIDVOTE_ERROR);
    assertRevertsWith(
        () -> protocol.disputes(outsider).resolve(disputeId).send(),
        DisputeManager.VOTINGNOTOVER_ERROR);
    chain.increaseTime(Duration.ofSeconds(2 * 3_600 + 1));
    assertRevertsWith(
        () -> revealVote(disputeId, jurors.get(1), VOTE_WORKER_AT_FAULT),
        DisputeManager.REVEALPERIODOVER_ERROR);
  }

  // ------------------------------------------------------------------ outcomes

  @Test
  void shouldSlashTheWorkerPayFinderAndMajorityAndBurnTheRestWhenFraudIsUpheld() throws Exception {
    commitTwoSegments();
    BigInteger disputeId = openFraud(committedFraud, MIDDLE_STEP);
    List<Credentials> jurors = drawJury(disputeId);
    BigInteger challengerBefore = protocol.balanceOf(challenger.getAddress());
    BigInteger supplyBefore = totalSupply();
    vote(disputeId, jurors, VOTE_WORKER_AT_FAULT, VOTE_WORKER_AT_FAULT, VOTE_CHALLENGER_AT_FAULT);

    DisputeManager.DisputeResolvedEventResponse resolved = resolve(disputeId);

    // Worker stake 2000 slashed in full: 10% to the finder, 5% plus the minority juror's 1%
    // penalty (50 of 5000) to the two majority jurors, nothing voided after it, the rest burned.
    BigInteger slashed = WORKER_STAKE;
    BigInteger finder = TestProtocol.tokens(200);
    BigInteger penalty = TestProtocol.tokens(50);
    BigInteger jurorPool = TestProtocol.tokens(100).add(penalty);
    assertThat(resolved.outcome).isEqualTo(OUTCOME_WORKER_AT_FAULT);
    assertThat(resolved.slashed).isEqualTo(slashed);
    assertThat(resolved.toWinner).isEqualTo(finder);
    assertThat(resolved.toJurors).isEqualTo(jurorPool);
    assertThat(resolved.compensation).isZero();
    assertThat(resolved.burned).isEqualTo(TestProtocol.tokens(1_700));
    assertThat(protocol.balanceOf(challenger.getAddress()))
        .isEqualTo(challengerBefore.add(BOND).add(finder));
    // Juror rewards are added to their stake.
    assertThat(protocol.staking(deployer).slashableOf(jurors.get(0).getAddress()).send())
        .isEqualTo(VERIFIER_STAKE.add(jurorPool.divide(BigInteger.TWO)));
    assertThat(protocol.staking(deployer).slashableOf(jurors.get(2).getAddress()).send())
        .isEqualTo(VERIFIER_STAKE.subtract(penalty));
    assertThat(protocol.staking(deployer).slashableOf(secondWorker.getAddress()).send()).isZero();
    assertThat(totalSupply()).isEqualTo(supplyBefore.subtract(resolved.burned));
    assertThat(segmentRecord(jobId, 1).status).isEqualTo(STATUS_FRAUD);
    TrainingLedger.Job job = protocol.ledger(deployer).jobOf(jobId).send();
    assertThat(job.progress.nextSegment).isEqualTo(BigInteger.ONE);
    assertThat(job.tipStateHash).isEqualTo(run.honest(0).end());
    for (Credentials juror : jurors) {
      assertThat(protocol.staking(deployer).participant(juror.getAddress()).send().openDisputes)
          .isZero();
    }
    assertThat(protocol.disputes(deployer).disputeOf(disputeId).send().phase)
        .isEqualTo(PHASE_RESOLVED);
  }

  @Test
  void shouldForfeitTheBondToWorkerJurorsAndBurnWhenTheChallengeFails() throws Exception {
    commitTwoSegments();
    BigInteger disputeId = openFraud(committedFraud, MIDDLE_STEP);
    List<Credentials> jurors = drawJury(disputeId);
    BigInteger workerBefore = protocol.balanceOf(secondWorker.getAddress());
    vote(
        disputeId,
        jurors,
        VOTE_CHALLENGER_AT_FAULT,
        VOTE_CHALLENGER_AT_FAULT,
        VOTE_CHALLENGER_AT_FAULT);

    DisputeManager.DisputeResolvedEventResponse resolved = resolve(disputeId);

    BigInteger eachJuror = TestProtocol.tokens(5).divide(BigInteger.valueOf(3));
    assertThat(resolved.outcome).isEqualTo(OUTCOME_CHALLENGER_AT_FAULT);
    assertThat(resolved.slashed).isEqualTo(BOND);
    assertThat(resolved.toWinner).isEqualTo(TestProtocol.tokens(10));
    assertThat(resolved.toJurors).isEqualTo(eachJuror.multiply(BigInteger.valueOf(3)));
    assertThat(resolved.burned)
        .isEqualTo(BOND.subtract(resolved.toWinner).subtract(resolved.toJurors));
    assertThat(protocol.balanceOf(secondWorker.getAddress()))
        .isEqualTo(workerBefore.add(TestProtocol.tokens(10)));
    assertThat(segmentRecord(jobId, 1).status).isEqualTo(STATUS_COMMITTED);
    assertThat(segmentRecord(jobId, 1).openDisputes).isZero();
    chain.increaseTime(Duration.ofSeconds(CHALLENGE_WINDOW.longValue()));
    protocol.ledger(outsider).finalize(jobId, BigInteger.ZERO).send();
    protocol.ledger(outsider).finalize(jobId, BigInteger.ONE).send();
  }

  @Test
  void shouldReturnTheBondAndPenalizeOnlySilentJurorsWhenTheJuryTies() throws Exception {
    commitTwoSegments();
    BigInteger disputeId = openFraud(committedFraud, MIDDLE_STEP);
    List<Credentials> jurors = drawJury(disputeId);
    BigInteger challengerBefore = protocol.balanceOf(challenger.getAddress());
    vote(disputeId, jurors, VOTE_WORKER_AT_FAULT, VOTE_CHALLENGER_AT_FAULT, 0);

    DisputeManager.DisputeResolvedEventResponse resolved = resolve(disputeId);

    assertThat(resolved.outcome).isEqualTo(OUTCOME_UNDECIDED);
    assertThat(resolved.slashed).isZero();
    assertThat(resolved.burned).isEqualTo(TestProtocol.tokens(50));
    assertThat(protocol.balanceOf(challenger.getAddress())).isEqualTo(challengerBefore.add(BOND));
    assertThat(protocol.staking(deployer).slashableOf(jurors.get(2).getAddress()).send())
        .isEqualTo(VERIFIER_STAKE.subtract(TestProtocol.tokens(50)));
    assertThat(protocol.staking(deployer).slashableOf(jurors.get(0).getAddress()).send())
        .isEqualTo(VERIFIER_STAKE);
    assertThat(protocol.staking(deployer).slashableOf(secondWorker.getAddress()).send())
        .isEqualTo(WORKER_STAKE);
  }

  @Test
  void shouldFindTheWorkerAtFaultAtOnceWhenItsLastLeafContradictsItsEndState() throws Exception {
    train(worker, jobId, run.honest(0));
    TrainingRun.Segment honest = run.honest(1);
    claim(secondWorker, jobId, 1);
    byte[] forgedEnd = TrainingRun.stateAfter(honest.firstStep() + SEGMENT_LENGTH - 1, 4);
    protocol
        .ledger(secondWorker)
        .commit(jobId, BigInteger.ONE, honest.start(), honest.root(), forgedEnd)
        .send();
    // The tree is honest, so its last leaf is the honest end; the chain holds the forged end.
    TrainingRun.Segment committed = honest;
    long lastStep = committed.firstStep() + SEGMENT_LENGTH - 1;
    DisputeManager.Commitment onChain =
        new DisputeManager.Commitment(honest.start(), honest.root(), forgedEnd);

    TransactionReceipt receipt =
        protocol
            .disputes(challenger)
            .openFraudDispute(
                jobId, BigInteger.ONE, onChain, evidence(committed, lastStep, forgedEnd))
            .send();

    DisputeManager.DisputeResolvedEventResponse resolved =
        DisputeManager.getDisputeResolvedEvents(receipt).get(0);
    assertThat(resolved.outcome).isEqualTo(OUTCOME_WORKER_AT_FAULT);
    assertThat(resolved.toJurors).isZero();
    assertThat(segmentRecord(jobId, 1).status).isEqualTo(STATUS_FRAUD);
  }

  @Test
  void shouldVoidTheSegmentWhenAWorkerFailsToServeAState() throws Exception {
    commitTwoSegments();
    assertRevertsWith(
        () ->
            protocol
                .disputes(challenger)
                .openAvailabilityDispute(
                    jobId,
                    BigInteger.ONE,
                    commitment(committedFraud),
                    BigInteger.valueOf(MIDDLE_STEP),
                    TrainingRun.stateAfter(MIDDLE_STEP, 0),
                    committedFraud.proof(MIDDLE_STEP))
                .send(),
        DisputeManager.INVALIDSTEPPROOF_ERROR);
    TransactionReceipt opened =
        protocol
            .disputes(challenger)
            .openAvailabilityDispute(
                jobId,
                BigInteger.ONE,
                commitment(committedFraud),
                BigInteger.valueOf(MIDDLE_STEP),
                committedFraud.stateAfter(MIDDLE_STEP),
                committedFraud.proof(MIDDLE_STEP))
            .send();
    BigInteger disputeId = disputeId(opened);
    assertThat(DisputeManager.getDisputeOpenedEvents(opened).get(0).kind).isEqualTo(BigInteger.ONE);
    List<Credentials> jurors = drawJury(disputeId);
    vote(disputeId, jurors, VOTE_WORKER_AT_FAULT, VOTE_WORKER_AT_FAULT, VOTE_WORKER_AT_FAULT);

    assertThat(resolve(disputeId).outcome).isEqualTo(OUTCOME_WORKER_AT_FAULT);
    assertThat(segmentRecord(jobId, 1).status).isEqualTo(STATUS_FRAUD);
  }

  @Test
  void shouldOpenAStepListDisputeWithoutAProofNamingTheSegmentsFirstStepAndItsRoot()
      throws Exception {
    commitTwoSegments();
    BigInteger challengerBefore = protocol.balanceOf(challenger.getAddress());

    TransactionReceipt receipt =
        protocol
            .disputes(challenger)
            .openStepListDispute(jobId, BigInteger.ONE, commitment(committedFraud))
            .send();

    DisputeManager.DisputeOpenedEventResponse opened =
        DisputeManager.getDisputeOpenedEvents(receipt).get(0);
    assertThat(opened.kind).isEqualTo(BigInteger.TWO);
    assertThat(opened.worker).isEqualToIgnoringCase(secondWorker.getAddress());
    assertThat(opened.step).isEqualTo(BigInteger.valueOf(committedFraud.firstStep()));
    assertThat(opened.committedStateHash).isEqualTo(committedFraud.root());
    assertThat(opened.challengerStateHash).isEqualTo(new byte[32]);
    assertThat(protocol.balanceOf(challenger.getAddress()))
        .isEqualTo(challengerBefore.subtract(BOND));
    assertThat(segmentRecord(jobId, 1).openDisputes).isEqualTo(BigInteger.ONE);
  }

  @Test
  void shouldRejectAStepListDisputeOnAnotherCommitmentOrByTheWorkerItself() throws Exception {
    commitTwoSegments();
    DisputeManager.Commitment forged =
        new DisputeManager.Commitment(
            committedFraud.start(), run.honest(1).root(), committedFraud.end());
    assertRevertsWith(
        () ->
            protocol.disputes(challenger).openStepListDispute(jobId, BigInteger.ONE, forged).send(),
        TrainingLedger.COMMITMENTMISMATCH_ERROR);
    assertRevertsWith(
        () ->
            protocol
                .disputes(secondWorker)
                .openStepListDispute(jobId, BigInteger.ONE, commitment(committedFraud))
                .send(),
        DisputeManager.CHALLENGERISWORKER_ERROR);
  }

  @Test
  void shouldSlashAWorkerWhoseStepListTheJuryCouldNotRebuildAndVoidItsSegment() throws Exception {
    commitTwoSegments();
    BigInteger disputeId =
        disputeId(
            protocol
                .disputes(challenger)
                .openStepListDispute(jobId, BigInteger.ONE, commitment(committedFraud))
                .send());
    List<Credentials> jurors = drawJury(disputeId);
    vote(disputeId, jurors, VOTE_WORKER_AT_FAULT, VOTE_WORKER_AT_FAULT, VOTE_CHALLENGER_AT_FAULT);

    DisputeManager.DisputeResolvedEventResponse resolved = resolve(disputeId);

    assertThat(resolved.outcome).isEqualTo(OUTCOME_WORKER_AT_FAULT);
    assertThat(resolved.slashed).isEqualTo(WORKER_STAKE);
    assertThat(segmentRecord(jobId, 1).status).isEqualTo(STATUS_FRAUD);
    assertThat(protocol.ledger(deployer).jobOf(jobId).send().tipStateHash)
        .isEqualTo(run.honest(0).end());
  }

  @Test
  void shouldForfeitTheBondWhenTheJuryRebuiltTheStepList() throws Exception {
    commitTwoSegments();
    BigInteger disputeId =
        disputeId(
            protocol
                .disputes(challenger)
                .openStepListDispute(jobId, BigInteger.ZERO, commitment(run.honest(0)))
                .send());
    List<Credentials> jurors = drawJury(disputeId);
    vote(
        disputeId,
        jurors,
        VOTE_CHALLENGER_AT_FAULT,
        VOTE_CHALLENGER_AT_FAULT,
        VOTE_CHALLENGER_AT_FAULT);

    DisputeManager.DisputeResolvedEventResponse resolved = resolve(disputeId);

    assertThat(resolved.outcome).isEqualTo(OUTCOME_CHALLENGER_AT_FAULT);
    assertThat(resolved.slashed).isEqualTo(BOND);
    assertThat(segmentRecord(jobId, 0).status).isEqualTo(STATUS_COMMITTED);
    assertThat(protocol.staking(deployer).slashableOf(worker.getAddress()).send())
        .isEqualTo(WORKER_STAKE);
  }

  @Test
  void shouldVoidLaterSegmentsAndCompensateTheirWorkersFromTheSlash() throws Exception {
    TrainingRun.Segment fraud = run.cheating(0, 50, 1);
    train(worker, jobId, fraud);
    TrainingRun.Segment second = run.cheating(1, 0, 1).withStart(fraud.end());
    train(secondWorker, jobId, second);
    TrainingRun.Segment third = run.cheating(2, 0, 1).withStart(second.end());
    train(thirdWorker, jobId, third);
    BigInteger disputeId = openFraud(fraud, 60);
    List<Credentials> jurors = drawJury(disputeId);
    vote(disputeId, jurors, VOTE_WORKER_AT_FAULT, VOTE_WORKER_AT_FAULT, VOTE_WORKER_AT_FAULT);

    DisputeManager.DisputeResolvedEventResponse resolved = resolve(disputeId);

    assertThat(resolved.compensation).isEqualTo(REWARD.multiply(BigInteger.TWO));
    TrainingLedger.Job job = protocol.ledger(deployer).jobOf(jobId).send();
    assertThat(job.progress.nextSegment).isZero();
    assertThat(job.progress.generation).isEqualTo(BigInteger.ONE);
    assertThat(job.tipStateHash).isEqualTo(TrainingRun.GENESIS);
    assertThat(job.compensationHeld).isEqualTo(resolved.compensation);

    BigInteger secondBefore = protocol.balanceOf(secondWorker.getAddress());
    protocol.ledger(outsider).claimCompensation(jobId, BigInteger.ONE).send();
    assertThat(protocol.balanceOf(secondWorker.getAddress())).isEqualTo(secondBefore.add(REWARD));
    assertThat(segmentRecord(jobId, 1).status).isEqualTo(STATUS_COMPENSATED);
    assertRevertsWith(
        () -> protocol.ledger(outsider).claimCompensation(jobId, BigInteger.ONE).send(),
        TrainingLedger.NOTCOMPENSABLE_ERROR);
    assertRevertsWith(
        () -> protocol.ledger(outsider).claimCompensation(jobId, BigInteger.ZERO).send(),
        TrainingLedger.NOTCOMPENSABLE_ERROR);

    // Training resumes from the genesis state; claiming the stale segment 2 pays its worker.
    train(secondWorker, jobId, run.honest(0));
    train(secondWorker, jobId, run.honest(1));
    BigInteger thirdBefore = protocol.balanceOf(thirdWorker.getAddress());
    TransactionReceipt reclaim = claim(secondWorker, jobId, 2);
    assertThat(TrainingLedger.getCompensationPaidEvents(reclaim)).hasSize(1);
    assertThat(protocol.balanceOf(thirdWorker.getAddress())).isEqualTo(thirdBefore.add(REWARD));
    assertThat(protocol.ledger(deployer).jobOf(jobId).send().compensationHeld).isZero();
    commit(secondWorker, jobId, run.honest(2));
  }

  // ------------------------------------------------------------------ parameters

  @Test
  void shouldKeepEveryParameterWithinItsBounds() {
    DisputeManager.Parameters p = TestProtocol.defaultDisputeParameters();
    List<DisputeManager.Parameters> invalid =
        List.of(
            new DisputeManager.Parameters(
                BigInteger.ZERO,
                p.minJurorStake,
                p.jurySize,
                p.drawDelayBlocks,
                p.commitPeriod,
                p.revealPeriod,
                p.finderShareBps,
                p.jurorRewardBps,
                p.jurorPenaltyBps,
                p.workerSlashBps),
            new DisputeManager.Parameters(
                p.bond,
                BigInteger.ZERO,
                p.jurySize,
                p.drawDelayBlocks,
                p.commitPeriod,
                p.revealPeriod,
                p.finderShareBps,
                p.jurorRewardBps,
                p.jurorPenaltyBps,
                p.workerSlashBps),
            new DisputeManager.Parameters(
                p.bond,
                p.minJurorStake,
                BigInteger.valueOf(4),
                p.drawDelayBlocks,
                p.commitPeriod,
                p.revealPeriod,
                p.finderShareBps,
                p.jurorRewardBps,
                p.jurorPenaltyBps,
                p.workerSlashBps),
            new DisputeManager.Parameters(
                p.bond,
                p.minJurorStake,
                BigInteger.valueOf(11),
                p.drawDelayBlocks,
                p.commitPeriod,
                p.revealPeriod,
                p.finderShareBps,
                p.jurorRewardBps,
                p.jurorPenaltyBps,
                p.workerSlashBps),
            new DisputeManager.Parameters(
                p.bond,
                p.minJurorStake,
                p.jurySize,
                BigInteger.ZERO,
                p.commitPeriod,
                p.revealPeriod,
                p.finderShareBps,
                p.jurorRewardBps,
                p.jurorPenaltyBps,
                p.workerSlashBps),
            new DisputeManager.Parameters(
                p.bond,
                p.minJurorStake,
                p.jurySize,
                p.drawDelayBlocks,
                BigInteger.valueOf(59),
                p.revealPeriod,
                p.finderShareBps,
                p.jurorRewardBps,
                p.jurorPenaltyBps,
                p.workerSlashBps),
            new DisputeManager.Parameters(
                p.bond,
                p.minJurorStake,
                p.jurySize,
                p.drawDelayBlocks,
                p.commitPeriod,
                BigInteger.valueOf(15L * 86_400),
                p.finderShareBps,
                p.jurorRewardBps,
                p.jurorPenaltyBps,
                p.workerSlashBps),
            new DisputeManager.Parameters(
                p.bond,
                p.minJurorStake,
                p.jurySize,
                p.drawDelayBlocks,
                p.commitPeriod,
                p.revealPeriod,
                BigInteger.valueOf(499),
                p.jurorRewardBps,
                p.jurorPenaltyBps,
                p.workerSlashBps),
            new DisputeManager.Parameters(
                p.bond,
                p.minJurorStake,
                p.jurySize,
                p.drawDelayBlocks,
                p.commitPeriod,
                p.revealPeriod,
                BigInteger.valueOf(2_001),
                p.jurorRewardBps,
                p.jurorPenaltyBps,
                p.workerSlashBps),
            new DisputeManager.Parameters(
                p.bond,
                p.minJurorStake,
                p.jurySize,
                p.drawDelayBlocks,
                p.commitPeriod,
                p.revealPeriod,
                p.finderShareBps,
                BigInteger.valueOf(2_001),
                p.jurorPenaltyBps,
                p.workerSlashBps),
            new DisputeManager.Parameters(
                p.bond,
                p.minJurorStake,
                p.jurySize,
                p.drawDelayBlocks,
                p.commitPeriod,
                p.revealPeriod,
                p.finderShareBps,
                p.jurorRewardBps,
                BigInteger.valueOf(9),
                p.workerSlashBps),
            new DisputeManager.Parameters(
                p.bond,
                p.minJurorStake,
                p.jurySize,
                p.drawDelayBlocks,
                p.commitPeriod,
                p.revealPeriod,
                p.finderShareBps,
                p.jurorRewardBps,
                p.jurorPenaltyBps,
                BigInteger.valueOf(999)),
            new DisputeManager.Parameters(
                p.bond,
                p.minJurorStake,
                p.jurySize,
                p.drawDelayBlocks,
                p.commitPeriod,
                p.revealPeriod,
                p.finderShareBps,
                p.jurorRewardBps,
                p.jurorPenaltyBps,
                BigInteger.valueOf(10_001)));
    for (DisputeManager.Parameters bad : invalid) {
      assertRevertsWith(
          () -> protocol.disputes(deployer).setParameters(bad).send(),
          DisputeManager.PARAMETEROUTOFBOUNDS_ERROR);
    }
    assertRevertsWith(
        () -> protocol.disputes(outsider).setParameters(p).send(),
        DisputeManager.OWNABLEUNAUTHORIZEDACCOUNT_ERROR);
  }

  @Test
  void shouldRejectActionsOnAnUnknownDispute() {
    assertRevertsWith(
        () -> protocol.disputes(outsider).drawJury(BigInteger.TEN).send(),
        DisputeManager.UNKNOWNDISPUTE_ERROR);
    assertRevertsWith(
        () -> protocol.disputes(outsider).resolve(BigInteger.TEN).send(),
        DisputeManager.UNKNOWNDISPUTE_ERROR);
  }

  @SuppressWarnings("unchecked")
  private List<String> seatedJurors(BigInteger disputeId) throws Exception {
    List<DisputeManager.Seat> seats = protocol.disputes(deployer).seatsOf(disputeId).send();
    return seats.stream().map(seat -> seat.juror).toList();
  }

  private static DisputeManager.Parameters withDrawDelay(DisputeManager.Parameters p, int blocks) {
    return new DisputeManager.Parameters(
        p.bond,
        p.minJurorStake,
        p.jurySize,
        BigInteger.valueOf(blocks),
        p.commitPeriod,
        p.revealPeriod,
        p.finderShareBps,
        p.jurorRewardBps,
        p.jurorPenaltyBps,
        p.workerSlashBps);
  }
}
