package org.polyculture.verifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.polyculture.chain.index.EventIndexer;
import org.polyculture.chain.index.IndexCursor;
import org.polyculture.chain.index.IndexerMetrics;
import org.polyculture.metrics.JvmMetrics;
import org.polyculture.metrics.MetricsRegistry;
import org.polyculture.verifier.chain.EventFeed;
import org.polyculture.verifier.chain.LogPosition;
import org.polyculture.verifier.chain.StakeStatus;
import org.polyculture.verifier.chain.VerifierChain;
import org.polyculture.verifier.jury.DisputeDriver;
import org.polyculture.verifier.jury.JuryService;
import org.polyculture.verifier.report.ReportJson;
import org.polyculture.verifier.report.VerifierMetrics;
import org.polyculture.verifier.report.VerifierMetrics.Counter;
import org.polyculture.verifier.report.VerifierReport;
import org.polyculture.verifier.store.AuditRecord;
import org.polyculture.verifier.store.DisputeRecord;
import org.polyculture.verifier.store.VerifierStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A verifier node. Each {@link #tick() pass}: index new blocks, turn new events into records, carry
 * jury duties forward (they have deadlines), draw and resolve its disputes, send due disputes and
 * audit the oldest pending segment. Everything it will act on is in its store before it acts, and
 * every pass starts from the store and the chain, so a restart resumes where the node was. {@link
 * #start()} runs passes on a thread of its own; tests call {@link #tick()} directly.
 */
public final class VerifierNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VerifierNode.class);

  private final VerifierSettings settings;
  private final VerifierChain chain;
  private final EventIndexer indexer;
  private final EventFeed events;
  private final VerifierStore store;
  private final EventIngest ingest;
  private final AuditService audits;
  private final JuryService jury;
  private final DisputeDriver disputes;
  private final VerifierMetrics metrics;
  private final MetricsRegistry registry;
  private final Optional<Path> reportFile;
  private final AutoCloseable compute;
  private Optional<Thread> loop = Optional.empty();
  private volatile boolean stopping;
  private boolean reportWritten;

  public VerifierNode(
      VerifierSettings settings,
      VerifierChain chain,
      EventIndexer indexer,
      EventFeed events,
      VerifierStore store,
      AuditService audits,
      JuryService jury,
      DisputeDriver disputes,
      VerifierMetrics metrics,
      Optional<Path> reportFile,
      AutoCloseable compute) {
    this.settings = settings;
    this.chain = chain;
    this.indexer = indexer;
    this.events = events;
    this.store = store;
    this.ingest = new EventIngest(chain.address(), metrics);
    this.audits = audits;
    this.jury = jury;
    this.disputes = disputes;
    this.metrics = metrics;
    this.registry = new MetricsRegistry();
    JvmMetrics.register(registry);
    registry.register(metrics.collector());
    IndexerMetrics.register(registry, indexer);
    this.reportFile = reportFile;
    this.compute = compute;
  }

  public String address() {
    return chain.address();
  }

  public VerifierMetrics metrics() {
    return metrics;
  }

  /** Every metric of the node (its counters, the indexer's, the JVM's), for {@code /metrics}. */
  public MetricsRegistry registry() {
    return registry;
  }

  /**
   * Registers as a verifier and bonds the configured stake (by default the dispute manager's
   * minimum juror stake), topping up what is missing.
   */
  public StakeStatus ensureStake() {
    BigInteger target = settings.stake().orElseGet(() -> chain.disputeParameters().minJurorStake);
    StakeStatus status = chain.ensureVerifierStake(target, settings.endpoint());
    if (status.sufficient()) {
      LOG.info(
          "verifier {} bonded {} (staked {} now{})",
          chain.address(),
          status.bonded(),
          status.stakedNow(),
          status.registeredNow() ? ", registered" : "");
    } else {
      LOG.warn(
          "verifier {} has {} bonded and too few tokens to reach {}: it cannot sit on juries",
          chain.address(),
          status.bonded(),
          target);
    }
    return status;
  }

  /**
   * One pass over everything due. Returns whether it did anything (so another pass may find more at
   * once); chain and transport failures end the pass early and are retried on the next.
   */
  public boolean tick() {
    boolean progress = false;
    try {
      indexer.poll();
      progress |= ingest();
      progress |= jury.advance();
      progress |= disputes.advance();
      progress |= audits.advance(1);
    } catch (IOException | UncheckedIOException e) {
      metrics.increment(Counter.CHAIN_ERRORS);
      LOG.warn("pass cut short, retrying: {}", e.getMessage());
      return false;
    }
    if (progress || !reportWritten) {
      reportFile.ifPresent(file -> ReportJson.write(file, report()));
      reportWritten = true;
    }
    return progress;
  }

  private boolean ingest() {
    boolean any = false;
    while (true) {
      Optional<LogPosition> cursor = store.cursor();
      EventFeed.Page page = events.next(cursor);
      if (page.last().equals(cursor)) {
        return any;
      }
      store.update(
          batch -> {
            page.events().forEach(event -> ingest.apply(batch, event));
            batch.cursor(page.last().orElseThrow());
          });
      any |= !page.events().isEmpty();
    }
  }

  /** What the node has done, from its store. */
  public VerifierReport report() {
    List<AuditRecord> recent = store.recentAudits(settings.reportedAudits());
    List<DisputeRecord> opened = new ArrayList<>();
    for (AuditRecord audit : recent) {
      audit.disputeId().flatMap(id -> store.dispute(new BigInteger(id))).ifPresent(opened::add);
    }
    return new VerifierReport(
        chain.address(),
        indexer.index().cursor().map(IndexCursor::block).orElse(-1L),
        metrics.snapshot(),
        recent,
        opened,
        store.juryDuties(settings.reportedAudits()));
  }

  /** Runs passes on a thread named {@code polyculture-verifier} until {@link #close()}. */
  public synchronized void start() {
    if (loop.isPresent()) {
      throw new IllegalStateException("already started");
    }
    Thread thread = new Thread(this::run, "polyculture-verifier");
    loop = Optional.of(thread);
    thread.start();
  }

  private void run() {
    LOG.info("verifier {} started", chain.address());
    while (!stopping) {
      boolean progress;
      try {
        progress = tick();
      } catch (RuntimeException e) {
        LOG.error("verifier pass failed; retrying after the poll interval", e);
        progress = false;
      }
      if (!progress && !stopping) {
        try {
          Thread.sleep(settings.pollInterval());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    LOG.info("verifier {} stopped", chain.address());
  }

  /**
   * Stops the pass loop (letting a running pass finish its current step), waits for it, and frees
   * the backend. The storage and chain client belong to the caller.
   */
  @Override
  public synchronized void close() {
    stopping = true;
    if (loop.isPresent()) {
      Thread thread = loop.get();
      thread.interrupt();
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      loop = Optional.empty();
    }
    try {
      compute.close();
    } catch (Exception e) {
      LOG.warn("closing the backend failed: {}", e.toString());
    }
  }
}
