package org.polyculture.verifier.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.storage.dataset.DatasetException;
import org.polyculture.storage.dataset.DatasetLayout;
import org.polyculture.storage.dataset.DatasetReader;
import org.polyculture.storage.dataset.LoadedDataset;
import org.polyculture.verifier.fetch.DatasetSource;
import org.polyculture.verifier.fetch.FetchFailure;
import org.polyculture.verifier.fetch.FetchResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets jobs ready to recompute and keeps them: looks the job up, fetches its dataset once into a
 * cache directory (named by dataset root; every shard is checked against the manifest, and the
 * cache is checked again when read back), rebuilds the genesis state and checks its hash against
 * the chain. A dataset that cannot be fetched is retried after {@code retryAfter}, not on every
 * call.
 */
public final class JobResources {

  private static final Logger LOG = LoggerFactory.getLogger(JobResources.class);

  /** Jobs kept in memory at once; each holds its dataset. */
  private static final int MAX_OPEN_JOBS = 8;

  private final JobCatalog catalog;
  private final DatasetSource datasets;
  private final Path cacheDirectory;
  private final StateHasher hasher;
  private final LongSupplier nanoTime;
  private final Duration retryAfter;
  private final Map<BigInteger, JobWorkspace> open = new HashMap<>();
  private final Map<BigInteger, Long> retryAt = new HashMap<>();
  private final Map<BigInteger, String> lastProblem = new HashMap<>();

  public JobResources(
      JobCatalog catalog,
      DatasetSource datasets,
      Path cacheDirectory,
      StateHasher hasher,
      LongSupplier nanoTime,
      Duration retryAfter) {
    this.catalog = catalog;
    this.datasets = datasets;
    this.cacheDirectory = cacheDirectory;
    this.hasher = hasher;
    this.nanoTime = nanoTime;
    this.retryAfter = retryAfter;
  }

  /** The job ready to recompute, or why not. */
  public synchronized JobPreparation prepare(BigInteger jobId) {
    JobWorkspace workspace = open.get(jobId);
    if (workspace != null) {
      return new JobPreparation.Ready(workspace);
    }
    Long retry = retryAt.get(jobId);
    if (retry != null && nanoTime.getAsLong() - retry < 0) {
      return new JobPreparation.NotYet(lastProblem.getOrDefault(jobId, "retrying later"));
    }
    JobPreparation preparation = load(jobId);
    switch (preparation) {
      case JobPreparation.Ready ready -> {
        if (open.size() >= MAX_OPEN_JOBS) {
          open.clear();
        }
        open.put(jobId, ready.workspace());
        retryAt.remove(jobId);
        lastProblem.remove(jobId);
      }
      case JobPreparation.NotYet notYet -> {
        retryAt.put(jobId, nanoTime.getAsLong() + retryAfter.toNanos());
        lastProblem.put(jobId, notYet.reason());
      }
      case JobPreparation.Unusable unusable -> lastProblem.put(jobId, unusable.reason());
    }
    return preparation;
  }

  private JobPreparation load(BigInteger jobId) {
    JobDescription job;
    switch (catalog.lookup(jobId)) {
      case JobLookup.Described described -> job = described.job();
      case JobLookup.Unknown unknown -> {
        return new JobPreparation.NotYet("job " + jobId + " is not indexed yet");
      }
      case JobLookup.Unusable unusable -> {
        return new JobPreparation.Unusable(unusable.reason());
      }
    }
    FetchResult<LoadedDataset> fetched = cachedDataset(job);
    if (fetched instanceof FetchResult.Failed<LoadedDataset> failed) {
      LOG.warn("job {}: cannot fetch dataset {}: {}", jobId, job.datasetRoot(), failed);
      return new JobPreparation.NotYet("dataset " + job.datasetRoot() + ": " + failed);
    }
    LoadedDataset dataset = fetched.value().orElseThrow();
    JobPreparation preparation = JobWorkspace.prepare(job, dataset, hasher);
    if (preparation instanceof JobPreparation.Ready) {
      LOG.info(
          "job {}: ready ({}, seed {}, dataset {} with {} bytes)",
          jobId,
          job.config(),
          job.seed(),
          job.datasetRoot().toShortHexString(),
          dataset.tokens().size());
    }
    return preparation;
  }

  private FetchResult<LoadedDataset> cachedDataset(JobDescription job) {
    Path directory = cacheDirectory.resolve(job.datasetRoot().toUnprefixedHexString());
    if (Files.exists(DatasetLayout.manifest(directory))) {
      try {
        return FetchResult.fetched(DatasetReader.withDefaultLimits().read(directory));
      } catch (DatasetException e) {
        LOG.warn("the cached dataset in {} is damaged ({}); fetching it again", directory, e);
        deleteTree(directory);
      }
    }
    Path partial = cacheDirectory.resolve(job.datasetRoot().toUnprefixedHexString() + ".partial");
    deleteTree(partial);
    try {
      Files.createDirectories(partial);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + partial, e);
    }
    FetchResult<Path> fetched =
        datasets.fetch(
            job.datasetLocations(), job.datasetRoot(), job.datasetManifestHash(), partial);
    if (fetched instanceof FetchResult.Failed<Path> failed) {
      return FetchResult.failed(failed.reason(), failed.description());
    }
    LoadedDataset dataset;
    try {
      dataset = DatasetReader.withDefaultLimits().read(partial);
    } catch (DatasetException e) {
      return FetchResult.failed(
          FetchFailure.INVALID_DATA, "the fetched dataset does not verify: " + e.getMessage());
    }
    moveIntoPlace(partial, directory);
    return FetchResult.fetched(dataset);
  }

  private static void moveIntoPlace(Path from, Path to) {
    try {
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(from, to);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the fetched dataset to " + to, e);
    }
  }

  private static void deleteTree(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }
}
