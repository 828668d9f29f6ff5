package org.polyculture.verifier;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.verifier.fetch.FetchFailure;
import org.polyculture.verifier.fetch.FetchResult;
import org.polyculture.verifier.fetch.WorkerData;

/**
 * Workers' nodes in memory, for tests of the audit logic alone: what each endpoint serves (states
 * by hash, step hashes by segment) and what it withholds. It returns a state only if its bytes hash
 * to the requested hash, but unlike the transfer client it does not check the step root (so the
 * auditor's own check is exercised) nor the state's length.
 */
public final class FakeWorkerData implements WorkerData {

  private final Map<String, Map<Bytes32, Bytes>> states = new ConcurrentHashMap<>();
  private final Map<String, Map<String, List<Bytes32>>> steps = new ConcurrentHashMap<>();
  private final Set<Bytes32> withheld = ConcurrentHashMap.newKeySet();
  private final AtomicInteger stateRequests = new AtomicInteger();

  /** Serves {@code segment}'s states and step hashes at {@code endpoint}. */
  public void serve(String endpoint, BigInteger jobId, long index, TrainedSegment segment) {
    states.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>()).putAll(segment.servedBytes());
    steps
        .computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>())
        .put(jobId + "/" + index, segment.committedHashes());
  }

  /** Stops serving the state with this hash, everywhere. */
  public void withhold(Bytes32 stateHash) {
    withheld.add(stateHash);
  }

  /** Serves a withheld state again. */
  public void serveAgain(Bytes32 stateHash) {
    withheld.remove(stateHash);
  }

  public int stateRequests() {
    return stateRequests.get();
  }

  @Override
  public FetchResult<List<Bytes32>> segmentStepHashes(
      String endpoint,
      BigInteger jobId,
      long segment,
      long firstStep,
      int length,
      Bytes32 stepRoot) {
    List<Bytes32> hashes = steps.getOrDefault(endpoint, Map.of()).get(jobId + "/" + segment);
    if (hashes == null) {
      return FetchResult.failed(FetchFailure.NOT_SERVED, "no such segment at " + endpoint);
    }
    if (hashes.size() > length) {
      return FetchResult.failed(FetchFailure.TOO_LARGE, hashes.size() + " hashes");
    }
    return FetchResult.fetched(hashes);
  }

  @Override
  public FetchResult<Bytes> state(String endpoint, Bytes32 stateHash, long expectedLength) {
    stateRequests.incrementAndGet();
    Bytes bytes = states.getOrDefault(endpoint, Map.of()).get(stateHash);
    if (bytes == null || withheld.contains(stateHash)) {
      return FetchResult.failed(FetchFailure.NOT_SERVED, "404 for " + stateHash);
    }
    if (bytes.size() > expectedLength) {
      return FetchResult.failed(FetchFailure.TOO_LARGE, bytes.size() + " bytes");
    }
    if (!StateHasher.hashSerialized(bytes).equals(stateHash)) {
      return FetchResult.failed(FetchFailure.INVALID_DATA, "the bytes do not hash to the request");
    }
    return FetchResult.fetched(bytes);
  }
}
