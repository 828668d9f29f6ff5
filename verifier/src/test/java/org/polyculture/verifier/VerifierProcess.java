package org.polyculture.verifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.DeploymentFile;
import org.polyculture.chain.index.IndexerSettings;
import org.polyculture.engine.backend.ScalarBackend;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.storage.lmdb.LmdbConfig;
import org.polyculture.storage.lmdb.LmdbKeyValueStorage;
import org.polyculture.testkit.DeterministicAccounts;
import org.polyculture.transfer.client.ClientSettings;
import org.polyculture.transfer.client.TransferClient;
import org.polyculture.verifier.fetch.FetchPolicy;
import org.polyculture.verifier.fetch.TransferDatasetSource;
import org.polyculture.verifier.fetch.TransferWorkerData;
import org.web3j.crypto.Credentials;

/**
 * A jury-only verifier in a process of its own, for {@link VerifierKillFaultTest}: arguments are
 * the RPC URL, the deployment file, the test account's index and the data directory (its LMDB store
 * and downloads). Prints {@code STARTED address} once its pass loop runs, then works until it is
 * killed.
 */
public final class VerifierProcess {

  public static final String STARTED = "STARTED ";

  private VerifierProcess() {}

  public static void main(String[] args) throws Exception {
    int index = Integer.parseInt(args[2]);
    Credentials key = DeterministicAccounts.derive(index + 1).get(index);
    Path data = Path.of(args[3]);
    TransferClient transfers =
        new TransferClient(new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(20), 2, 2));
    ChainClient client = ChainClient.connect(args[0], CommonsOnGanache.transactions());
    VerifierNode node =
        new VerifierNodeBuilder()
            .settings(
                VerifierSettings.builder()
                    .auditsPerSegment(0)
                    .pollInterval(Duration.ofMillis(200))
                    .endpoint("http://verifier.test/" + key.getAddress())
                    .build())
            .chain(client, DeploymentFile.read(Path.of(args[1])), key)
            .storage(LmdbKeyValueStorage.open(LmdbConfig.at(data.resolve("db"))))
            .dataDirectory(data)
            .peers(
                new TransferWorkerData(transfers, Files.createDirectories(data.resolve("states"))),
                new TransferDatasetSource(transfers))
            .compute(ScalarBackend::new, StateHasher.singleThreaded())
            .fetchPolicy(new FetchPolicy(2, Duration.ZERO, d -> true))
            .indexing(IndexerSettings.devnet(), CommonsOnGanache.transactions())
            .build();
    node.start();
    System.out.println(STARTED + node.address());
    System.out.flush();
    while (true) {
      Thread.sleep(60_000);
    }
  }
}
