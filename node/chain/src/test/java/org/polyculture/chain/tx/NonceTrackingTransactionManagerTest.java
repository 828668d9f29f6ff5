package org.polyculture.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.polyculture.contracts.ContractRevertedException;
import org.polyculture.contracts.generated.PolycultureToken;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

@ExtendWith(GanacheExtension.class)
class NonceTrackingTransactionManagerTest {

  private static final BigInteger SUPPLY = BigInteger.TEN.pow(24);
  private static final TransactionSettings SETTINGS =
      TransactionSettings.instamine().withReceiptPollInterval(Duration.ofMillis(20));
  private static final RetryPolicy.Sleeper NO_WAIT = duration -> {};

  private LocalChain chain;
  private FlakyHttpService transport;
  private Web3j web3j;
  private Credentials sender;
  private Eip1559GasProvider gas;
  private LocalChain.Snapshot snapshot;

  @BeforeEach
  void connect(LocalChain localChain) {
    chain = localChain;
    snapshot = chain.snapshot();
    transport = new FlakyHttpService(chain.rpcUrl());
    web3j = Web3j.build(transport);
    sender = chain.account(3);
    gas =
        new Eip1559GasProvider(
            web3j, chain.chainId(), SETTINGS, new RetryPolicy(SETTINGS, NO_WAIT));
  }

  @AfterEach
  void disconnect() {
    web3j.shutdown();
    chain.revert(snapshot);
  }

  private NonceTrackingTransactionManager manager() {
    return new NonceTrackingTransactionManager(web3j, sender, chain.chainId(), SETTINGS, NO_WAIT);
  }

  private PolycultureToken deployToken(NonceTrackingTransactionManager manager) throws Exception {
    return PolycultureToken.deploy(web3j, manager, gas, sender.getAddress(), SUPPLY).send();
  }

  private BigInteger chainNonce() throws Exception {
    return web3j
        .ethGetTransactionCount(sender.getAddress(), DefaultBlockParameterName.LATEST)
        .send()
        .getTransactionCount();
  }

  @Test
  void shouldSendManyTransactionsFromOneKeyConcurrentlyWithConsecutiveNonces() throws Exception {
    NonceTrackingTransactionManager manager = manager();
    PolycultureToken token = deployToken(manager);
    BigInteger before = chainNonce();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<TransactionReceipt>> sent = new ArrayList<>();
    try {
      for (int i = 0; i < 12; i++) {
        String to = chain.account(10 + i % 4).getAddress();
        sent.add(pool.submit(() -> token.transfer(to, BigInteger.TEN).send()));
      }
      List<BigInteger> nonces = new ArrayList<>();
      for (Future<TransactionReceipt> future : sent) {
        TransactionReceipt receipt = future.get();
        assertThat(receipt.isStatusOK()).isTrue();
        nonces.add(
            web3j
                .ethGetTransactionByHash(receipt.getTransactionHash())
                .send()
                .getTransaction()
                .orElseThrow()
                .getNonce());
      }
      assertThat(nonces).doesNotHaveDuplicates().hasSize(12);
      assertThat(nonces.stream().max(BigInteger::compareTo).orElseThrow())
          .isEqualTo(before.add(BigInteger.valueOf(11)));
      assertThat(chainNonce()).isEqualTo(before.add(BigInteger.valueOf(12)));
      assertThat(token.balanceOf(chain.account(10).getAddress()).send())
          .isEqualTo(BigInteger.valueOf(30));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldSendEip1559TransactionsWithAFeeCapAboveTheBaseFee() throws Exception {
    PolycultureToken token = deployToken(manager());

    TransactionReceipt receipt =
        token.transfer(chain.account(10).getAddress(), BigInteger.ONE).send();

    Transaction sent =
        web3j
            .ethGetTransactionByHash(receipt.getTransactionHash())
            .send()
            .getTransaction()
            .orElseThrow();
    assertThat(sent.getType()).isEqualTo("0x2");
    BigInteger baseFee =
        web3j
            .ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
            .send()
            .getBlock()
            .getBaseFeePerGas();
    assertThat(sent.getMaxFeePerGas()).isGreaterThanOrEqualTo(baseFee);
    assertThat(sent.getMaxPriorityFeePerGas()).isPositive();
  }

  @Test
  void shouldRecoverWhenAnotherSenderUsedTheKeysNextNonce() throws Exception {
    NonceTrackingTransactionManager first = manager();
    PolycultureToken token = deployToken(first);
    PolycultureToken.load(token.getContractAddress(), web3j, manager(), gas)
        .transfer(chain.account(11).getAddress(), BigInteger.ONE)
        .send();
    BigInteger before = chainNonce();

    TransactionReceipt receipt =
        token.transfer(chain.account(12).getAddress(), BigInteger.ONE).send();

    assertThat(receipt.isStatusOK()).isTrue();
    assertThat(chainNonce()).isEqualTo(before.add(BigInteger.ONE));
  }

  @Test
  void shouldRetryASendThatNeverReachedTheNode() throws Exception {
    PolycultureToken token = deployToken(manager());
    BigInteger before = chainNonce();
    transport.failNext("eth_sendRawTransaction", 2, false);

    TransactionReceipt receipt =
        token.transfer(chain.account(10).getAddress(), BigInteger.ONE).send();

    assertThat(receipt.isStatusOK()).isTrue();
    assertThat(transport.failuresLeft()).isZero();
    assertThat(chainNonce()).isEqualTo(before.add(BigInteger.ONE));
  }

  @Test
  void shouldNotSendTwiceWhenTheResponseToADeliveredSendIsLost() throws Exception {
    PolycultureToken token = deployToken(manager());
    BigInteger before = chainNonce();
    BigInteger balanceBefore = token.balanceOf(chain.account(10).getAddress()).send();
    transport.failNext("eth_sendRawTransaction", 1, true);

    TransactionReceipt receipt =
        token.transfer(chain.account(10).getAddress(), BigInteger.ONE).send();

    assertThat(receipt.isStatusOK()).isTrue();
    assertThat(chainNonce()).isEqualTo(before.add(BigInteger.ONE));
    assertThat(token.balanceOf(chain.account(10).getAddress()).send())
        .isEqualTo(balanceBefore.add(BigInteger.ONE));
  }

  @Test
  void shouldRideOutTransportFailuresWhilePollingForTheReceipt() throws Exception {
    PolycultureToken token = deployToken(manager());
    transport.failNext("eth_getTransactionReceipt", 3, false);

    TransactionReceipt receipt =
        token.transfer(chain.account(10).getAddress(), BigInteger.ONE).send();

    assertThat(receipt.isStatusOK()).isTrue();
    assertThat(transport.failuresLeft()).isZero();
  }

  @Test
  void shouldRejectARevertingTransactionBeforeSendingIt() throws Exception {
    PolycultureToken token = deployToken(manager());
    BigInteger before = chainNonce();

    assertThatThrownBy(
            () -> token.transfer(chain.account(10).getAddress(), SUPPLY.add(BigInteger.ONE)).send())
        .isInstanceOfSatisfying(
            ContractRevertedException.class,
            e -> assertThat(e.errorName()).contains("ERC20InsufficientBalance"));
    assertThat(chainNonce()).isEqualTo(before);
  }
}
