package org.polyculture.verifier;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.index.EventIndexer;
import org.polyculture.chain.index.IndexerSettings;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.verifier.audit.SegmentAuditor;
import org.polyculture.verifier.audit.StepRecomputer;
import org.polyculture.verifier.chain.EventFeed;
import org.polyculture.verifier.chain.VerifierChain;
import org.polyculture.verifier.fetch.DatasetSource;
import org.polyculture.verifier.fetch.FetchPolicy;
import org.polyculture.verifier.fetch.WorkerData;
import org.polyculture.verifier.job.IndexedJobCatalog;
import org.polyculture.verifier.job.JobResources;
import org.polyculture.verifier.jury.DisputeDriver;
import org.polyculture.verifier.jury.Juror;
import org.polyculture.verifier.jury.JuryService;
import org.polyculture.verifier.report.VerifierMetrics;
import org.polyculture.verifier.store.VerifierStore;
import org.web3j.crypto.Credentials;

/**
 * Puts a {@link VerifierNode} together from what a process provides (a chain client, a key,
 * storage, a backend, peers' data): the one place the verifier's parts are wired, used by the
 * {@code polyculture verifier} command and by tests alike.
 */
public final class VerifierNodeBuilder {

  private VerifierSettings settings = VerifierSettings.builder().build();
  private ChainClient client;
  private ChainDeployment deployment;
  private Credentials key;
  private KeyValueStorage storage;
  private Path dataDirectory;
  private WorkerData workers;
  private DatasetSource datasets;
  private Supplier<Backend> backends;
  private StateHasher hasher = StateHasher.singleThreaded();
  private FetchPolicy fetchPolicy =
      new FetchPolicy(3, Duration.ofSeconds(2), FetchPolicy.Sleeper.REAL);
  private IndexerSettings indexerSettings = IndexerSettings.realChain();
  private TransactionSettings transactionSettings = TransactionSettings.realChain();
  private LongSupplier nanoTime = System::nanoTime;
  private Supplier<Bytes32> salts = randomSalts();
  private boolean writeReportFile = true;

  public VerifierNodeBuilder settings(VerifierSettings value) {
    this.settings = value;
    return this;
  }

  public VerifierNodeBuilder chain(ChainClient value, ChainDeployment onChain, Credentials signer) {
    this.client = value;
    this.deployment = onChain;
    this.key = signer;
    return this;
  }

  /** The node's storage (shared by the chain index and the verifier's records). */
  public VerifierNodeBuilder storage(KeyValueStorage value) {
    this.storage = value;
    return this;
  }

  /** Where the dataset cache and {@code report.json} live. */
  public VerifierNodeBuilder dataDirectory(Path value) {
    this.dataDirectory = value;
    return this;
  }

  public VerifierNodeBuilder peers(WorkerData workerData, DatasetSource datasetSource) {
    this.workers = workerData;
    this.datasets = datasetSource;
    return this;
  }

  public VerifierNodeBuilder compute(Supplier<Backend> backendSupplier, StateHasher stateHasher) {
    this.backends = backendSupplier;
    this.hasher = stateHasher;
    return this;
  }

  public VerifierNodeBuilder fetchPolicy(FetchPolicy value) {
    this.fetchPolicy = value;
    return this;
  }

  public VerifierNodeBuilder indexing(IndexerSettings value, TransactionSettings transactions) {
    this.indexerSettings = value;
    this.transactionSettings = transactions;
    return this;
  }

  public VerifierNodeBuilder nanoTime(LongSupplier value) {
    this.nanoTime = value;
    return this;
  }

  public VerifierNodeBuilder salts(Supplier<Bytes32> value) {
    this.salts = value;
    return this;
  }

  public VerifierNodeBuilder writeReportFile(boolean value) {
    this.writeReportFile = value;
    return this;
  }

  public VerifierNode build() {
    Objects.requireNonNull(client, "chain");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(workers, "peers");
    Objects.requireNonNull(backends, "compute");
    VerifierMetrics metrics = new VerifierMetrics();
    VerifierChain chain = new VerifierChain(client, deployment, key);
    EventIndexer indexer =
        new EventIndexer(
            client.web3j(),
            deployment,
            storage,
            indexerSettings,
            new RetryPolicy(transactionSettings, RetryPolicy.Sleeper.REAL));
    VerifierStore store = new VerifierStore(storage);
    JobResources jobs =
        new JobResources(
            new IndexedJobCatalog(indexer.index()),
            datasets,
            dataDirectory.resolve("datasets"),
            hasher,
            nanoTime,
            Duration.ofSeconds(30));
    StepRecomputer recomputer = new StepRecomputer(backends, hasher, nanoTime);
    Optional<SegmentAuditor> auditor =
        settings.auditsPerSegment() == 0
            ? Optional.empty()
            : Optional.of(
                new SegmentAuditor(workers, recomputer, fetchPolicy, settings.auditsPerSegment()));
    AuditService audits =
        new AuditService(
            chain, store, jobs, auditor, metrics, settings.disputeStaggerStep(), nanoTime);
    JuryService jury =
        new JuryService(
            chain, store, new Juror(jobs, workers, fetchPolicy, recomputer), metrics, salts);
    DisputeDriver disputes = new DisputeDriver(chain, store, metrics);
    return new VerifierNode(
        settings,
        chain,
        indexer,
        new EventFeed(indexer.index(), deployment),
        store,
        audits,
        jury,
        disputes,
        metrics,
        writeReportFile ? Optional.of(dataDirectory.resolve("report.json")) : Optional.empty(),
        recomputer);
  }

  private static Supplier<Bytes32> randomSalts() {
    SecureRandom random = new SecureRandom();
    return () -> {
      byte[] salt = new byte[Bytes32.SIZE];
      random.nextBytes(salt);
      return Bytes32.wrap(salt);
    };
  }
}
