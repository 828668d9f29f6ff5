package org.polyculture.test.adversarial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.engine.train.Genesis;
import org.polyculture.storage.dataset.DatasetPacker;
import org.polyculture.storage.dataset.DatasetReader;
import org.polyculture.storage.dataset.LoadedDataset;
import org.polyculture.storage.dataset.PackOptions;
import org.polyculture.verifier.job.JobDescription;
import org.polyculture.verifier.job.JobPreparation;
import org.polyculture.verifier.job.JobWorkspace;

/**
 * The job every adversarial test trains: a one-layer transformer of width 16 (a step recomputes in
 * about a millisecond) on a seeded 6 KB text, packed as a real dataset, with the verifier's view of
 * it (description and workspace) for recomputing steps.
 */
final class AdversarialJob {

  static final ModelConfig CONFIG =
      ModelConfig.builder()
          .layers(1)
          .channels(16)
          .heads(2)
          .context(8)
          .batch(2)
          .maxLearningRate(1e-2f)
          .minLearningRate(1e-3f)
          .warmupSteps(2)
          .totalSteps(4_096)
          .build();

  private final Path datasetDirectory;
  private final long seed;
  private final LoadedDataset dataset;
  private final JobDescription description;
  private final JobWorkspace workspace;

  private AdversarialJob(
      Path datasetDirectory,
      long seed,
      LoadedDataset dataset,
      JobDescription description,
      JobWorkspace workspace) {
    this.datasetDirectory = datasetDirectory;
    this.seed = seed;
    this.dataset = dataset;
    this.description = description;
    this.workspace = workspace;
  }

  /**
   * Packs the seeded text under {@code directory} and describes a job with {@code seed}, segments
   * of {@code segmentLength} steps and {@code segments} of them.
   */
  static AdversarialJob create(Path directory, long seed, int segmentLength, int segments) {
    Path raw = directory.resolve("corpus.txt");
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
    Bytes32 genesisHash = StateHasher.singleThreaded().hash(Genesis.state(CONFIG, seed, root));
    JobDescription description =
        new JobDescription(
            BigInteger.ZERO,
            CONFIG,
            seed,
            root,
            dataset.manifest().manifestHash(),
            List.of(datasetDirectory.toUri().toString()),
            genesisHash,
            segmentLength,
            (long) segmentLength * segments);
    JobPreparation prepared =
        JobWorkspace.prepare(description, dataset, StateHasher.singleThreaded());
    if (!(prepared instanceof JobPreparation.Ready ready)) {
      throw new IllegalStateException("the adversarial job does not prepare: " + prepared);
    }
    return new AdversarialJob(datasetDirectory, seed, dataset, description, ready.workspace());
  }

  Path datasetDirectory() {
    return datasetDirectory;
  }

  long seed() {
    return seed;
  }

  LoadedDataset dataset() {
    return dataset;
  }

  JobDescription description() {
    return description;
  }

  JobWorkspace workspace() {
    return workspace;
  }

  int segmentLength() {
    return description.segmentLength();
  }

  /** Words cut at seeded places: text with some structure to learn, the same on every machine. */
  private static byte[] text(int length) {
    SplittableRandom random = new SplittableRandom(11);
    String words = "a commons of workers trains a model and every verifier can recompute a step ";
    StringBuilder text = new StringBuilder(length);
    while (text.length() < length) {
      int start = random.nextInt(words.length() - 8);
      text.append(words, start, start + 3 + random.nextInt(5));
    }
    return text.substring(0, length).getBytes(StandardCharsets.US_ASCII);
  }
}
