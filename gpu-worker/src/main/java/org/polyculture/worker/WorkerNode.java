package org.polyculture.worker;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.chain.index.EventIndexer;
import org.polyculture.chain.index.IndexedSegment;
import org.polyculture.chain.index.ReorgDetectedException;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.train.StepExecutor;
import org.polyculture.metrics.MetricsRegistry;
import org.polyculture.protocol.dataset.DatasetLimits;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.dataset.DatasetReader;
import org.polyculture.storage.lmdb.LmdbConfig;
import org.polyculture.storage.lmdb.LmdbKeyValueStorage;
import org.polyculture.transfer.SegmentSteps;
import org.polyculture.transfer.TransferApi;
import org.polyculture.transfer.client.DatasetDownloader;
import org.polyculture.transfer.client.StateDownloader;
import org.polyculture.transfer.client.TransferClient;
import org.polyculture.transfer.server.DirectoryDatasetSource;
import org.polyculture.transfer.server.ServerSettings;
import org.polyculture.transfer.server.TransferServer;
import org.polyculture.worker.cheat.CheatStrategy;
import org.polyculture.worker.cheat.CommitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker: its store, chain index, transfer server and the loop that drives its segments.
 * Each {@link #tick()} indexes the chain, advances every open segment by what the chain says,
 * claims the next free segment when none is being trained, and trains and commits it. Everything
 * the worker knows lives in its LMDB store, so a new node on the same data directory continues
 * where a stopped (or killed) one was.
 */
public final class WorkerNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerNode.class);
  private static final int STATUS_SEGMENTS = 20;

  private final WorkerSettings settings;
  private final Ledger ledger;
  private final KeyValueStorage storage;
  private final WorkerStore store;
  private final EventIndexer indexer;
  private final WorkerCompute compute;
  private final TransferClient client;
  private final JobLoader jobs;
  private final SegmentTrainer trainer;
  private final SegmentLifecycle lifecycle;
  private final SegmentClaimer claimer;
  private final WorkerStateSource states;
  private final TransferServer server;
  private final URI endpoint;
  private final CheatStrategy cheat;
  private final WorkerMetrics metrics;
  private volatile boolean stopping;
  private volatile boolean vanished;
  private volatile String activity = "starting";
  private volatile BigInteger bonded = BigInteger.ZERO;
  // The rest of the stake as last read (unbonding, lock, open disputes), for the status.
  private volatile Ledger.ParticipantView lastRead =
      new Ledger.ParticipantView(BigInteger.ZERO, 0, "", BigInteger.ZERO, 0, 0);
  private boolean registered;
  private Thread loop;

  private WorkerNode(WorkerSettings settings, ChainAccess chain, WorkerCompute compute) {
    this.settings = settings;
    this.ledger = chain.ledger();
    this.compute = compute;
    this.cheat = settings.cheat();
    this.storage = LmdbKeyValueStorage.open(LmdbConfig.at(settings.storeDirectory()));
    try {
      this.store = new WorkerStore(storage, compute.hasher());
      this.indexer =
          new EventIndexer(
              chain.web3j(), chain.deployment(), storage, settings.indexer(), chain.retry());
      this.metrics = new WorkerMetrics(indexer, this::segmentsByPhase, () -> bonded);
      this.client = new TransferClient(settings.client());
      DirectoryDatasetSource datasets =
          new DirectoryDatasetSource(DatasetReader.withDefaultLimits());
      this.jobs =
          new JobLoader(
              settings.datasetsDirectory(),
              new DatasetDownloader(client, DatasetLimits.DEFAULT),
              DatasetReader.withDefaultLimits(),
              datasets,
              compute.hasher());
      this.trainer = new SegmentTrainer(store, compute.hasher(), settings.checkpointEvery(), cheat);
      this.lifecycle = new SegmentLifecycle(store, ledger);
      this.claimer =
          new SegmentClaimer(
              store,
              ledger,
              indexer.index(),
              jobs,
              new StateDownloader(client, settings.downloadsDirectory()),
              compute.hasher(),
              this::ensureStake);
      this.states =
          new WorkerStateSource(
              store, compute.hasher(), trainer, this::job, compute::newBackend, cheat);
      this.server =
          TransferServer.builder(ServerSettings.of(settings.listenHost(), settings.listenPort()))
              .states(states)
              .steps(this::steps)
              .datasets(datasets)
              .json(TransferApi.STATUS, this::status)
              .metrics(metrics.registry(), "worker")
              .start();
      this.endpoint = settings.endpoint().orElse(server.baseUri());
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    if (cheat.isCheating()) {
      LOG.error(
          "THIS WORKER CHEATS ('{}'): a test instrument for the adversarial suite; it will be"
              + " slashed",
          cheat.name());
    }
    LOG.info(
        "worker {} on {} ({}), data in {}",
        ledger.address(),
        endpoint,
        compute.description(),
        settings.dataDirectory());
  }

  /** Opens the worker's store and starts its transfer server (not yet its loop). */
  public static WorkerNode open(WorkerSettings settings, ChainAccess chain, WorkerCompute compute) {
    return new WorkerNode(settings, chain, compute);
  }

  /** The URL others fetch this worker's states from. */
  public URI endpoint() {
    return endpoint;
  }

  /** Starts the loop on its own thread: a tick every poll interval until {@link #close()}. */
  public synchronized void start() {
    if (loop != null) {
      return;
    }
    loop = new Thread(this::runLoop, "worker-loop");
    loop.start();
  }

  private void runLoop() {
    while (!stopping) {
      try {
        tick();
      } catch (RuntimeException e) {
        LOG.error("worker tick failed; retrying", e);
      }
      try {
        Thread.sleep(settings.pollInterval().toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * One round: index, register and stake if needed, advance every open segment, claim the next free
   * one when none is active, and train and commit the active one. Transport failures are logged and
   * retried on the next round.
   */
  public synchronized void tick() {
    if (vanished || stopping) {
      return;
    }
    try {
      indexer.poll();
      ensureRegistered();
      for (SegmentRecord record : SegmentLifecycle.open(store.records())) {
        if (stopping || vanished) {
          return;
        }
        advance(record);
      }
      if (store.records().stream().noneMatch(record -> record.phase().isActive())) {
        Optional<SegmentRecord> prepared = claimer.prepareNext();
        if (prepared.isPresent()) {
          advance(prepared.get());
        } else {
          activity = "waiting for a claimable segment";
        }
      }
    } catch (ReorgDetectedException e) {
      LOG.error(
          "the chain reorganised deeper than the indexer's confirmations: {}", e.getMessage());
    } catch (IOException e) {
      LOG.warn("chain or peer unavailable: {}; retrying", e.getMessage());
    }
  }

  /** Drives one record as far as it can go now. */
  private void advance(SegmentRecord start) throws IOException {
    SegmentRecord record = start;
    while (!stopping && !vanished && !record.phase().isTerminal()) {
      SegmentRecord next =
          switch (record.phase()) {
            case CLAIMING -> lifecycle.claim(record);
            case TRAINING -> train(record);
            case TRAINED, COMMITTING -> commit(record);
            case COMMITTED -> lifecycle.followCommitted(record);
            case FINALIZED -> lifecycle.claimReward(record);
            case VOIDED -> lifecycle.claimCompensation(record);
            default -> record;
          };
      if (next.phase() == record.phase()) {
        return;
      }
      metrics.entered(next.phase());
      record = next;
      if (record.phase().isTerminal()) {
        prune(record);
      }
      if (record.phase() == SegmentPhase.COMMITTED && cheat.vanishesAfterCommit()) {
        vanish();
      }
    }
  }

  private SegmentRecord train(SegmentRecord record) throws IOException {
    SegmentRecord leased = lifecycle.checkLease(record);
    if (leased.phase() != SegmentPhase.TRAINING) {
      return leased;
    }
    Optional<JobContext> job = job(record.key().jobId());
    if (job.isEmpty()) {
      activity = "waiting for job " + record.key().jobId() + " to load";
      return record;
    }
    activity = "training " + record.key();
    LOG.info(
        "{}: training steps {}..{}", record.key(), record.trainedThrough(), record.endStep() - 1);
    long started = System.nanoTime();
    long firstDone = leased.trainedThrough() - leased.firstStep();
    try (Backend backend = compute.newBackend()) {
      StepExecutor executor = new StepExecutor(backend, job.get().config());
      Optional<SegmentRecord> trained =
          trainer.train(
              leased,
              job.get(),
              executor,
              () -> stopping,
              (key, done, of, loss) -> {
                activity = "training " + key + ": step " + done + "/" + of;
                metrics.stepTrained();
                long elapsed = System.nanoTime() - started;
                if (elapsed > 0) {
                  metrics.trainingSpeed((done - firstDone) * 1e9 / elapsed);
                }
              });
      return trained.orElse(record);
    } finally {
      metrics.trainingSpeed(0);
    }
  }

  private SegmentRecord commit(SegmentRecord record) throws IOException {
    Commitment trained =
        new Commitment(
            record.startStateHash(),
            record.stepRoot().orElseThrow(),
            record.endStateHash().orElseThrow());
    Commitment sent =
        record.phase() == SegmentPhase.COMMITTING
            ? trained
            : cheat.commitment(
                trained, new CommitContext(record.key(), previousCommitment(record)));
    activity = "committing " + record.key();
    return lifecycle.commit(record, sent);
  }

  private Optional<Commitment> previousCommitment(SegmentRecord record) {
    if (record.key().segment() == 0) {
      return Optional.empty();
    }
    return indexer
        .index()
        .segment(record.key().jobId(), record.key().segment() - 1)
        .filter(previous -> previous.stepRoot() != null && previous.endStateHash() != null)
        .map(
            previous ->
                new Commitment(
                    Bytes32.fromHexString(previous.startStateHash()),
                    Bytes32.fromHexString(previous.stepRoot()),
                    Bytes32.fromHexString(previous.endStateHash())));
  }

  /**
   * Drops the states of a segment that is done with, but its end state, which the job's next
   * segment starts from (an abandoned segment keeps only its start).
   */
  private void prune(SegmentRecord record) {
    long keep = record.phase() == SegmentPhase.ABANDONED ? record.firstStep() : record.endStep();
    int removed = store.pruneStates(record.key(), List.of(keep));
    LOG.info(
        "{}: {} ({}); {} stored states dropped",
        record.key(),
        record.phase(),
        record.detail(),
        removed);
  }

  private void vanish() {
    LOG.error("{}: vanishing after the commitment (test cheat)", ledger.address());
    vanished = true;
    activity = "vanished";
    server.close();
  }

  private void ensureRegistered() throws IOException {
    if (registered) {
      return;
    }
    Ledger.ParticipantView participant = readParticipant();
    String wanted = endpoint.toString();
    if (!participant.isWorker() || !wanted.equals(participant.endpoint())) {
      ledger.register(participant.roles() | 1, wanted, settings.hardware());
      LOG.info("registered as a worker at {}", wanted);
    }
    if (settings.stake().isPresent()) {
      ensureStake(settings.stake().get());
    } else {
      bonded = readParticipant().bonded();
    }
    registered = true;
  }

  private Ledger.ParticipantView readParticipant() throws IOException {
    Ledger.ParticipantView participant = ledger.participant();
    lastRead = participant;
    return participant;
  }

  private boolean ensureStake(BigInteger required) throws IOException {
    BigInteger current = readParticipant().bonded();
    BigInteger target = settings.stake().map(explicit -> explicit.max(required)).orElse(required);
    if (settings.stake().isPresent() && settings.stake().get().compareTo(required) < 0) {
      LOG.warn(
          "a job needs {} bonded; --stake caps this worker at {}",
          required,
          settings.stake().get());
      bonded = current;
      return current.compareTo(required) >= 0;
    }
    if (current.compareTo(target) < 0) {
      BigInteger missing = target.subtract(current);
      if (ledger.tokenBalance().compareTo(missing) < 0) {
        LOG.warn("cannot bond {} more: the balance is short", missing);
        bonded = current;
        return false;
      }
      ledger.stake(missing);
      current = current.add(missing);
      LOG.info("staked {}; {} bonded", missing, current);
    }
    bonded = current;
    return current.compareTo(required) >= 0;
  }

  private Optional<JobContext> job(BigInteger jobId) {
    Optional<JobContext> cached = jobs.cached(jobId);
    if (cached.isPresent()) {
      return cached;
    }
    return indexer
        .index()
        .job(jobId)
        .flatMap(
            indexed ->
                jobs.load(indexed, List.of()) instanceof JobLoader.Load.Ready ready
                    ? Optional.of(ready.job())
                    : Optional.empty());
  }

  /** The steps of a segment this worker committed (for the transfer server). */
  Optional<SegmentSteps> steps(BigInteger jobId, long segment) {
    List<SegmentRecord> claims = store.claimsOf(jobId, segment);
    for (int i = claims.size() - 1; i >= 0; i--) {
      SegmentRecord record = claims.get(i);
      if (!(record.phase().isCommitted()
          || record.phase() == SegmentPhase.COMMITTING
          || record.phase() == SegmentPhase.FRAUD
          || record.phase() == SegmentPhase.COMPENSATED)) {
        continue;
      }
      List<StepEntry> entries = store.steps(record.key(), record.firstStep() + 1, record.endStep());
      if (entries.size() != record.length()) {
        return Optional.empty();
      }
      return Optional.of(
          new SegmentSteps(
              jobId,
              segment,
              record.firstStep(),
              entries.stream().map(StepEntry::stateHash).toList(),
              entries.stream().map(StepEntry::loss).toList()));
    }
    return Optional.empty();
  }

  private Map<SegmentPhase, Integer> segmentsByPhase() {
    Map<SegmentPhase, Integer> byPhase = new EnumMap<>(SegmentPhase.class);
    store.records().forEach(record -> byPhase.merge(record.phase(), 1, Integer::sum));
    return byPhase;
  }

  /** The worker's metrics (served at {@code /metrics}). */
  public MetricsRegistry metrics() {
    return metrics.registry();
  }

  /** What {@code /v1/status} shows. */
  public WorkerStatus status() {
    List<SegmentRecord> records = store.records();
    Map<SegmentPhase, Integer> byPhase = new EnumMap<>(SegmentPhase.class);
    BigInteger rewards = BigInteger.ZERO;
    BigInteger compensation = BigInteger.ZERO;
    for (SegmentRecord record : records) {
      byPhase.merge(record.phase(), 1, Integer::sum);
      if (record.phase() == SegmentPhase.REWARDED) {
        rewards = rewards.add(record.paid());
      } else if (record.phase() == SegmentPhase.COMPENSATED) {
        compensation = compensation.add(record.paid());
      }
    }
    List<WorkerStatus.Segment> recent = new ArrayList<>();
    records.stream()
        .sorted(
            Comparator.comparing((SegmentRecord r) -> r.key().jobId())
                .thenComparing(r -> r.key().segment())
                .thenComparing(r -> r.key().attempt())
                .reversed())
        .limit(STATUS_SEGMENTS)
        .forEach(
            r ->
                recent.add(
                    new WorkerStatus.Segment(
                        r.key().jobId().toString(),
                        r.key().segment(),
                        r.key().attempt(),
                        r.phase(),
                        r.trainedThrough() - r.firstStep(),
                        r.length(),
                        r.startStateHash().toHexString(),
                        r.stepRoot().map(Bytes32::toHexString).orElse(null),
                        r.endStateHash().map(Bytes32::toHexString).orElse(null),
                        r.paid().toString(),
                        r.detail())));
    return new WorkerStatus(
        ledger.address(),
        endpoint.toString(),
        cheat.name(),
        bonded.toString(),
        lastRead.unbonding().toString(),
        lastRead.lockedUntil(),
        lastRead.openDisputes(),
        activity,
        byPhase,
        rewards.toString(),
        compensation.toString(),
        recent);
  }

  /** The worker's store (for tests and tools). */
  public WorkerStore store() {
    return store;
  }

  /** Whether the vanish-after-commit cheat has made this worker disappear. */
  public boolean vanished() {
    return vanished;
  }

  /** The indexed segment, for tests that follow the chain. */
  Optional<IndexedSegment> indexedSegment(BigInteger jobId, long segment) {
    return indexer.index().segment(jobId, segment);
  }

  /**
   * Stops the loop (training stops at the next step; what it did up to its last checkpoint is
   * kept), the server, the state source and the store.
   */
  @Override
  public void close() {
    stopping = true;
    Thread running;
    synchronized (this) {
      running = loop;
    }
    if (running != null) {
      try {
        // A tick in progress ends at its next step; only a sleeping loop is interrupted.
        running.join(settings.pollInterval().toMillis() + 5_000);
        if (running.isAlive()) {
          running.interrupt();
          running.join(60_000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      if (!vanished) {
        server.close();
      }
      states.close();
      client.close();
      storage.close();
    }
    LOG.info("worker {} stopped", ledger.address());
  }
}
