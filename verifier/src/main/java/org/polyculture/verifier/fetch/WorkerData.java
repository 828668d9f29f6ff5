package org.polyculture.verifier.fetch;

import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What a verifier asks of a worker's node (docs/transfer.md). Implementations bound every read
 * (size, time) and verify content against its hash before returning it: a returned state's bytes
 * hash to the requested state hash.
 */
public interface WorkerData {

  /**
   * The per-step state hashes of a committed segment, in step order. Not yet checked against the
   * commitment; the caller rebuilds the step root.
   *
   * @param maxSteps the most hashes to accept (the segment length)
   */
  FetchResult<List<Bytes32>> segmentStepHashes(
      String endpoint, BigInteger jobId, long segment, int maxSteps);

  /**
   * The canonical bytes of the state with hash {@code stateHash}, checked chunk by chunk.
   *
   * @param maxBytes the most bytes to accept (a state of the job's model has a known length)
   */
  FetchResult<Bytes> state(String endpoint, Bytes32 stateHash, long maxBytes);
}
