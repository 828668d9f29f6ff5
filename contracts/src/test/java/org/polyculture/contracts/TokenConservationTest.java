package org.polyculture.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.contracts.generated.Staking;
import org.polyculture.contracts.generated.TrainingLedger;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Property: across random sequences of stakes, unbonding, claims, honest and cheating commits,
 * disputes, votes, slashes, payouts and burns, no token is created or lost. After every step the
 * balances of everyone plus the burned amount equal the initial supply, and each contract holds
 * exactly what its own books say (staking: bonded + unbonding; ledger: escrow + compensation;
 * disputes: the bonds of open disputes). Seeded, so a failure names the seed that reproduces it.
 */
class TokenConservationTest extends DisputeTestBase {

  private static final int STEPS = 50;

  private Random random;
  private final List<String> log = new ArrayList<>();
  private final Map<Integer, TrainingRun.Segment> committed = new HashMap<>();
  private final List<BigInteger> openDisputes = new ArrayList<>();
  private final Map<BigInteger, Map<Credentials, Integer>> votes = new HashMap<>();

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 23, 37, 41, 53})
  void shouldConserveTokensAcrossRandomOperations(long seed) throws Exception {
    random = new Random(seed);
    log.clear();
    committed.clear();
    openDisputes.clear();
    juries.clear();
    votes.clear();
    assertConserved(seed);
    for (int step = 0; step < STEPS; step++) {
      act();
      assertConserved(seed);
    }
  }

  private void act() throws Exception {
    int choice = random.nextInt(20);
    try {
      switch (choice) {
        case 0 -> stakeMore();
        case 1 -> unbond();
        case 2 -> withdraw();
        case 3 -> passTime();
        case 4, 5, 6, 7 -> trainNext();
        case 8, 9 -> finalizeAndPay();
        case 10, 11, 12 -> openDispute();
        case 13, 14 -> draw();
        case 15, 16 -> juryVotes();
        case 17, 18 -> resolveOne();
        default -> burnOrCompensate();
      }
    } catch (ContractRevertedException expected) {
      log.add("  rejected: " + expected.errorName().orElse(expected.revertData()));
    }
  }

  private Credentials anyWorker() {
    return List.of(worker, secondWorker, thirdWorker).get(random.nextInt(3));
  }

  private void stakeMore() throws Exception {
    Credentials who =
        random.nextBoolean() ? anyWorker() : verifiers.get(random.nextInt(verifiers.size()));
    BigInteger amount = TestProtocol.tokens(1 + random.nextInt(500));
    log.add("stake " + amount + " by " + who.getAddress());
    protocol.fund(who, amount);
    protocol.token(who).approve(protocol.stakingAddress, amount).send();
    protocol.staking(who).stake(amount).send();
  }

  private void unbond() throws Exception {
    Credentials who =
        random.nextBoolean() ? anyWorker() : verifiers.get(random.nextInt(verifiers.size()));
    BigInteger bonded = protocol.staking(deployer).bondedOf(who.getAddress()).send();
    BigInteger amount =
        bonded.signum() == 0
            ? BigInteger.ONE
            : bonded
                .multiply(BigInteger.valueOf(1 + random.nextInt(100)))
                .divide(BigInteger.valueOf(100));
    log.add("unbond " + amount + " by " + who.getAddress());
    protocol.staking(who).requestUnbond(amount).send();
  }

  private void withdraw() throws Exception {
    Credentials who =
        random.nextBoolean() ? anyWorker() : verifiers.get(random.nextInt(verifiers.size()));
    log.add("withdraw by " + who.getAddress());
    protocol.staking(who).withdraw().send();
  }

  private void passTime() {
    long[] choices = {60, 600, 3_601, 86_400};
    long seconds = choices[random.nextInt(choices.length)];
    log.add("time +" + seconds + "s");
    chain.increaseTime(Duration.ofSeconds(seconds));
  }

  private TrainingLedger.Job job() throws Exception {
    return protocol.ledger(deployer).jobOf(jobId).send();
  }

  private void trainNext() throws Exception {
    TrainingLedger.Job job = job();
    int next = job.progress.nextSegment.intValue();
    Credentials who = anyWorker();
    boolean cheat = random.nextInt(3) == 0;
    long from = cheat ? run.firstStep(next) + random.nextInt(SEGMENT_LENGTH) : Long.MAX_VALUE;
    TrainingRun.Segment segment =
        run.cheating(next, from, cheat ? 1 + random.nextInt(3) : 0).withStart(job.tipStateHash);
    log.add(
        "train "
            + next
            + (cheat ? " cheating from " + from : " honestly")
            + " by "
            + who.getAddress());
    claim(who, jobId, next);
    commit(who, jobId, segment);
    committed.put(next, segment);
  }

  private void finalizeAndPay() throws Exception {
    TrainingLedger.Job job = job();
    int segment = job.progress.finalizedSegments.intValue();
    log.add("finalize and pay " + segment);
    protocol.ledger(outsider).finalize(jobId, BigInteger.valueOf(segment)).send();
    Credentials payee = credentialsOf(segmentRecord(jobId, segment).worker);
    protocol.ledger(payee).claimReward(jobId, BigInteger.valueOf(segment)).send();
  }

  private void openDispute() throws Exception {
    TrainingLedger.Job job = job();
    int next = job.progress.nextSegment.intValue();
    if (next == 0) {
      return;
    }
    int index = random.nextInt(next);
    TrainingRun.Segment segment = committed.get(index);
    long step = segment.firstStep() + random.nextInt(SEGMENT_LENGTH);
    TransactionReceipt receipt;
    if (random.nextInt(4) == 0) {
      log.add("availability dispute on " + index + " step " + step);
      receipt =
          protocol
              .disputes(challenger)
              .openAvailabilityDispute(
                  jobId,
                  BigInteger.valueOf(index),
                  commitment(segment),
                  BigInteger.valueOf(step),
                  segment.stateAfter(step),
                  segment.proof(step))
              .send();
    } else {
      log.add("fraud dispute on " + index + " step " + step);
      byte[] claimed = TrainingRun.stateAfter(step, 0);
      if (java.util.Arrays.equals(claimed, segment.stateAfter(step))) {
        claimed = TrainingRun.stateAfter(step, 9);
      }
      receipt = openFraudReceipt(challenger, segment, step, claimed);
    }
    BigInteger disputeId = disputeId(receipt);
    if (DisputeManager.getDisputeResolvedEvents(receipt).isEmpty()) {
      openDisputes.add(disputeId);
    }
  }

  private void draw() throws Exception {
    for (BigInteger disputeId : List.copyOf(openDisputes)) {
      if (!juries.containsKey(disputeId)) {
        log.add("draw jury " + disputeId);
        TransactionReceipt receipt = protocol.disputes(outsider).drawJury(disputeId).send();
        if (!DisputeManager.getDisputeResolvedEvents(receipt).isEmpty()) {
          openDisputes.remove(disputeId);
          return;
        }
        List<Credentials> jury = new ArrayList<>();
        for (String address : DisputeManager.getJuryDrawnEvents(receipt).get(0).jurors) {
          jury.add(credentialsOf(address));
        }
        juries.put(disputeId, jury);
        votes.put(disputeId, new HashMap<>());
        if (random.nextBoolean()) {
          juryVotes();
        }
        return;
      }
    }
  }

  /** Every juror of one drawn dispute commits (most of them) and reveals a random vote. */
  private void juryVotes() throws Exception {
    for (BigInteger disputeId : openDisputes) {
      List<Credentials> jury = juries.get(disputeId);
      if (jury == null || !votes.get(disputeId).isEmpty()) {
        continue;
      }
      Map<Credentials, Integer> cast = votes.get(disputeId);
      for (Credentials juror : jury) {
        if (random.nextInt(8) != 0) {
          int vote = random.nextInt(5) == 0 ? VOTE_CHALLENGER_AT_FAULT : VOTE_WORKER_AT_FAULT;
          commitVote(disputeId, juror, vote);
          cast.put(juror, vote);
        }
      }
      log.add("jury of " + disputeId + " votes " + cast.values());
      if (cast.size() < jury.size()) {
        chain.increaseTime(Duration.ofSeconds(3_601));
      }
      for (Map.Entry<Credentials, Integer> vote : cast.entrySet()) {
        revealVote(disputeId, vote.getKey(), vote.getValue());
      }
      return;
    }
  }

  private void resolveOne() throws Exception {
    if (openDisputes.isEmpty()) {
      return;
    }
    BigInteger disputeId = openDisputes.get(random.nextInt(openDisputes.size()));
    log.add("resolve " + disputeId);
    DisputeManager.Dispute dispute = protocol.disputes(deployer).disputeOf(disputeId).send();
    if (dispute.phase.intValue() == 2
        && dispute.reveals.intValue()
            < protocol.disputes(deployer).seatsOf(disputeId).send().size()) {
      chain.increaseTime(Duration.ofSeconds(2 * 3_601));
    }
    TransactionReceipt receipt = protocol.disputes(outsider).resolve(disputeId).send();
    openDisputes.remove(disputeId);
    DisputeManager.DisputeResolvedEventResponse resolved =
        DisputeManager.getDisputeResolvedEvents(receipt).get(0);
    log.add(
        "  outcome "
            + resolved.outcome
            + ", slashed "
            + resolved.slashed
            + ", compensation "
            + resolved.compensation
            + ", burned "
            + resolved.burned);
  }

  private void burnOrCompensate() throws Exception {
    if (random.nextBoolean()) {
      log.add("burn by the deployer");
      protocol.token(deployer).burn(TestProtocol.tokens(1 + random.nextInt(10))).send();
      return;
    }
    int segment = random.nextInt(SEGMENTS);
    log.add("claim compensation " + segment);
    TransactionReceipt receipt =
        protocol.ledger(outsider).claimCompensation(jobId, BigInteger.valueOf(segment)).send();
    log.add("  paid " + TrainingLedger.getCompensationPaidEvents(receipt).get(0).amount);
  }

  private Credentials credentialsOf(String address) {
    return chain.accounts().stream()
        .filter(a -> a.getAddress().equalsIgnoreCase(address))
        .findFirst()
        .orElseThrow();
  }

  private void assertConserved(long seed) throws Exception {
    String context = "seed " + seed + ", steps:\n" + String.join("\n", log);
    BigInteger holdings = BigInteger.ZERO;
    for (Credentials account : chain.accounts()) {
      holdings = holdings.add(protocol.balanceOf(account.getAddress()));
    }
    BigInteger staked = protocol.balanceOf(protocol.stakingAddress);
    BigInteger ledgerHeld = protocol.balanceOf(protocol.ledgerAddress);
    BigInteger bonds = protocol.balanceOf(protocol.disputesAddress);
    BigInteger burned = TestProtocol.SUPPLY.subtract(totalSupply());
    assertThat(holdings.add(staked).add(ledgerHeld).add(bonds).add(burned))
        .as(context)
        .isEqualTo(TestProtocol.SUPPLY);

    BigInteger booked = BigInteger.ZERO;
    for (Credentials account : chain.accounts()) {
      Staking.Participant p = protocol.staking(deployer).participant(account.getAddress()).send();
      booked = booked.add(p.bonded).add(p.unbonding);
    }
    assertThat(staked).as("staking books, " + context).isEqualTo(booked);
    TrainingLedger.Job job = job();
    assertThat(ledgerHeld)
        .as("ledger books, " + context)
        .isEqualTo(job.escrow.add(job.compensationHeld));
    BigInteger openBonds = BigInteger.ZERO;
    BigInteger count = protocol.disputes(deployer).disputeCount().send();
    for (BigInteger id = BigInteger.ZERO; id.compareTo(count) < 0; id = id.add(BigInteger.ONE)) {
      DisputeManager.Dispute d = protocol.disputes(deployer).disputeOf(id).send();
      if (d.phase.intValue() != 3) {
        openBonds = openBonds.add(d.bond);
      }
    }
    assertThat(bonds).as("dispute books, " + context).isEqualTo(openBonds);
  }
}
