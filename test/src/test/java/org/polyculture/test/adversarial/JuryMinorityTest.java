package org.polyculture.test.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.app.devnet.CommonsTally;
import org.polyculture.app.devnet.DisputeRecord;
import org.polyculture.chain.DeploymentParameters;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;
import org.polyculture.verifier.VerifierNode;
import org.polyculture.verifier.chain.Vote;
import org.polyculture.verifier.chain.VoteCommitment;
import org.polyculture.worker.WorkerNode;
import org.polyculture.worker.cheat.CheatStrategies;
import org.web3j.crypto.Credentials;

/**
 * A dishonest juror in the minority: a worker that skipped a step is disputed, and of the three
 * jurors drawn the first votes against the truth (commit-reveal, sent by hand with the juror's key:
 * "the challenger is at fault") while the other two are real verifier nodes. The majority convicts
 * the worker, the dishonest juror loses {@code jurorPenaltyBps} of its stake, and the honest jurors
 * share the juror reward and the penalty.
 */
@ExtendWith(GanacheExtension.class)
class JuryMinorityTest {

  private static final int S = AdversarialCommons.SEGMENT_LENGTH;
  private static final int JURY_POOL = 8;
  private static final DeploymentParameters.Disputes RULES =
      AdversarialCommons.PARAMETERS.disputes();

  @TempDir static Path scratch;
  private static AdversarialCommons commons;
  private static Passes passes;

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

  @Test
  void shouldOutvoteAndPenalizeADishonestJuror() throws Exception {
    commons.createJob(21, 2);
    Credentials cheaterKey = commons.workerKey(0);
    WorkerNode cheater =
        commons.startWorker(
            0,
            CheatStrategies.create("skip-step", OptionalInt.of(2)).orElseThrow(),
            NodeCompute.CPU_1_THREAD);
    passes.until(
        "the cheater commits",
        () -> commons.tally().commitsBy(address(cheaterKey)) == 1,
        List.of(cheater),
        List.of(),
        10);
    VerifierNode challenger = commons.startVerifier(0, S, NodeCompute.SCALAR);
    Map<String, VerifierNode> pool = new LinkedHashMap<>();
    Map<String, BigInteger> stakesBefore = new LinkedHashMap<>();
    for (int i = 1; i <= JURY_POOL; i++) {
      Credentials key = commons.verifierKey(i);
      pool.put(address(key), commons.startVerifier(i, 0, NodeCompute.CPU_2_THREADS));
      stakesBefore.put(address(key), commons.slashable(key));
    }

    passes.until(
        "the challenger disputes and the jury is drawn",
        () -> commons.tally().disputes().stream().anyMatch(d -> !d.jurors().isEmpty()),
        List.of(),
        List.of(challenger),
        20);
    DisputeRecord drawn = commons.tally().disputes().get(0);
    assertThat(drawn.jurors()).hasSize(RULES.jurySize());
    String liar = drawn.jurors().get(0);
    Credentials liarKey = verifierKey(liar);
    DisputeManager asLiar = commons.as(liarKey).disputes();
    Bytes32 salt = Bytes32.random(new SecureRandom());
    Bytes32 commitment = VoteCommitment.of(drawn.disputeId(), liar, Vote.CHALLENGER_AT_FAULT, salt);
    asLiar.commitVote(drawn.disputeId(), BigInteger.ZERO, commitment.toArrayUnsafe()).send();

    List<VerifierNode> honest = new ArrayList<>();
    honest.add(challenger);
    pool.forEach(
        (address, node) -> {
          if (!address.equals(liar)) {
            honest.add(node);
          }
        });
    passes.until(
        "every juror commits",
        () -> seats(drawn.disputeId()).stream().allMatch(seat -> seat.committed),
        List.of(),
        honest,
        10);
    asLiar
        .revealVote(
            drawn.disputeId(),
            BigInteger.ZERO,
            BigInteger.valueOf(Vote.CHALLENGER_AT_FAULT.code()),
            salt.toArrayUnsafe())
        .send();
    passes.until(
        "the dispute is resolved",
        () -> commons.tally().openDisputes() == 0,
        List.of(),
        honest,
        20);

    CommonsTally tally = commons.tally();
    DisputeRecord dispute = tally.disputes().get(0);
    assertThat(dispute.outcome()).isEqualTo("worker-at-fault");
    assertThat(seats(dispute.disputeId()).get(0).vote.intValueExact())
        .isEqualTo(Vote.CHALLENGER_AT_FAULT.code());
    assertThat(commons.slashable(cheaterKey)).isZero();
    BigInteger penalty =
        stakesBefore
            .get(liar)
            .multiply(BigInteger.valueOf(RULES.jurorPenaltyBps()))
            .divide(AdversarialCommons.BPS);
    assertThat(penalty).isPositive();
    assertThat(dispute.penalties()).containsExactly(new DisputeRecord.Penalty(liar, penalty));
    assertThat(commons.slashable(liarKey)).isEqualTo(stakesBefore.get(liar).subtract(penalty));
    BigInteger honestGains = BigInteger.ZERO;
    for (String juror : dispute.jurors().subList(1, dispute.jurors().size())) {
      BigInteger gain = commons.slashable(verifierKey(juror)).subtract(stakesBefore.get(juror));
      assertThat(gain).as("honest juror %s is rewarded", juror).isPositive();
      honestGains = honestGains.add(gain);
    }
    assertThat(honestGains).isEqualTo(dispute.toJurors());
    BigInteger rewardShare =
        dispute
            .slashed()
            .multiply(BigInteger.valueOf(RULES.jurorRewardBps()))
            .divide(AdversarialCommons.BPS);
    assertThat(dispute.toJurors())
        .as("the juror reward and the liar's penalty, split between the two honest jurors")
        .isBetween(rewardShare.add(penalty).subtract(BigInteger.TWO), rewardShare.add(penalty));
    assertThat(commons.tokenAudit().conserved()).isTrue();
  }

  @SuppressWarnings("unchecked")
  private static List<DisputeManager.Seat> seats(BigInteger disputeId) {
    try {
      return (List<DisputeManager.Seat>)
          commons.as(commons.verifierKey(0)).disputes().seatsOf(disputeId).send();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Credentials verifierKey(String address) {
    for (int i = 0; i < AdversarialCommons.VERIFIERS; i++) {
      if (address(commons.verifierKey(i)).equals(address)) {
        return commons.verifierKey(i);
      }
    }
    throw new IllegalArgumentException("not a verifier of the suite: " + address);
  }

  private static String address(Credentials key) {
    return key.getAddress().toLowerCase(Locale.ROOT);
  }
}
