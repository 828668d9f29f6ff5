package org.polyculture.test.adversarial;

import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.verifier.fetch.FetchFailure;
import org.polyculture.verifier.fetch.FetchResult;
import org.polyculture.verifier.fetch.WorkerData;

/**
 * A worker's node reduced to one segment in memory, for the detection measurement: it serves the
 * segment's step hashes and every state it keeps, as the worker's transfer server would, checked
 * against the requested hash like the transfer client checks them.
 */
final class ServedSegment implements WorkerData {

  private final CheatingSegment segment;

  ServedSegment(CheatingSegment segment) {
    this.segment = segment;
  }

  @Override
  public FetchResult<List<Bytes32>> segmentStepHashes(
      String endpoint,
      BigInteger jobId,
      long segmentIndex,
      long firstStep,
      int length,
      Bytes32 stepRoot) {
    if (firstStep != segment.firstStep() || length != segment.length()) {
      return FetchResult.failed(FetchFailure.NOT_SERVED, "no such segment");
    }
    return FetchResult.fetched(segment.stepHashes());
  }

  @Override
  public FetchResult<Bytes> state(String endpoint, Bytes32 stateHash, long expectedLength) {
    Bytes bytes = segment.servedBytes().get(stateHash);
    if (bytes == null) {
      return FetchResult.failed(FetchFailure.NOT_SERVED, "404 for " + stateHash);
    }
    if (bytes.size() != expectedLength || !StateHasher.hashSerialized(bytes).equals(stateHash)) {
      return FetchResult.failed(FetchFailure.INVALID_DATA, "the bytes do not hash to the request");
    }
    return FetchResult.fetched(bytes);
  }
}
