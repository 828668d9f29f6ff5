package org.polyculture.contracts;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Deploys the protocol once per test class and runs every test from that state (evm_snapshot before
 * each test, evm_revert after). Accounts: 0 deploys and holds the supply, 1-3 are workers, 4
 * challenges, 5-14 are verifiers, 15 is an outsider.
 */
@ExtendWith(GanacheExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProtocolTestBase {

  static final int SEGMENT_LENGTH = 100;
  static final int SEGMENTS = 10;
  static final BigInteger REWARD = TestProtocol.tokens(50);
  static final BigInteger MIN_WORKER_STAKE = TestProtocol.tokens(1_000);
  static final BigInteger WORKER_STAKE = TestProtocol.tokens(2_000);
  static final BigInteger VERIFIER_STAKE = TestProtocol.tokens(5_000);
  static final BigInteger CHALLENGE_WINDOW = BigInteger.valueOf(86_400);
  static final BigInteger LEASE = BigInteger.valueOf(3_600);

  LocalChain chain;
  TestProtocol protocol;
  Credentials deployer;
  Credentials worker;
  Credentials secondWorker;
  Credentials thirdWorker;
  Credentials challenger;
  List<Credentials> verifiers;
  Credentials outsider;
  final TrainingRun run = new TrainingRun(SEGMENT_LENGTH);
  private LocalChain.Snapshot snapshot;

  @BeforeAll
  void deployProtocol(LocalChain localChain) throws Exception {
    chain = localChain;
    protocol = deploy(localChain);
    deployer = chain.account(0);
    worker = chain.account(1);
    secondWorker = chain.account(2);
    thirdWorker = chain.account(3);
    challenger = chain.account(4);
    verifiers = chain.accounts().subList(5, 15);
    outsider = chain.account(15);
    prepare();
  }

  /** Deploys the protocol; subclasses may deploy differently. */
  TestProtocol deploy(LocalChain localChain) throws Exception {
    return TestProtocol.deploy(localChain);
  }

  /** Class-wide setup after deployment, kept by every test. */
  void prepare() throws Exception {}

  @BeforeEach
  void takeSnapshot() {
    snapshot = chain.snapshot();
  }

  @AfterEach
  void revertSnapshot() {
    chain.revert(snapshot);
  }

  TrainingLedger.JobSpec jobSpec() {
    return jobSpec(SEGMENT_LENGTH * SEGMENTS, SEGMENT_LENGTH);
  }

  TrainingLedger.JobSpec jobSpec(long totalSteps, long segmentLength) {
    return jobSpec(totalSteps, segmentLength, JobDescription.DEFAULT.modelSpecHash());
  }

  /** The default spec committing to another model spec hash. */
  TrainingLedger.JobSpec jobSpec(byte[] modelSpecHash) {
    return jobSpec(SEGMENT_LENGTH * SEGMENTS, SEGMENT_LENGTH, modelSpecHash);
  }

  private TrainingLedger.JobSpec jobSpec(
      long totalSteps, long segmentLength, byte[] modelSpecHash) {
    return new TrainingLedger.JobSpec(
        modelSpecHash,
        org.web3j.crypto.Hash.sha3("dataset".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        TrainingRun.GENESIS,
        BigInteger.valueOf(totalSteps),
        BigInteger.valueOf(segmentLength),
        REWARD,
        MIN_WORKER_STAKE,
        CHALLENGE_WINDOW,
        LEASE);
  }

  TransactionReceipt claim(Credentials who, BigInteger jobId, int segment) throws Exception {
    return protocol.ledger(who).claim(jobId, BigInteger.valueOf(segment)).send();
  }

  TransactionReceipt commit(Credentials who, BigInteger jobId, TrainingRun.Segment segment)
      throws Exception {
    return protocol
        .ledger(who)
        .commit(
            jobId,
            BigInteger.valueOf(segment.index()),
            segment.start(),
            segment.root(),
            segment.end())
        .send();
  }

  /** Claims and commits the segment as the given worker. */
  void train(Credentials who, BigInteger jobId, TrainingRun.Segment segment) throws Exception {
    claim(who, jobId, segment.index());
    commit(who, jobId, segment);
  }

  TrainingLedger.Segment segmentRecord(BigInteger jobId, int segment) throws Exception {
    return protocol.ledger(deployer).segmentOf(jobId, BigInteger.valueOf(segment)).send();
  }
}
