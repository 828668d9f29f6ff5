package org.polyculture.chain.index;

import java.math.BigInteger;

/**
 * The latest known state of one segment of a job. The commitment fields are set from the latest
 * SegmentCommitted event (null until the segment is committed, and after a void until it is
 * committed again); verifiers need them to build disputes.
 */
public record IndexedSegment(
    BigInteger jobId,
    long segment,
    Status status,
    String worker,
    long leaseDeadline,
    String startStateHash,
    String stepRoot,
    String endStateHash,
    long updatedBlock) {

  /** Where a segment is in its life. */
  public enum Status {
    CLAIMED,
    COMMITTED,
    FINALIZED,
    REWARDED,
    FRAUD,
    VOIDED,
    COMPENSATED
  }

  IndexedSegment withStatus(Status newStatus, long block) {
    return new IndexedSegment(
        jobId,
        segment,
        newStatus,
        worker,
        leaseDeadline,
        startStateHash,
        stepRoot,
        endStateHash,
        block);
  }
}
