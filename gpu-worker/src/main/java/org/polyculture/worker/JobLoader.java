package org.polyculture.worker;

import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.chain.index.IndexedJob;
import org.polyculture.engine.data.TokenStream;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.DecodeResult;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.train.Genesis;
import org.polyculture.protocol.dataset.DatasetManifest;
import org.polyculture.protocol.job.ModelSpec;
import org.polyculture.storage.dataset.DatasetException;
import org.polyculture.storage.dataset.DatasetReader;
import org.polyculture.storage.dataset.LoadedDataset;
import org.polyculture.transfer.TransferException;
import org.polyculture.transfer.client.DatasetDownloader;
import org.polyculture.transfer.client.PeerUris;
import org.polyculture.transfer.server.DirectoryDatasetSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an indexed job into a {@link JobContext}: decodes its model spec, fetches its dataset from
 * the job's dataset locations (and any other peers given) into {@code datasets/<root>} under the
 * data directory, and checks that the genesis state rebuilt from all of it hashes to the job's
 * genesis hash. A job that can never be trained here (another numerics spec, a schedule shorter
 * than the job, a dataset too small, a genesis that does not match) is refused for good; a dataset
 * that cannot be fetched now is retried later. Loaded jobs are cached; their datasets are served to
 * other nodes from then on.
 */
public final class JobLoader {

  private static final Logger LOG = LoggerFactory.getLogger(JobLoader.class);

  private final Path datasetsDirectory;
  private final DatasetDownloader downloader;
  private final DatasetReader reader;
  private final DirectoryDatasetSource served;
  private final StateHasher hasher;
  private final Map<BigInteger, JobContext> loaded = new ConcurrentHashMap<>();

  public JobLoader(
      Path datasetsDirectory,
      DatasetDownloader downloader,
      DatasetReader reader,
      DirectoryDatasetSource served,
      StateHasher hasher) {
    this.datasetsDirectory = datasetsDirectory;
    this.downloader = downloader;
    this.reader = reader;
    this.served = served;
    this.hasher = hasher;
  }

  /** The outcome of loading a job. */
  public sealed interface Load {
    /** Ready to train. */
    record Ready(JobContext job) implements Load {}

    /** Never trainable by this worker; {@code reason} says why. */
    record Refused(String reason) implements Load {}

    /** Not now (its dataset could not be fetched); try again later. */
    record NotYet(String reason) implements Load {}
  }

  /** The job, if it was loaded before. */
  public Optional<JobContext> cached(BigInteger jobId) {
    return Optional.ofNullable(loaded.get(jobId));
  }

  /** Loads the job, fetching its dataset from its locations and then {@code extraPeers}. */
  public Load load(IndexedJob job, List<URI> extraPeers) {
    JobContext cached = loaded.get(job.jobId());
    if (cached != null) {
      return new Load.Ready(cached);
    }
    if (job.modelSpec() == null || job.datasetManifestHash() == null) {
      return new Load.Refused("the job has no metadata on chain");
    }
    DecodeResult<ModelSpec> spec = ModelSpec.decode(Bytes.fromHexString(job.modelSpec()));
    if (!spec.isValid()) {
      return new Load.Refused("its model spec: " + spec.error().orElseThrow());
    }
    ModelConfig config = spec.value().config();
    if (!spec.value().hash().equals(Bytes32.fromHexString(job.modelSpecHash()))) {
      return new Load.Refused("its model spec does not hash to its model spec hash");
    }
    if (job.totalSteps() > config.totalSteps()) {
      return new Load.Refused(
          "it trains " + job.totalSteps() + " steps but its schedule has " + config.totalSteps());
    }
    Bytes32 root = Bytes32.fromHexString(job.datasetRoot());
    Bytes32 manifestHash = Bytes32.fromHexString(job.datasetManifestHash());
    Path directory = datasetsDirectory.resolve(root.toUnprefixedHexString());
    List<URI> peers = new ArrayList<>();
    for (String location : job.datasetLocations()) {
      PeerUris.parse(location).ifPresent(peers::add);
    }
    peers.addAll(extraPeers);
    LoadedDataset dataset;
    try {
      if (downloader.existing(directory, root, manifestHash).isEmpty()) {
        if (peers.isEmpty()) {
          return new Load.NotYet("no usable dataset location");
        }
        LOG.info("job {}: fetching dataset {} from {}", job.jobId(), root, peers);
        downloader.download(peers, root, manifestHash, directory);
      }
      dataset = reader.read(directory);
    } catch (TransferException e) {
      return new Load.NotYet("dataset unavailable: " + e.getMessage());
    } catch (DatasetException e) {
      return new Load.NotYet("dataset unreadable: " + e.getMessage());
    }
    DatasetManifest manifest = dataset.manifest();
    if (manifest.trainingBytes() <= config.context()) {
      return new Load.Refused("its dataset has too few training bytes for the context");
    }
    TokenStream stream = TokenStream.of(dataset.tokens(), (int) manifest.trainingBytes());
    Bytes32 genesis = hasher.hash(Genesis.state(config, job.jobSeed(), root));
    if (!genesis.equals(Bytes32.fromHexString(job.genesisStateHash()))) {
      return new Load.Refused(
          "its genesis state hashes to "
              + genesis.toHexString()
              + " here, the job says "
              + job.genesisStateHash());
    }
    try {
      served.add(directory);
    } catch (DatasetException | UncheckedIOException e) {
      LOG.warn("job {}: cannot serve dataset {}: {}", job.jobId(), root, e.getMessage());
    }
    JobContext context =
        new JobContext(
            job.jobId(), config, job.jobSeed(), root, stream, genesis, job.segmentLength());
    loaded.put(job.jobId(), context);
    LOG.info(
        "job {}: ready ({}, {} training bytes)", job.jobId(), config, manifest.trainingBytes());
    return new Load.Ready(context);
  }
}
