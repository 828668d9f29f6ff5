package org.polyculture.api.index;

import java.math.BigInteger;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.polyculture.chain.index.IndexedSegment;
import org.polyculture.governance.index.ChainMoment;

/**
 * A job's progress as its segments' events tell it: how many segments are in each status now,
 * distinct workers, disputes, voids, and when it was created and last committed to.
 */
public record JobActivity(
    BigInteger jobId,
    ChainMoment created,
    Map<IndexedSegment.Status, Long> statusCounts,
    long workers,
    long disputes,
    long voids,
    Optional<ChainMoment> lastCommit) {

  public JobActivity {
    statusCounts = Map.copyOf(statusCounts);
  }

  static JobActivity created(BigInteger jobId, ChainMoment at) {
    return new JobActivity(jobId, at, Map.of(), 0, 0, 0, Optional.empty());
  }

  public long count(IndexedSegment.Status status) {
    return statusCounts.getOrDefault(status, 0L);
  }

  JobActivity moved(
      Optional<IndexedSegment.Status> from, IndexedSegment.Status to, ChainMoment at) {
    Map<IndexedSegment.Status, Long> counts = new EnumMap<>(IndexedSegment.Status.class);
    counts.putAll(statusCounts);
    from.ifPresent(previous -> counts.merge(previous, -1L, Long::sum));
    counts.merge(to, 1L, Long::sum);
    counts.values().removeIf(count -> count <= 0);
    return new JobActivity(
        jobId,
        created,
        counts,
        workers,
        disputes,
        voids + (to == IndexedSegment.Status.FRAUD ? 1 : 0),
        to == IndexedSegment.Status.COMMITTED ? Optional.of(at) : lastCommit);
  }

  JobActivity withWorker() {
    return new JobActivity(jobId, created, statusCounts, workers + 1, disputes, voids, lastCommit);
  }

  JobActivity withDispute() {
    return new JobActivity(jobId, created, statusCounts, workers, disputes + 1, voids, lastCommit);
  }
}
