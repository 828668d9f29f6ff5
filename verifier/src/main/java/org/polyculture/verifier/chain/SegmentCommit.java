package org.polyculture.verifier.chain;

import java.math.BigInteger;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A segment commitment as the chain announced it, and the block that included it (whose successor's
 * hash is the audit randomness).
 */
public record SegmentCommit(
    BigInteger jobId,
    long segment,
    String worker,
    Bytes32 startStateHash,
    Bytes32 stepRoot,
    Bytes32 endStateHash,
    long commitBlock) {

  public SegmentCommit {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(startStateHash, "startStateHash");
    Objects.requireNonNull(stepRoot, "stepRoot");
    Objects.requireNonNull(endStateHash, "endStateHash");
    if (segment < 0 || commitBlock < 0) {
      throw new IllegalArgumentException("segment and block are not negative");
    }
  }

  /** The block whose hash picks the audited steps: the one right after the commit's block. */
  public long randomnessBlock() {
    return commitBlock + 1;
  }
}
