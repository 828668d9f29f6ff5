package org.polyculture.api.index;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.polyculture.chain.index.IndexedSegment;
import org.polyculture.governance.index.ChainMoment;

/**
 * A segment's history: its latest status and worker, when it was last claimed, committed,
 * finalized, rewarded, voided or compensated, how often it was claimed, and its disputes.
 */
public record SegmentActivity(
    BigInteger jobId,
    long segment,
    IndexedSegment.Status status,
    String worker,
    long claims,
    Optional<ChainMoment> claimed,
    Optional<ChainMoment> committed,
    Optional<ChainMoment> finalized,
    Optional<ChainMoment> rewarded,
    Optional<ChainMoment> voided,
    Optional<ChainMoment> compensated,
    List<BigInteger> disputes) {

  public SegmentActivity {
    disputes = List.copyOf(disputes);
  }

  static SegmentActivity claimed(
      BigInteger jobId, long segment, String worker, ChainMoment at, long claims) {
    return new SegmentActivity(
        jobId,
        segment,
        IndexedSegment.Status.CLAIMED,
        worker,
        claims,
        Optional.of(at),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  SegmentActivity withStatus(IndexedSegment.Status next, ChainMoment at) {
    Optional<ChainMoment> moment = Optional.of(at);
    return new SegmentActivity(
        jobId,
        segment,
        next,
        worker,
        claims,
        claimed,
        next == IndexedSegment.Status.COMMITTED ? moment : committed,
        next == IndexedSegment.Status.FINALIZED ? moment : finalized,
        next == IndexedSegment.Status.REWARDED ? moment : rewarded,
        next == IndexedSegment.Status.FRAUD || next == IndexedSegment.Status.VOIDED
            ? moment
            : voided,
        next == IndexedSegment.Status.COMPENSATED ? moment : compensated,
        disputes);
  }

  SegmentActivity withWorker(String newWorker) {
    return new SegmentActivity(
        jobId,
        segment,
        status,
        newWorker,
        claims,
        claimed,
        committed,
        finalized,
        rewarded,
        voided,
        compensated,
        disputes);
  }

  SegmentActivity withDispute(BigInteger disputeId) {
    List<BigInteger> all = new ArrayList<>(disputes);
    all.add(disputeId);
    return new SegmentActivity(
        jobId,
        segment,
        status,
        worker,
        claims,
        claimed,
        committed,
        finalized,
        rewarded,
        voided,
        compensated,
        all);
  }
}
