package org.polyculture.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.Transfer;
import org.web3j.utils.Convert;

@ExtendWith(GanacheExtension.class)
class GanacheExtensionTest {

  @Test
  void shouldServeTheDeterministicFundedAccounts(LocalChain chain) throws Exception {
    assertThat(chain.rpcUrl()).startsWith("http://127.0.0.1:");
    assertThat(chain.chainId()).isEqualTo(1337L);
    assertThat(chain.accounts()).hasSize(GanacheProcess.ACCOUNT_COUNT);
    // Ganache's first deterministic account, as its own documentation lists it.
    assertThat(chain.account(0).getAddress())
        .isEqualToIgnoringCase("0x90F8bf6A479f320ead074411a4B0e7944Ea8c9C1");
    BigInteger balance =
        chain
            .web3j()
            .ethGetBalance(chain.account(19).getAddress(), DefaultBlockParameterName.LATEST)
            .send()
            .getBalance();
    assertThat(balance).isGreaterThan(Convert.toWei("1000", Convert.Unit.ETHER).toBigInteger());
  }

  @Test
  void shouldMoveTheClockAndMineWhenTimeIsIncreased(LocalChain chain) {
    BigInteger blockBefore = chain.blockNumber();
    Instant before = chain.latestBlockTime();

    chain.increaseTime(Duration.ofDays(3));

    assertThat(chain.blockNumber()).isEqualTo(blockBefore.add(BigInteger.ONE));
    assertThat(chain.latestBlockTime()).isAfterOrEqualTo(before.plus(Duration.ofDays(3)));
  }

  @Test
  void shouldRestoreBalancesWhenRevertedToASnapshot(LocalChain chain) throws Exception {
    String recipient = chain.account(5).getAddress();
    BigInteger before = balanceOf(chain, recipient);
    LocalChain.Snapshot snapshot = chain.snapshot();

    Transfer.sendFunds(
            chain.web3j(),
            chain.account(4),
            recipient,
            java.math.BigDecimal.ONE,
            Convert.Unit.ETHER)
        .send();
    assertThat(balanceOf(chain, recipient)).isGreaterThan(before);

    chain.revert(snapshot);
    assertThat(balanceOf(chain, recipient)).isEqualTo(before);
  }

  private static BigInteger balanceOf(LocalChain chain, String address) throws Exception {
    return chain
        .web3j()
        .ethGetBalance(address, DefaultBlockParameterName.LATEST)
        .send()
        .getBalance();
  }
}
