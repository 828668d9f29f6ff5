package org.polyculture.transfer.server;

import java.math.BigInteger;
import java.util.Optional;
import org.polyculture.transfer.SegmentSteps;

/** Where a server finds the per-step hashes of the segments it committed. */
@FunctionalInterface
public interface StepsSource {

  /** The steps of a committed segment; empty when this node did not commit it. */
  Optional<SegmentSteps> steps(BigInteger jobId, long segment);

  static StepsSource none() {
    return (jobId, segment) -> Optional.empty();
  }
}
