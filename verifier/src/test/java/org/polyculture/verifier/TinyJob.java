package org.polyculture.verifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.train.Genesis;
import org.polyculture.storage.dataset.DatasetPacker;
import org.polyculture.storage.dataset.DatasetReader;
import org.polyculture.storage.dataset.LoadedDataset;
import org.polyculture.storage.dataset.PackOptions;
import org.polyculture.verifier.job.JobDescription;
import org.polyculture.verifier.job.JobPreparation;
import org.polyculture.verifier.job.JobWorkspace;

/**
 * A job small enough to recompute in milliseconds: a one-layer transformer of width 16 on a 6 KB
 * seeded dataset, with its description and workspace.
 */
public final class TinyJob {

  public static final ModelConfig CONFIG =
      ModelConfig.builder()
          .layers(1)
          .channels(16)
          .heads(2)
          .context(8)
          .batch(2)
          .maxLearningRate(1e-2f)
          .minLearningRate(1e-3f)
          .warmupSteps(2)
          .totalSteps(256)
          .build();

  public static final long SEED = 0x5EED_0F_7E57L;

  private final Path datasetDirectory;
  private final LoadedDataset dataset;
  private final JobDescription description;
  private final JobWorkspace workspace;

  private TinyJob(
      Path datasetDirectory,
      LoadedDataset dataset,
      JobDescription description,
      JobWorkspace workspace) {
    this.datasetDirectory = datasetDirectory;
    this.dataset = dataset;
    this.description = description;
    this.workspace = workspace;
  }

  /** Packs the seeded dataset under {@code directory} and describes job {@code jobId} on it. */
  public static TinyJob create(Path directory, BigInteger jobId, int segmentLength, int segments) {
    Path raw = directory.resolve("raw.txt");
    Path datasetDirectory = directory.resolve("dataset");
    try {
      Files.createDirectories(directory);
      Files.write(raw, text(6 * 1024));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    new DatasetPacker(PackOptions.defaults(CONFIG.context()).withShardSize(2048))
        .pack(List.of(raw), datasetDirectory);
    LoadedDataset dataset = DatasetReader.withDefaultLimits().read(datasetDirectory);
    Bytes32 root = dataset.manifest().root();
    Bytes32 genesisHash = StateHasher.singleThreaded().hash(Genesis.state(CONFIG, SEED, root));
    JobDescription description =
        new JobDescription(
            jobId,
            CONFIG,
            SEED,
            root,
            dataset.manifest().manifestHash(),
            List.of(datasetDirectory.toUri().toString()),
            genesisHash,
            segmentLength,
            (long) segmentLength * segments);
    JobPreparation prepared =
        JobWorkspace.prepare(description, dataset, StateHasher.singleThreaded());
    if (!(prepared instanceof JobPreparation.Ready ready)) {
      throw new IllegalStateException("the tiny job does not prepare: " + prepared);
    }
    return new TinyJob(datasetDirectory, dataset, description, ready.workspace());
  }

  /** The same job with its dataset served at {@code location} (a worker's base URL). */
  public TinyJob servedAt(String location) {
    JobDescription d = description;
    JobDescription moved =
        new JobDescription(
            d.jobId(),
            d.config(),
            d.seed(),
            d.datasetRoot(),
            d.datasetManifestHash(),
            List.of(location),
            d.genesisStateHash(),
            d.segmentLength(),
            d.totalSteps());
    return new TinyJob(datasetDirectory, dataset, moved, workspace);
  }

  public Path datasetDirectory() {
    return datasetDirectory;
  }

  public LoadedDataset dataset() {
    return dataset;
  }

  public JobDescription description() {
    return description;
  }

  public JobWorkspace workspace() {
    return workspace;
  }

  public TrainingState genesis() {
    return workspace.genesis();
  }

  private static byte[] text(int length) {
    Random random = new Random(7);
    String words = "the commons trains models step by step and anyone can check a step ";
    StringBuilder text = new StringBuilder(length);
    while (text.length() < length) {
      int start = random.nextInt(words.length() - 8);
      text.append(words, start, start + 4 + random.nextInt(4));
    }
    return text.substring(0, length).getBytes(StandardCharsets.US_ASCII);
  }
}
