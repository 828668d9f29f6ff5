package org.polyculture.verifier.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.verifier.LocalDatasetSource;
import org.polyculture.verifier.TinyJob;

class JobResourcesTest {

  private static final BigInteger JOB = BigInteger.valueOf(9);

  @TempDir static Path shared;
  private static TinyJob job;

  @TempDir Path cache;
  private final AtomicLong clock = new AtomicLong();
  private final LocalDatasetSource datasets = new LocalDatasetSource();

  @BeforeAll
  static void createJob() {
    job = TinyJob.create(shared, JOB, 8, 2);
  }

  @Test
  void shouldFetchTheDatasetOnceAndCheckTheGenesisState() {
    JobResources resources = resources(id -> new JobLookup.Described(job.description()));

    JobPreparation first = resources.prepare(JOB);
    JobPreparation second = resources.prepare(JOB);

    assertThat(first).isInstanceOf(JobPreparation.Ready.class);
    assertThat(((JobPreparation.Ready) second).workspace())
        .isSameAs(((JobPreparation.Ready) first).workspace());
    assertThat(((JobPreparation.Ready) first).workspace().genesis()).isEqualTo(job.genesis());
    assertThat(datasets.fetches()).isEqualTo(1);
    assertThat(cache.resolve(job.description().datasetRoot().toUnprefixedHexString()))
        .isDirectory();
  }

  @Test
  void shouldReadTheCachedDatasetAfterARestartWithoutFetching() {
    resources(id -> new JobLookup.Described(job.description())).prepare(JOB);

    JobPreparation again = resources(id -> new JobLookup.Described(job.description())).prepare(JOB);

    assertThat(again).isInstanceOf(JobPreparation.Ready.class);
    assertThat(datasets.fetches()).isEqualTo(1);
  }

  @Test
  void shouldFetchAgainWhenTheCachedDatasetIsDamaged() throws IOException {
    resources(id -> new JobLookup.Described(job.description())).prepare(JOB);
    Path cached = cache.resolve(job.description().datasetRoot().toUnprefixedHexString());
    try (Stream<Path> shards = Files.list(cached.resolve("shards"))) {
      Path shard = shards.findFirst().orElseThrow();
      Files.write(shard, new byte[] {1, 2, 3});
    }

    JobPreparation again = resources(id -> new JobLookup.Described(job.description())).prepare(JOB);

    assertThat(again).isInstanceOf(JobPreparation.Ready.class);
    assertThat(datasets.fetches()).isEqualTo(2);
  }

  @Test
  void shouldRefuseAJobWhoseGenesisHashIsNotItsGenesisState() {
    JobDescription wrong =
        new JobDescription(
            JOB,
            TinyJob.CONFIG,
            TinyJob.SEED + 1,
            job.description().datasetRoot(),
            job.description().datasetManifestHash(),
            job.description().datasetLocations(),
            job.description().genesisStateHash(),
            8,
            16);

    JobPreparation preparation = resources(id -> new JobLookup.Described(wrong)).prepare(JOB);

    assertThat(preparation).isInstanceOf(JobPreparation.Unusable.class);
    assertThat(((JobPreparation.Unusable) preparation).reason()).contains("genesis");
  }

  @Test
  void shouldRefuseADatasetWithAnotherManifestHash() {
    JobDescription wrong =
        new JobDescription(
            JOB,
            TinyJob.CONFIG,
            TinyJob.SEED,
            job.description().datasetRoot(),
            Bytes32.fromHexString("0x" + "44".repeat(32)),
            job.description().datasetLocations(),
            job.description().genesisStateHash(),
            8,
            16);

    assertThat(resources(id -> new JobLookup.Described(wrong)).prepare(JOB))
        .isInstanceOf(JobPreparation.Unusable.class);
  }

  @Test
  void shouldRetryAnUnreachableDatasetOnlyAfterTheRetryDelay() {
    JobDescription unreachable =
        new JobDescription(
            JOB,
            TinyJob.CONFIG,
            TinyJob.SEED,
            job.description().datasetRoot(),
            job.description().datasetManifestHash(),
            List.of(shared.resolve("nowhere").toUri().toString()),
            job.description().genesisStateHash(),
            8,
            16);
    JobResources resources = resources(id -> new JobLookup.Described(unreachable));

    assertThat(resources.prepare(JOB)).isInstanceOf(JobPreparation.NotYet.class);
    assertThat(resources.prepare(JOB)).isInstanceOf(JobPreparation.NotYet.class);
    assertThat(datasets.fetches()).isEqualTo(1);
    clock.addAndGet(Duration.ofSeconds(31).toNanos());
    assertThat(resources.prepare(JOB)).isInstanceOf(JobPreparation.NotYet.class);
    assertThat(datasets.fetches()).isEqualTo(2);
  }

  @Test
  void shouldWaitForAJobNotYetIndexed() {
    assertThat(resources(id -> new JobLookup.Unknown()).prepare(JOB))
        .isInstanceOf(JobPreparation.NotYet.class);
  }

  private JobResources resources(JobCatalog catalog) {
    return new JobResources(
        catalog, datasets, cache, StateHasher.singleThreaded(), clock::get, Duration.ofSeconds(30));
  }
}
