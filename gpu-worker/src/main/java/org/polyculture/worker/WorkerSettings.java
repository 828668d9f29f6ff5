package org.polyculture.worker;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.polyculture.chain.index.IndexerSettings;
import org.polyculture.transfer.client.ClientSettings;
import org.polyculture.transfer.client.PeerUris;
import org.polyculture.worker.cheat.CheatStrategy;

/**
 * How a worker runs; built and checked by {@link Builder}.
 *
 * @param dataDirectory where its LMDB store, datasets and downloads live
 * @param listenHost the address its transfer server binds
 * @param listenPort its port (0: any free one, then advertised as bound)
 * @param endpoint the base URL it registers on chain; empty: {@code http://listenHost:port}
 * @param hardware what it registers as its hardware
 * @param stake the bonded stake to keep (tokens in base units); empty: top up to each job's minimum
 *     when claiming
 * @param checkpointEvery steps between stored states while training
 * @param pollInterval how often it looks at the chain
 * @param indexer how it indexes the chain
 * @param client how it fetches states and datasets from peers
 * @param cheat how it cheats ({@link CheatStrategy#NONE}: it does not); a test instrument
 */
public record WorkerSettings(
    Path dataDirectory,
    String listenHost,
    int listenPort,
    Optional<URI> endpoint,
    String hardware,
    Optional<BigInteger> stake,
    int checkpointEvery,
    Duration pollInterval,
    IndexerSettings indexer,
    ClientSettings client,
    CheatStrategy cheat) {

  public static Builder builder() {
    return new Builder();
  }

  public Path storeDirectory() {
    return dataDirectory.resolve("store");
  }

  public Path datasetsDirectory() {
    return dataDirectory.resolve("datasets");
  }

  public Path downloadsDirectory() {
    return dataDirectory.resolve("downloads");
  }

  /** Collects and validates the settings. */
  public static final class Builder {
    private Path dataDirectory;
    private String listenHost = "127.0.0.1";
    private int listenPort = 0;
    private Optional<URI> endpoint = Optional.empty();
    private String hardware = "cpu";
    private Optional<BigInteger> stake = Optional.empty();
    private int checkpointEvery = 10;
    private Duration pollInterval = Duration.ofSeconds(1);
    private IndexerSettings indexer = IndexerSettings.devnet();
    private ClientSettings client = ClientSettings.defaults();
    private CheatStrategy cheat = CheatStrategy.NONE;

    private Builder() {}

    public Builder dataDirectory(Path value) {
      this.dataDirectory = value;
      return this;
    }

    public Builder listen(String host, int port) {
      this.listenHost = host;
      this.listenPort = port;
      return this;
    }

    public Builder endpoint(Optional<URI> value) {
      this.endpoint = value;
      return this;
    }

    public Builder hardware(String value) {
      this.hardware = value;
      return this;
    }

    public Builder stake(Optional<BigInteger> value) {
      this.stake = value;
      return this;
    }

    public Builder checkpointEvery(int value) {
      this.checkpointEvery = value;
      return this;
    }

    public Builder pollInterval(Duration value) {
      this.pollInterval = value;
      return this;
    }

    public Builder indexer(IndexerSettings value) {
      this.indexer = value;
      return this;
    }

    public Builder client(ClientSettings value) {
      this.client = value;
      return this;
    }

    public Builder cheat(CheatStrategy value) {
      this.cheat = value;
      return this;
    }

    /** What is wrong with the values; empty when {@link #build()} succeeds. */
    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      if (dataDirectory == null) {
        problems.add("a data directory is required");
      }
      if (listenHost == null || listenHost.isBlank()) {
        problems.add("a listen host is required");
      }
      if (listenPort < 0 || listenPort > 65_535) {
        problems.add("the listen port must be in [0, 65535], was " + listenPort);
      }
      if (endpoint.isEmpty() && (listenHost.equals("0.0.0.0") || listenHost.equals("::"))) {
        problems.add("listening on all addresses needs --endpoint, the URL others reach");
      }
      endpoint.ifPresent(
          uri -> {
            if (PeerUris.parse(uri.toString()).isEmpty()) {
              problems.add("the endpoint must be a plain http(s) URL of at most 256 bytes: " + uri);
            }
          });
      if (hardware == null || hardware.length() > 200) {
        problems.add("the hardware description must be at most 200 characters");
      }
      stake.ifPresent(
          amount -> {
            if (amount.signum() < 0) {
              problems.add("the stake must not be negative");
            }
          });
      if (checkpointEvery < 1 || checkpointEvery > 1_000_000) {
        problems.add("checkpointEvery must be in [1, 1000000], was " + checkpointEvery);
      }
      if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
        problems.add("the poll interval must be positive");
      }
      return List.copyOf(problems);
    }

    public WorkerSettings build() {
      List<String> problems = problems();
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      return new WorkerSettings(
          dataDirectory,
          listenHost,
          listenPort,
          endpoint,
          cheat.isCheating() ? hardware + " [TEST CHEATER: " + cheat.name() + "]" : hardware,
          stake,
          checkpointEvery,
          pollInterval,
          Objects.requireNonNull(indexer),
          Objects.requireNonNull(client),
          Objects.requireNonNull(cheat));
    }
  }
}
