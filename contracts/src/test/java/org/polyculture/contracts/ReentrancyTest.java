package org.polyculture.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polyculture.contracts.Reverts.assertRevertsWith;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.contracts.generated.Staking;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.contracts.testing.HookToken;
import org.polyculture.contracts.testing.ReentrancyAttacker;
import org.web3j.tx.TransactionManager;

/**
 * A token that calls its recipients back hands an attacker control in the middle of a payout;
 * re-entering the paying contract from there must fail. The protocol's own token has no hooks, so
 * the contracts are deployed here over a test token that has them.
 */
class ReentrancyTest extends ProtocolTestBase {

  private static final BigInteger STAKE = TestProtocol.tokens(2_000);

  private HookToken token;
  private Staking staking;
  private TrainingLedger ledger;
  private ReentrancyAttacker attacker;

  @Override
  void prepare() throws Exception {
    TransactionManager tx = protocol.manager(deployer);
    String me = deployer.getAddress();
    token = HookToken.deploy(chain.web3j(), tx, protocol.gas, me, TestProtocol.SUPPLY).send();
    staking =
        Staking.deploy(
                chain.web3j(),
                tx,
                protocol.gas,
                token.getContractAddress(),
                TestProtocol.UNBONDING_DELAY,
                me)
            .send();
    ledger =
        TrainingLedger.deploy(
                chain.web3j(),
                tx,
                protocol.gas,
                token.getContractAddress(),
                staking.getContractAddress(),
                me)
            .send();
    DisputeManager disputes =
        DisputeManager.deploy(
                chain.web3j(),
                tx,
                protocol.gas,
                token.getContractAddress(),
                staking.getContractAddress(),
                ledger.getContractAddress(),
                TestProtocol.defaultDisputeParameters(),
                me)
            .send();
    staking.connect(ledger.getContractAddress(), disputes.getContractAddress()).send();
    ledger.connect(disputes.getContractAddress()).send();
    attacker =
        ReentrancyAttacker.deploy(
                chain.web3j(),
                tx,
                protocol.gas,
                staking.getContractAddress(),
                ledger.getContractAddress(),
                token.getContractAddress())
            .send();
    token.transfer(attacker.getContractAddress(), STAKE).send();
    attacker.prepare(STAKE).send();
  }

  @Test
  void shouldRejectReentryIntoWithdrawFromTheTokenCallback() throws Exception {
    attacker.requestUnbond(STAKE).send();
    chain.increaseTime(Duration.ofSeconds(TestProtocol.UNBONDING_DELAY.longValue()));

    assertRevertsWith(
        () -> attacker.attackWithdraw().send(), Staking.REENTRANCYGUARDREENTRANTCALL_ERROR);

    assertThat(token.balanceOf(staking.getContractAddress()).send()).isEqualTo(STAKE);
    assertThat(staking.slashableOf(attacker.getContractAddress()).send()).isEqualTo(STAKE);
  }

  @Test
  void shouldRejectReentryIntoClaimRewardFromTheTokenCallback() throws Exception {
    TrainingLedger.JobSpec spec = jobSpec();
    BigInteger budget = REWARD.multiply(BigInteger.valueOf(SEGMENTS));
    token.approve(ledger.getContractAddress(), budget).send();
    JobDescription.DEFAULT.createJob(ledger, spec).send();
    TrainingRun.Segment segment = run.honest(0);
    attacker.claimSegment(BigInteger.ZERO, BigInteger.ZERO).send();
    attacker
        .commitSegment(
            BigInteger.ZERO, BigInteger.ZERO, segment.start(), segment.root(), segment.end())
        .send();
    chain.increaseTime(Duration.ofSeconds(CHALLENGE_WINDOW.longValue()));
    ledger.finalize(BigInteger.ZERO, BigInteger.ZERO).send();

    assertRevertsWith(
        () -> attacker.attackClaimReward(BigInteger.ZERO, BigInteger.ZERO).send(),
        TrainingLedger.REENTRANCYGUARDREENTRANTCALL_ERROR);

    assertThat(token.balanceOf(ledger.getContractAddress()).send()).isEqualTo(budget);
    assertThat(token.balanceOf(attacker.getContractAddress()).send()).isZero();
  }
}
