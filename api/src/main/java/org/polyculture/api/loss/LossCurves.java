package org.polyculture.api.loss;

import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.chain.index.IndexedJob;
import org.polyculture.chain.index.IndexedParticipant;
import org.polyculture.chain.index.IndexedSegment;
import org.polyculture.chain.index.ProtocolIndex;
import org.polyculture.transfer.SegmentSteps;
import org.polyculture.transfer.TransferException;
import org.polyculture.transfer.client.PeerUris;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loss curves of jobs, from the per-step losses workers serve for their committed segments ({@code
 * GET /v1/jobs/{id}/segments/{i}/steps}). A read never waits on a worker: it answers from the cache
 * and queues fetches of what is missing on a bounded executor (a full queue drops the fetch; it is
 * asked for again by the next read). Steps are accepted only when their hashes rebuild the
 * committed step root (the transfer client checks); the losses themselves are the worker's word.
 * The cache is bounded by the number of steps it holds; a worker that failed is asked again only
 * after {@code retryAfter}.
 */
public final class LossCurves {

  private static final Logger LOG = LoggerFactory.getLogger(LossCurves.class);

  private final ProtocolIndex protocol;
  private final StepsFetcher fetcher;
  private final ExecutorService executor;
  private final Clock clock;
  private final long maxCachedSteps;
  private final long retryAfterMillis;
  private final Map<Key, float[]> cache = new LinkedHashMap<>(256, 0.75f, true);
  private final Map<Key, Long> failures = new LinkedHashMap<>(256, 0.75f, true);
  private final Set<Key> inFlight = ConcurrentHashMap.newKeySet();
  private long cachedSteps;

  public LossCurves(
      ProtocolIndex protocol,
      StepsFetcher fetcher,
      ExecutorService executor,
      Clock clock,
      long maxCachedSteps,
      java.time.Duration retryAfter) {
    this.protocol = protocol;
    this.fetcher = fetcher;
    this.executor = executor;
    this.clock = clock;
    this.maxCachedSteps = maxCachedSteps;
    this.retryAfterMillis = retryAfter.toMillis();
  }

  /** What is known of segments {@code [from, from + count)} of a job, fetching what is missing. */
  public List<SegmentLoss> segments(IndexedJob job, List<IndexedSegment> segments) {
    List<SegmentLoss> result = new ArrayList<>(segments.size());
    for (IndexedSegment segment : segments) {
      result.add(segment(job, segment));
    }
    return result;
  }

  private SegmentLoss segment(IndexedJob job, IndexedSegment segment) {
    long firstStep = segment.segment() * job.segmentLength();
    if (!servable(segment)) {
      return new SegmentLoss(
          segment.segment(), firstStep, Availability.NOT_COMMITTED, Optional.empty());
    }
    Key key = new Key(job.jobId(), segment.segment(), segment.stepRoot());
    float[] losses;
    synchronized (this) {
      losses = cache.get(key);
    }
    if (losses != null) {
      return new SegmentLoss(
          segment.segment(), firstStep, Availability.AVAILABLE, Optional.of(losses));
    }
    synchronized (this) {
      Long failedAt = failures.get(key);
      if (failedAt != null && clock.millis() - failedAt < retryAfterMillis) {
        return new SegmentLoss(
            segment.segment(), firstStep, Availability.UNAVAILABLE, Optional.empty());
      }
    }
    schedule(job, segment, key, firstStep);
    return new SegmentLoss(segment.segment(), firstStep, Availability.PENDING, Optional.empty());
  }

  /** Steps held in the cache now. */
  public synchronized long cachedSteps() {
    return cachedSteps;
  }

  private void schedule(IndexedJob job, IndexedSegment segment, Key key, long firstStep) {
    if (!inFlight.add(key)) {
      return;
    }
    try {
      executor.execute(() -> fetch(job, segment, key, firstStep));
    } catch (RejectedExecutionException e) {
      inFlight.remove(key);
    }
  }

  private void fetch(IndexedJob job, IndexedSegment segment, Key key, long firstStep) {
    try {
      Optional<URI> peer =
          protocol
              .participant(segment.worker())
              .map(IndexedParticipant::endpoint)
              .flatMap(PeerUris::parse);
      if (peer.isEmpty()) {
        failed(key);
        return;
      }
      SegmentSteps steps =
          fetcher.fetch(
              peer.get(),
              job.jobId(),
              segment.segment(),
              firstStep,
              Math.toIntExact(job.segmentLength()),
              Bytes32.fromHexString(segment.stepRoot()));
      float[] losses = new float[steps.length()];
      for (int i = 0; i < losses.length; i++) {
        losses[i] = steps.losses().get(i).orElse(Float.NaN);
      }
      store(key, losses);
    } catch (TransferException e) {
      LOG.debug(
          "steps of job {} segment {} not fetched: {}", key.jobId(), key.segment(), e.getMessage());
      failed(key);
    } catch (RuntimeException e) {
      LOG.warn("fetching the steps of job {} segment {} failed", key.jobId(), key.segment(), e);
      failed(key);
    } finally {
      inFlight.remove(key);
    }
  }

  private synchronized void store(Key key, float[] losses) {
    if (losses.length > maxCachedSteps) {
      return;
    }
    float[] previous = cache.put(key, losses);
    cachedSteps += losses.length - (previous == null ? 0 : previous.length);
    var eldest = cache.entrySet().iterator();
    while (cachedSteps > maxCachedSteps && eldest.hasNext()) {
      cachedSteps -= eldest.next().getValue().length;
      eldest.remove();
    }
    failures.remove(key);
  }

  private synchronized void failed(Key key) {
    failures.put(key, clock.millis());
    if (failures.size() > 10_000) {
      var eldest = failures.entrySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }

  private static boolean servable(IndexedSegment segment) {
    return segment.stepRoot() != null
        && segment.worker() != null
        && (segment.status() == IndexedSegment.Status.COMMITTED
            || segment.status() == IndexedSegment.Status.FINALIZED
            || segment.status() == IndexedSegment.Status.REWARDED);
  }

  /** A segment's losses are keyed by its step root: after a void and a new commit they differ. */
  private record Key(BigInteger jobId, long segment, String stepRoot) {}

  /** Whether a segment's losses are known. */
  public enum Availability {
    AVAILABLE,
    PENDING,
    UNAVAILABLE,
    NOT_COMMITTED
  }

  /** One segment's losses (NaN where the worker reported none), when available. */
  public record SegmentLoss(
      long segment, long firstStep, Availability availability, Optional<float[]> losses) {}
}
