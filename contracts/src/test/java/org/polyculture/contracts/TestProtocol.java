package org.polyculture.contracts;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.contracts.generated.PolycultureGovernor;
import org.polyculture.contracts.generated.PolycultureTimelock;
import org.polyculture.contracts.generated.PolycultureToken;
import org.polyculture.contracts.generated.Staking;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.testkit.LocalChain;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * All contracts deployed and wired on a local chain, with wrappers bound to any test account.
 * Ownership of the staking, ledger and dispute contracts stays with the deployer (so tests can
 * create jobs and set parameters directly) unless {@link #handOverToTimelock()} is called, after
 * which only governance can.
 */
final class TestProtocol {

  static final BigInteger TOKEN = BigInteger.TEN.pow(18);
  static final BigInteger SUPPLY = tokens(100_000_000);
  static final int ROLE_WORKER = 1;
  static final int ROLE_VERIFIER = 2;
  static final BigInteger UNBONDING_DELAY = BigInteger.valueOf(86_400);
  static final BigInteger TIMELOCK_DELAY = BigInteger.valueOf(3_600);
  static final BigInteger VOTING_DELAY = BigInteger.valueOf(60);
  static final BigInteger VOTING_PERIOD = BigInteger.valueOf(600);
  static final BigInteger PROPOSAL_THRESHOLD = tokens(1_000);
  static final BigInteger QUORUM_PERCENT = BigInteger.valueOf(4);
  static final String ANYONE = "0x0000000000000000000000000000000000000000";

  final LocalChain chain;
  final Credentials deployer;
  final String tokenAddress;
  final String stakingAddress;
  final String ledgerAddress;
  final String disputesAddress;
  final String timelockAddress;
  final String governorAddress;
  final EstimatingGasProvider gas;
  private final Map<String, TransactionManager> managers = new HashMap<>();

  private TestProtocol(LocalChain chain, Credentials deployer, Map<String, String> addresses) {
    this.chain = chain;
    this.deployer = deployer;
    this.gas = new EstimatingGasProvider(chain.web3j(), chain.chainId());
    this.tokenAddress = addresses.get("token");
    this.stakingAddress = addresses.get("staking");
    this.ledgerAddress = addresses.get("ledger");
    this.disputesAddress = addresses.get("disputes");
    this.timelockAddress = addresses.get("timelock");
    this.governorAddress = addresses.get("governor");
  }

  static BigInteger tokens(long whole) {
    return TOKEN.multiply(BigInteger.valueOf(whole));
  }

  static DisputeManager.Parameters defaultDisputeParameters() {
    return new DisputeManager.Parameters(
        tokens(100),
        tokens(1_000),
        BigInteger.valueOf(3),
        BigInteger.ONE,
        BigInteger.valueOf(3_600),
        BigInteger.valueOf(3_600),
        BigInteger.valueOf(1_000),
        BigInteger.valueOf(500),
        BigInteger.valueOf(100),
        BigInteger.valueOf(10_000));
  }

  static TestProtocol deploy(LocalChain chain) throws Exception {
    return deploy(chain, defaultDisputeParameters());
  }

  static TestProtocol deploy(LocalChain chain, DisputeManager.Parameters disputeParameters)
      throws Exception {
    Credentials deployer = chain.account(0);
    EstimatingGasProvider gas = new EstimatingGasProvider(chain.web3j(), chain.chainId());
    TransactionManager tx = manager(chain, deployer);
    String me = deployer.getAddress();

    PolycultureToken token = PolycultureToken.deploy(chain.web3j(), tx, gas, me, SUPPLY).send();
    Staking staking =
        Staking.deploy(chain.web3j(), tx, gas, token.getContractAddress(), UNBONDING_DELAY, me)
            .send();
    TrainingLedger ledger =
        TrainingLedger.deploy(
                chain.web3j(),
                tx,
                gas,
                token.getContractAddress(),
                staking.getContractAddress(),
                me)
            .send();
    DisputeManager disputes =
        DisputeManager.deploy(
                chain.web3j(),
                tx,
                gas,
                token.getContractAddress(),
                staking.getContractAddress(),
                ledger.getContractAddress(),
                disputeParameters,
                me)
            .send();
    staking.connect(ledger.getContractAddress(), disputes.getContractAddress()).send();
    ledger.connect(disputes.getContractAddress()).send();

    PolycultureTimelock timelock =
        PolycultureTimelock.deploy(
                chain.web3j(), tx, gas, TIMELOCK_DELAY, List.of(), List.of(ANYONE), me)
            .send();
    PolycultureGovernor governor =
        PolycultureGovernor.deploy(
                chain.web3j(),
                tx,
                gas,
                token.getContractAddress(),
                timelock.getContractAddress(),
                VOTING_DELAY,
                VOTING_PERIOD,
                PROPOSAL_THRESHOLD,
                QUORUM_PERCENT)
            .send();
    timelock.grantRole(timelock.PROPOSER_ROLE().send(), governor.getContractAddress()).send();
    timelock.grantRole(timelock.CANCELLER_ROLE().send(), governor.getContractAddress()).send();
    timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE().send(), me).send();

    return new TestProtocol(
        chain,
        deployer,
        Map.of(
            "token", token.getContractAddress(),
            "staking", staking.getContractAddress(),
            "ledger", ledger.getContractAddress(),
            "disputes", disputes.getContractAddress(),
            "timelock", timelock.getContractAddress(),
            "governor", governor.getContractAddress()));
  }

  /** Moves ownership of every parameter to the timelock, as a real deployment does. */
  void handOverToTimelock() throws Exception {
    staking(deployer).transferOwnership(timelockAddress).send();
    ledger(deployer).transferOwnership(timelockAddress).send();
    disputes(deployer).transferOwnership(timelockAddress).send();
  }

  PolycultureToken token(Credentials as) {
    return PolycultureToken.load(tokenAddress, chain.web3j(), manager(as), gas);
  }

  Staking staking(Credentials as) {
    return Staking.load(stakingAddress, chain.web3j(), manager(as), gas);
  }

  TrainingLedger ledger(Credentials as) {
    return TrainingLedger.load(ledgerAddress, chain.web3j(), manager(as), gas);
  }

  DisputeManager disputes(Credentials as) {
    return DisputeManager.load(disputesAddress, chain.web3j(), manager(as), gas);
  }

  PolycultureTimelock timelock(Credentials as) {
    return PolycultureTimelock.load(timelockAddress, chain.web3j(), manager(as), gas);
  }

  PolycultureGovernor governor(Credentials as) {
    return PolycultureGovernor.load(governorAddress, chain.web3j(), manager(as), gas);
  }

  /** Sends tokens from the deployer, which holds the whole supply after deployment. */
  void fund(Credentials to, BigInteger amount) throws Exception {
    token(deployer).transfer(to.getAddress(), amount).send();
  }

  /** Funds, registers and stakes a participant. */
  void stake(Credentials who, int roles, BigInteger amount) throws Exception {
    fund(who, amount);
    staking(who)
        .register(BigInteger.valueOf(roles), "https://node.example/" + who.getAddress(), "cpu")
        .send();
    token(who).approve(stakingAddress, amount).send();
    staking(who).stake(amount).send();
  }

  /** Creates a job as the ledger's owner (the deployer, before the hand-over). */
  BigInteger createJob(TrainingLedger.JobSpec spec) throws Exception {
    BigInteger segments = spec.totalSteps.divide(spec.segmentLength);
    token(deployer).approve(ledgerAddress, spec.rewardPerSegment.multiply(segments)).send();
    TransactionReceipt receipt = JobDescription.DEFAULT.createJob(ledger(deployer), spec).send();
    return TrainingLedger.getJobCreatedEvents(receipt).get(0).jobId;
  }

  BigInteger balanceOf(String address) throws Exception {
    return token(deployer).balanceOf(address).send();
  }

  TransactionManager manager(Credentials as) {
    return managers.computeIfAbsent(as.getAddress(), a -> manager(chain, as));
  }

  private static TransactionManager manager(LocalChain chain, Credentials as) {
    // RawTransactionManager asks the node for the pending nonce on every transaction, which stays
    // right across evm_revert.
    return new RawTransactionManager(
        chain.web3j(),
        as,
        chain.chainId(),
        new PollingTransactionReceiptProcessor(chain.web3j(), 50, 600));
  }
}
