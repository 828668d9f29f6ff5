package org.polyculture.contracts;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.testkit.LocalChain;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Drives one worker, one challenger and a jury through the protocol on a fresh deployment with the
 * real-network dispute parameters (jury of 5) and a segment length of 100, recording the gas every
 * transaction used. Shared by the gas target test and the gas benchmark.
 */
final class GasScenario {

  static final int SEGMENT_LENGTH = 100;
  static final int JURY_SIZE = 5;
  static final int MAX_JURY_SIZE = 9;

  private final LocalChain chain;
  private final int jurySize;
  private final Map<String, Long> gas = new LinkedHashMap<>();
  private long disputeTotal;

  private GasScenario(LocalChain chain, int jurySize) {
    this.chain = chain;
    this.jurySize = jurySize;
  }

  /** Runs the scenario with a jury of five and returns operation name to gas used, in order. */
  static Map<String, Long> run(LocalChain chain) throws Exception {
    return run(chain, JURY_SIZE);
  }

  static Map<String, Long> run(LocalChain chain, int jurySize) throws Exception {
    GasScenario scenario = new GasScenario(chain, jurySize);
    scenario.play();
    return scenario.gas;
  }

  static DisputeManager.Parameters realNetworkParameters(int jurySize) {
    DisputeManager.Parameters p = TestProtocol.defaultDisputeParameters();
    return new DisputeManager.Parameters(
        p.bond,
        p.minJurorStake,
        BigInteger.valueOf(jurySize),
        BigInteger.TWO,
        BigInteger.valueOf(86_400),
        BigInteger.valueOf(86_400),
        p.finderShareBps,
        p.jurorRewardBps,
        p.jurorPenaltyBps,
        p.workerSlashBps);
  }

  private void play() throws Exception {
    TestProtocol protocol = TestProtocol.deploy(chain, realNetworkParameters(jurySize));
    Credentials deployer = chain.account(0);
    Credentials worker = chain.account(1);
    Credentials challenger = chain.account(4);
    List<Credentials> verifiers = chain.accounts().subList(5, 20);
    TrainingRun run = new TrainingRun(SEGMENT_LENGTH);

    BigInteger stake = TestProtocol.tokens(2_000);
    protocol.fund(worker, stake);
    protocol.token(worker).approve(protocol.stakingAddress, stake).send();
    record(
        "register",
        protocol
            .staking(worker)
            .register(BigInteger.ONE, "https://worker.example:8545", "1x H200")
            .send());
    record("stake", protocol.staking(worker).stake(stake).send());
    for (Credentials verifier : verifiers) {
      protocol.stake(verifier, TestProtocol.ROLE_VERIFIER, TestProtocol.tokens(5_000));
    }
    protocol.fund(challenger, TestProtocol.tokens(1_000));
    protocol.token(challenger).approve(protocol.disputesAddress, TestProtocol.tokens(1_000)).send();

    TrainingLedger.JobSpec spec =
        new TrainingLedger.JobSpec(
            JobDescription.DEFAULT.modelSpecHash(),
            Hash.sha3("gas data".getBytes(StandardCharsets.UTF_8)),
            TrainingRun.GENESIS,
            BigInteger.valueOf(10L * SEGMENT_LENGTH),
            BigInteger.valueOf(SEGMENT_LENGTH),
            TestProtocol.tokens(50),
            TestProtocol.tokens(1_000),
            BigInteger.valueOf(86_400),
            BigInteger.valueOf(3_600));
    protocol.token(deployer).approve(protocol.ledgerAddress, TestProtocol.tokens(500)).send();
    TransactionReceipt created =
        JobDescription.DEFAULT.createJob(protocol.ledger(deployer), spec).send();
    record("createJob (escrow 10 segments)", created);
    BigInteger jobId = TrainingLedger.getJobCreatedEvents(created).get(0).jobId;
    TrainingLedger ledger = protocol.ledger(worker);

    TrainingRun.Segment first = run.honest(0);
    record("claim", ledger.claim(jobId, BigInteger.ZERO).send());
    record(
        "commit",
        ledger.commit(jobId, BigInteger.ZERO, first.start(), first.root(), first.end()).send());
    TrainingRun.Segment second = run.honest(1);
    ledger.claim(jobId, BigInteger.ONE).send();
    record(
        "commit (next segment)",
        ledger.commit(jobId, BigInteger.ONE, second.start(), second.root(), second.end()).send());
    chain.increaseTime(Duration.ofSeconds(86_400));
    record("finalize", protocol.ledger(challenger).finalize(jobId, BigInteger.ZERO).send());
    record("claimReward", ledger.claimReward(jobId, BigInteger.ZERO).send());

    TrainingRun.Segment cheat = run.cheating(2, 250, 1);
    ledger.claim(jobId, BigInteger.TWO).send();
    ledger.commit(jobId, BigInteger.TWO, cheat.start(), cheat.root(), cheat.end()).send();
    long step = 260;
    DisputeManager.FraudEvidence evidence =
        new DisputeManager.FraudEvidence(
            BigInteger.valueOf(step),
            cheat.stateBefore(step),
            cheat.proofBefore(step),
            cheat.stateAfter(step),
            cheat.proof(step),
            TrainingRun.stateAfter(step, 0));
    TransactionReceipt opened =
        protocol
            .disputes(challenger)
            .openFraudDispute(jobId, BigInteger.TWO, DisputeTestBase.commitment(cheat), evidence)
            .send();
    disputeRecord(
        "dispute: open (fraud, two proofs of depth " + cheat.proof(step).size() + ")", opened);
    BigInteger disputeId = DisputeTestBase.disputeId(opened);
    record(
        "dispute: open (step list, no proof)",
        protocol
            .disputes(challenger)
            .openStepListDispute(jobId, BigInteger.TWO, DisputeTestBase.commitment(cheat))
            .send());
    chain.mine();
    TransactionReceipt drawn = protocol.disputes(challenger).drawJury(disputeId).send();
    disputeRecord("dispute: draw jury of " + jurySize, drawn);
    List<Credentials> jurors = new ArrayList<>();
    for (String address : DisputeManager.getJuryDrawnEvents(drawn).get(0).jurors) {
      jurors.add(
          verifiers.stream()
              .filter(v -> v.getAddress().equalsIgnoreCase(address))
              .findFirst()
              .orElseThrow());
    }
    int[] votes = new int[jurySize];
    java.util.Arrays.fill(votes, 1);
    votes[jurySize - 1] = 2;
    long commits = 0;
    for (int i = 0; i < jurySize; i++) {
      byte[] salt = DisputeTestBase.salt(jurors.get(i));
      commits +=
          used(
              protocol
                  .disputes(jurors.get(i))
                  .commitVote(
                      disputeId,
                      BigInteger.valueOf(i),
                      DisputeTestBase.voteCommitment(disputeId, jurors.get(i), votes[i], salt))
                  .send());
    }
    disputeTotal += commits;
    gas.put("dispute: " + jurySize + " vote commits", commits);
    long reveals = 0;
    for (int i = 0; i < jurySize; i++) {
      reveals +=
          used(
              protocol
                  .disputes(jurors.get(i))
                  .revealVote(
                      disputeId,
                      BigInteger.valueOf(i),
                      BigInteger.valueOf(votes[i]),
                      DisputeTestBase.salt(jurors.get(i)))
                  .send());
    }
    disputeTotal += reveals;
    gas.put("dispute: " + jurySize + " vote reveals", reveals);
    disputeRecord(
        "dispute: resolve (slash, pay, penalize, void, burn)",
        protocol.disputes(challenger).resolve(disputeId).send());
    gas.put("dispute: whole", disputeTotal);

    protocol.staking(worker);
    protocol.fund(chain.account(2), stake);
    Credentials leaver = chain.account(2);
    protocol.stake(leaver, TestProtocol.ROLE_WORKER, stake);
    record("requestUnbond", protocol.staking(leaver).requestUnbond(stake).send());
    chain.increaseTime(Duration.ofSeconds(TestProtocol.UNBONDING_DELAY.longValue()));
    record("withdraw", protocol.staking(leaver).withdraw().send());
  }

  private void record(String operation, TransactionReceipt receipt) {
    gas.put(operation, used(receipt));
  }

  private void disputeRecord(String operation, TransactionReceipt receipt) {
    long used = used(receipt);
    disputeTotal += used;
    gas.put(operation, used);
  }

  private static long used(TransactionReceipt receipt) {
    return receipt.getGasUsed().longValueExact();
  }
}
