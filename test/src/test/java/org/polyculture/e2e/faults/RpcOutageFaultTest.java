package org.polyculture.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.ContractDeployer;
import org.polyculture.chain.DeploymentParameters;
import org.polyculture.chain.ProtocolContracts;
import org.polyculture.chain.index.EventIndexer;
import org.polyculture.chain.index.IndexerSettings;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.lmdb.LmdbConfig;
import org.polyculture.storage.lmdb.LmdbKeyValueStorage;
import org.polyculture.testkit.DeterministicAccounts;
import org.polyculture.testkit.GanacheProcess;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The JSON-RPC endpoint goes away for 30 seconds (Ganache stopped, then started again on its
 * persisted database and port) while an indexer polls it as every node does: the polls fail with
 * IOExceptions after retrying with backoff, nothing is lost, and once the endpoint is back the
 * indexer holds exactly the logs the chain has, before and after the outage. Runs under {@code
 * -Pfaults} (it waits out the outage).
 */
@Tag("faults")
class RpcOutageFaultTest {

  private static final Duration OUTAGE = Duration.ofSeconds(30);
  private static final BigInteger STAKE = DeploymentParameters.tokens(2_000);

  @TempDir Path directory;

  @Test
  void shouldMissNoEventAcrossAThirtySecondOutageOfTheEndpoint() throws Exception {
    Path database = directory.resolve("chain");
    List<Credentials> accounts = DeterministicAccounts.derive(8);
    GanacheProcess ganache = GanacheProcess.startPersistent(database, 0);
    int port = ganache.port();
    AtomicInteger failedPolls = new AtomicInteger();
    AtomicLong indexedThrough = new AtomicLong(-1);
    try (ChainClient client =
            ChainClient.connect(ganache.rpcUrl(), TransactionSettings.instamine());
        KeyValueStorage storage =
            LmdbKeyValueStorage.open(LmdbConfig.at(directory.resolve("index")))) {
      ChainDeployment deployment =
          new ContractDeployer(
                  client.web3j(),
                  client.chainId(),
                  client.transactions(accounts.get(0)),
                  client.gasProvider())
              .deploy(DeploymentParameters.devnet());
      EventIndexer indexer =
          new EventIndexer(
              client.web3j(),
              deployment,
              storage,
              IndexerSettings.devnet(),
              new RetryPolicy(TransactionSettings.instamine(), RetryPolicy.Sleeper.REAL));
      Thread poller =
          Thread.ofPlatform()
              .name("fault-indexer")
              .start(
                  () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                      try {
                        indexer.poll();
                        indexer.index().cursor().ifPresent(c -> indexedThrough.set(c.block()));
                      } catch (IOException e) {
                        failedPolls.incrementAndGet();
                      }
                      try {
                        Thread.sleep(250);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
      try {
        stake(client, deployment, accounts.get(0), accounts.subList(1, 4));
        awaitIndexed(client, indexedThrough);
        assertThat(failedPolls.get()).isZero();

        ganache.close();
        Instant down = Instant.now();
        Thread.sleep(OUTAGE.toMillis());
        int failedDuringOutage = failedPolls.get();
        ganache = GanacheProcess.startPersistent(database, port);
        assertThat(Duration.between(down, Instant.now())).isGreaterThanOrEqualTo(OUTAGE);
        assertThat(failedDuringOutage)
            .as("polls that failed while the endpoint was down")
            .isPositive();

        stake(client, deployment, accounts.get(0), accounts.subList(4, 8));
        awaitIndexed(client, indexedThrough);

        List<String> onChain = ids(allLogs(client, deployment));
        List<String> indexed = ids(indexer.index().logs(deployment.deployBlock(), 100_000));
        assertThat(indexed).isEqualTo(onChain);
        // Seven participants registered and staked: each left its events in the index.
        for (Credentials account : accounts.subList(1, 8)) {
          assertThat(indexer.index().participant(account.getAddress())).isPresent();
        }
      } finally {
        poller.interrupt();
        poller.join(10_000);
      }
    } finally {
      ganache.close();
    }
  }

  private static void stake(
      ChainClient client, ChainDeployment deployment, Credentials deployer, List<Credentials> who)
      throws Exception {
    for (Credentials account : who) {
      client.contracts(deployment, deployer).token().transfer(account.getAddress(), STAKE).send();
      ProtocolContracts contracts = client.contracts(deployment, account);
      contracts
          .staking()
          .register(BigInteger.ONE, "http://127.0.0.1:9/" + account.getAddress(), "cpu")
          .send();
      contracts.token().approve(deployment.staking(), STAKE).send();
      contracts.staking().stake(STAKE).send();
    }
  }

  private static void awaitIndexed(ChainClient client, AtomicLong indexedThrough) throws Exception {
    long head = client.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
    Instant deadline = Instant.now().plusSeconds(60);
    while (indexedThrough.get() < head) {
      assertThat(Instant.now()).as("indexer reaching block " + head).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private static List<Log> allLogs(ChainClient client, ChainDeployment deployment)
      throws IOException {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(deployment.deployBlock())),
            DefaultBlockParameter.valueOf("latest"),
            List.of(deployment.staking(), deployment.ledger(), deployment.disputes()));
    List<Log> logs = new ArrayList<>();
    for (EthLog.LogResult<?> result : client.web3j().ethGetLogs(filter).send().getLogs()) {
      logs.add((Log) result.get());
    }
    return logs;
  }

  private static List<String> ids(List<Log> logs) {
    return logs.stream()
        .sorted(Comparator.comparing(Log::getBlockNumber).thenComparing(Log::getLogIndex))
        .map(log -> log.getBlockNumber() + ":" + log.getLogIndex() + ":" + log.getTransactionHash())
        .toList();
  }
}
