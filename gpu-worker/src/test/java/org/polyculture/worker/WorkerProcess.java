package org.polyculture.worker;

import java.nio.file.Path;
import java.time.Duration;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.DeploymentFile;
import org.polyculture.chain.index.IndexerSettings;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.tensor.TensorSpec;
import org.polyculture.testkit.DeterministicAccounts;
import org.polyculture.transfer.client.ClientSettings;
import org.polyculture.worker.cuda.ForwardingBackend;
import org.web3j.crypto.Credentials;

/**
 * A worker in a process of its own, for {@link WorkerKillFaultTest}: arguments are the RPC URL, the
 * deployment file, the test account's index, the data directory, and a delay per training step in
 * milliseconds (so that a test can kill it in the middle of a segment). Prints {@code ENDPOINT url}
 * once it serves, then works until it is killed.
 */
public final class WorkerProcess {

  public static final String ENDPOINT = "ENDPOINT ";

  private WorkerProcess() {}

  public static void main(String[] args) throws Exception {
    ChainClient client = ChainClient.connect(args[0], WorkerNetwork.transactions());
    ChainDeployment deployment = DeploymentFile.read(Path.of(args[1]));
    int index = Integer.parseInt(args[2]);
    Credentials key = DeterministicAccounts.derive(index + 1).get(index);
    long delayMillis = Long.parseLong(args[4]);
    WorkerSettings settings =
        WorkerSettings.builder()
            .dataDirectory(Path.of(args[3]))
            .listen("127.0.0.1", 0)
            .checkpointEvery(2)
            .pollInterval(Duration.ofMillis(200))
            .indexer(IndexerSettings.devnet())
            .client(new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 2, 2))
            .build();
    ChainAccess access =
        new ChainAccess(
            new Web3jLedger(client, deployment, key),
            client.web3j(),
            deployment,
            new RetryPolicy(WorkerNetwork.transactions(), RetryPolicy.Sleeper.REAL));
    WorkerNode node = WorkerNode.open(settings, access, slowCompute(delayMillis));
    node.start();
    System.out.println(ENDPOINT + node.endpoint());
    System.out.flush();
    while (true) {
      Thread.sleep(60_000);
    }
  }

  /** The scalar backend, waiting {@code delayMillis} each time a step's tokens are written. */
  private static WorkerCompute slowCompute(long delayMillis) {
    return new WorkerCompute() {
      @Override
      public Backend newBackend() {
        return new ForwardingBackend(new ScalarBackend()) {
          @Override
          public void writeInts(TensorSpec spec, int[] values) {
            try {
              Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            super.writeInts(spec, values);
          }
        };
      }

      @Override
      public StateHasher hasher() {
        return StateHasher.singleThreaded();
      }

      @Override
      public String description() {
        return "scalar x1, " + delayMillis + " ms per step";
      }
    };
  }
}
