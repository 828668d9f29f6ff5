package org.polyculture.verifier.fetch;

import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What a verifier asks of a worker's node (docs/transfer.md). Implementations bound every read
 * (size, time) and verify content against its hash before returning it: returned step hashes
 * rebuild the committed step root, and a returned state's bytes hash to the requested state hash.
 */
public interface WorkerData {

  /**
   * The per-step state hashes of segment {@code segment} of job {@code jobId}, in step order, that
   * rebuild {@code stepRoot} as leaves for steps {@code firstStep} on.
   */
  FetchResult<List<Bytes32>> segmentStepHashes(
      String endpoint,
      BigInteger jobId,
      long segment,
      long firstStep,
      int length,
      Bytes32 stepRoot);

  /**
   * The canonical bytes of the state with hash {@code stateHash}, checked chunk by chunk.
   *
   * @param expectedLength the length every state of the job's model has
   */
  FetchResult<Bytes> state(String endpoint, Bytes32 stateHash, long expectedLength);
}
