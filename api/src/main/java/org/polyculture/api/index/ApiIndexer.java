package org.polyculture.api.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.polyculture.chain.index.EventIndexer;
import org.polyculture.chain.index.ReorgDetectedException;
import org.polyculture.contracts.ContractRevertedException;
import org.polyculture.governance.GovernanceSettings;
import org.polyculture.governance.GovernorReader;
import org.polyculture.governance.index.GovernanceIndexer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the API's indexes up to date on one named thread: the protocol's event indexer, the
 * governance indexer, then the activity projection over what the protocol indexer stored, every
 * {@code interval}. A failing chain node is retried on the next round (logged at warn); a reorg
 * deeper than the confirmations stops indexing (the API keeps serving what it has, and {@link
 * #status} says why).
 */
public final class ApiIndexer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiIndexer.class);

  private final EventIndexer protocol;
  private final GovernanceIndexer governance;
  private final ActivityIndex activity;
  private final GovernorReader reader;
  private final BlockClock clock;
  private final Clock wallClock;
  private final AtomicReference<Status> status =
      new AtomicReference<>(new Status(false, Optional.empty(), 0));
  private final AtomicReference<Optional<GovernanceSettings>> settings =
      new AtomicReference<>(Optional.empty());
  private ScheduledExecutorService executor;
  private long rounds;

  public ApiIndexer(
      EventIndexer protocol,
      GovernanceIndexer governance,
      ActivityIndex activity,
      GovernorReader reader,
      BlockClock clock,
      Clock wallClock) {
    this.protocol = protocol;
    this.governance = governance;
    this.activity = activity;
    this.reader = reader;
    this.clock = clock;
    this.wallClock = wallClock;
  }

  /** Runs one round now: everything confirmed on chain is indexed when it returns. */
  public synchronized void runOnce() throws IOException {
    protocol.poll();
    governance.poll();
    activity.catchUp(clock);
    if (rounds++ % 30 == 0 || settings.get().isEmpty()) {
      try {
        settings.set(Optional.of(reader.settings()));
      } catch (ContractRevertedException | UncheckedIOException e) {
        LOG.warn("cannot read the governance settings: {}", e.getMessage());
      }
    }
  }

  /** Starts indexing every {@code interval} on a thread named {@code api-indexer}. */
  public synchronized void start(Duration interval) {
    if (executor != null) {
      throw new IllegalStateException("already started");
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "api-indexer");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether indexing is healthy, and the last failure if not. */
  public Status status() {
    return status.get();
  }

  /** The governance settings, read from the chain now and then. */
  public Optional<GovernanceSettings> settings() {
    return settings.get();
  }

  private void round() {
    if (status.get().stopped()) {
      return;
    }
    try {
      runOnce();
      status.set(new Status(false, Optional.empty(), wallClock.millis()));
    } catch (ReorgDetectedException e) {
      LOG.error("indexing stopped: {}", e.getMessage());
      status.set(new Status(true, Optional.of(e.getMessage()), status.get().lastSuccessMillis()));
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("indexing round failed, retrying: {}", e.getMessage());
      status.set(new Status(false, Optional.of(e.getMessage()), status.get().lastSuccessMillis()));
    } catch (RuntimeException e) {
      LOG.warn("indexing round failed, retrying", e);
      status.set(new Status(false, Optional.of(e.toString()), status.get().lastSuccessMillis()));
    }
  }

  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      executor = null;
    }
  }

  /**
   * @param stopped indexing stopped for good (a deep reorg)
   * @param lastError the last round's failure, if it failed
   * @param lastSuccessMillis wall-clock time of the last successful round (0 before any)
   */
  public record Status(boolean stopped, Optional<String> lastError, long lastSuccessMillis) {}
}
