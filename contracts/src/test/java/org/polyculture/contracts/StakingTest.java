package org.polyculture.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polyculture.contracts.Reverts.assertRevertsWith;
import static org.polyculture.contracts.TestProtocol.ROLE_VERIFIER;
import static org.polyculture.contracts.TestProtocol.ROLE_WORKER;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.polyculture.contracts.generated.Staking;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

class StakingTest extends ProtocolTestBase {

  private static final BigInteger AMOUNT = TestProtocol.tokens(1_500);

  @Override
  void prepare() throws Exception {
    protocol.fund(worker, TestProtocol.tokens(10_000));
    protocol.token(worker).approve(protocol.stakingAddress, TestProtocol.tokens(10_000)).send();
    protocol.fund(outsider, TestProtocol.tokens(10_000));
    protocol.token(outsider).approve(protocol.stakingAddress, TestProtocol.tokens(10_000)).send();
  }

  private Staking staking(org.web3j.crypto.Credentials who) {
    return protocol.staking(who);
  }

  @Test
  void shouldRegisterRolesEndpointAndHardware() throws Exception {
    TransactionReceipt receipt =
        staking(worker)
            .register(
                BigInteger.valueOf(ROLE_WORKER | ROLE_VERIFIER),
                "https://w.example:8545",
                "1x H200")
            .send();

    Staking.ParticipantRegisteredEventResponse event =
        Staking.getParticipantRegisteredEvents(receipt).get(0);
    assertThat(event.endpoint).isEqualTo("https://w.example:8545");
    assertThat(staking(deployer).endpointOf(worker.getAddress()).send())
        .isEqualTo("https://w.example:8545");
    assertThat(staking(deployer).hardwareOf(worker.getAddress()).send()).isEqualTo("1x H200");
    assertThat(staking(deployer).participant(worker.getAddress()).send().roles)
        .isEqualTo(BigInteger.valueOf(3));
    assertThat(staking(deployer).verifierCount().send()).isEqualTo(BigInteger.ONE);
    assertThat(staking(deployer).verifierAt(BigInteger.ZERO).send().component1())
        .isEqualToIgnoringCase(worker.getAddress());

    staking(worker)
        .register(BigInteger.valueOf(ROLE_WORKER), "https://w.example:8545", "1x H200")
        .send();
    assertThat(staking(deployer).verifierCount().send()).isZero();
  }

  @Test
  void shouldRejectInvalidRegistrations() {
    assertRevertsWith(
        () -> staking(worker).register(BigInteger.ZERO, "https://x", "").send(),
        Staking.INVALIDROLES_ERROR);
    assertRevertsWith(
        () -> staking(worker).register(BigInteger.valueOf(4), "https://x", "").send(),
        Staking.INVALIDROLES_ERROR);
    assertRevertsWith(
        () -> staking(worker).register(BigInteger.ONE, "", "").send(), Staking.EMPTYENDPOINT_ERROR);
    assertRevertsWith(
        () -> staking(worker).register(BigInteger.ONE, "h".repeat(257), "").send(),
        Staking.ENDPOINTTOOLONG_ERROR);
    assertRevertsWith(
        () -> staking(worker).register(BigInteger.ONE, "https://x", "h".repeat(257)).send(),
        Staking.HARDWARETOOLONG_ERROR);
  }

  @Test
  void shouldStakeOnlyPositiveAmountsOfRegisteredParticipants() throws Exception {
    assertRevertsWith(() -> staking(outsider).stake(AMOUNT).send(), Staking.NOTREGISTERED_ERROR);
    staking(worker).register(BigInteger.ONE, "https://x", "cpu").send();
    assertRevertsWith(
        () -> staking(worker).stake(BigInteger.ZERO).send(), Staking.ZEROAMOUNT_ERROR);
    BigInteger before = protocol.balanceOf(worker.getAddress());

    TransactionReceipt receipt = staking(worker).stake(AMOUNT).send();

    assertThat(Staking.getStakedEvents(receipt).get(0).bonded).isEqualTo(AMOUNT);
    assertThat(staking(deployer).bondedOf(worker.getAddress()).send()).isEqualTo(AMOUNT);
    assertThat(protocol.balanceOf(worker.getAddress())).isEqualTo(before.subtract(AMOUNT));
    assertThat(protocol.balanceOf(protocol.stakingAddress)).isEqualTo(AMOUNT);
  }

  @Test
  void shouldUnbondAfterTheDelayAndWithdrawOnce() throws Exception {
    staking(worker).register(BigInteger.ONE, "https://x", "cpu").send();
    staking(worker).stake(AMOUNT).send();
    assertRevertsWith(
        () -> staking(worker).requestUnbond(BigInteger.ZERO).send(), Staking.ZEROAMOUNT_ERROR);
    assertRevertsWith(
        () -> staking(worker).requestUnbond(AMOUNT.add(BigInteger.ONE)).send(),
        Staking.INSUFFICIENTSTAKE_ERROR);
    assertRevertsWith(() -> staking(worker).withdraw().send(), Staking.NOTHINGTOWITHDRAW_ERROR);

    TransactionReceipt receipt = staking(worker).requestUnbond(AMOUNT).send();

    long now = chain.latestBlockTime().getEpochSecond();
    Staking.UnbondingRequestedEventResponse event =
        Staking.getUnbondingRequestedEvents(receipt).get(0);
    assertThat(event.releaseAt)
        .isEqualTo(BigInteger.valueOf(now).add(TestProtocol.UNBONDING_DELAY));
    assertThat(staking(deployer).slashableOf(worker.getAddress()).send()).isEqualTo(AMOUNT);
    assertRevertsWith(() -> staking(worker).withdraw().send(), Staking.UNBONDINGNOTRELEASED_ERROR);
    chain.increaseTime(Duration.ofSeconds(TestProtocol.UNBONDING_DELAY.longValue()));
    BigInteger before = protocol.balanceOf(worker.getAddress());
    staking(worker).withdraw().send();
    assertThat(protocol.balanceOf(worker.getAddress())).isEqualTo(before.add(AMOUNT));
    assertThat(staking(deployer).slashableOf(worker.getAddress()).send()).isZero();
    assertRevertsWith(() -> staking(worker).withdraw().send(), Staking.NOTHINGTOWITHDRAW_ERROR);
  }

  @Test
  void shouldDelayUnbondingPastTheWindowsOfClaimedSegments() throws Exception {
    staking(worker).register(BigInteger.ONE, "https://x", "cpu").send();
    staking(worker).stake(AMOUNT).send();
    BigInteger jobId = protocol.createJob(jobSpec());
    claim(worker, jobId, 0);
    BigInteger lockedUntil = staking(deployer).participant(worker.getAddress()).send().lockedUntil;

    TransactionReceipt receipt = staking(worker).requestUnbond(AMOUNT).send();

    assertThat(Staking.getUnbondingRequestedEvents(receipt).get(0).releaseAt)
        .isEqualTo(lockedUntil);
    chain.increaseTime(Duration.ofSeconds(TestProtocol.UNBONDING_DELAY.longValue()));
    assertRevertsWith(() -> staking(worker).withdraw().send(), Staking.UNBONDINGNOTRELEASED_ERROR);
  }

  @Test
  void shouldAcceptLedgerAndDisputeHooksOnlyFromThoseContracts() {
    String who = worker.getAddress();
    assertRevertsWith(
        () -> staking(outsider).lockForClaim(who, BigInteger.ONE, BigInteger.ONE).send(),
        Staking.UNAUTHORIZEDCALLER_ERROR);
    assertRevertsWith(
        () -> staking(outsider).lockForDispute(who).send(), Staking.UNAUTHORIZEDCALLER_ERROR);
    assertRevertsWith(
        () -> staking(outsider).unlockForDispute(who).send(), Staking.UNAUTHORIZEDCALLER_ERROR);
    assertRevertsWith(
        () -> staking(outsider).slash(who, BigInteger.ONE).send(),
        Staking.UNAUTHORIZEDCALLER_ERROR);
    assertRevertsWith(
        () -> staking(outsider).reward(who, BigInteger.ONE).send(),
        Staking.UNAUTHORIZEDCALLER_ERROR);
  }

  @Test
  void shouldKeepTheUnbondingDelayWithinBoundsAndOwnedByTheOwner() throws Exception {
    assertRevertsWith(
        () -> staking(deployer).setUnbondingDelay(BigInteger.valueOf(59)).send(),
        Staking.PARAMETEROUTOFBOUNDS_ERROR);
    assertRevertsWith(
        () -> staking(deployer).setUnbondingDelay(BigInteger.valueOf(90L * 86_400 + 1)).send(),
        Staking.PARAMETEROUTOFBOUNDS_ERROR);
    assertRevertsWith(
        () -> staking(outsider).setUnbondingDelay(BigInteger.valueOf(3_600)).send(),
        Staking.OWNABLEUNAUTHORIZEDACCOUNT_ERROR);

    staking(deployer).setUnbondingDelay(BigInteger.valueOf(3_600)).send();

    assertThat(staking(deployer).unbondingDelay().send()).isEqualTo(BigInteger.valueOf(3_600));
  }

  @Test
  void shouldConnectOnlyOnceAndOnlyByTheOwner() {
    assertRevertsWith(
        () -> staking(deployer).connect(worker.getAddress(), worker.getAddress()).send(),
        Staking.ALREADYCONNECTED_ERROR);
    assertRevertsWith(
        () -> staking(outsider).connect(worker.getAddress(), worker.getAddress()).send(),
        Staking.OWNABLEUNAUTHORIZEDACCOUNT_ERROR);
  }
}
