package org.polyculture.verifier.fetch;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.transfer.SegmentSteps;
import org.polyculture.transfer.TransferException;
import org.polyculture.transfer.client.PeerUris;
import org.polyculture.transfer.client.StateDownloader;
import org.polyculture.transfer.client.TransferClient;
import org.polyculture.transfer.client.VerifiedState;

/**
 * Worker data over node/transfer's content-addressed HTTP: step hashes checked against the
 * committed root by the client, states downloaded chunk by chunk (each checked against the state's
 * verified chunk tree, resumable across attempts) into {@code downloads} and read back once whole.
 */
public final class TransferWorkerData implements WorkerData {

  private final TransferClient client;
  private final StateDownloader states;

  public TransferWorkerData(TransferClient client, Path downloads) {
    this.client = client;
    this.states = new StateDownloader(client, downloads);
  }

  @Override
  public FetchResult<List<Bytes32>> segmentStepHashes(
      String endpoint,
      BigInteger jobId,
      long segment,
      long firstStep,
      int length,
      Bytes32 stepRoot) {
    Optional<URI> peer = PeerUris.parse(endpoint);
    if (peer.isEmpty()) {
      return notAnEndpoint(endpoint);
    }
    try {
      SegmentSteps steps =
          client.fetchSteps(peer.get(), jobId, segment, firstStep, length, stepRoot);
      return FetchResult.fetched(steps.stateHashes());
    } catch (TransferException e) {
      return TransferFailures.of(e);
    }
  }

  @Override
  public FetchResult<Bytes> state(String endpoint, Bytes32 stateHash, long expectedLength) {
    Optional<URI> peer = PeerUris.parse(endpoint);
    if (peer.isEmpty()) {
      return notAnEndpoint(endpoint);
    }
    try {
      VerifiedState state = states.download(peer.get(), stateHash, expectedLength);
      try {
        return FetchResult.fetched(state.readAll());
      } finally {
        state.delete();
      }
    } catch (TransferException e) {
      return TransferFailures.of(e);
    }
  }

  private static <T> FetchResult<T> notAnEndpoint(String endpoint) {
    return FetchResult.failed(
        FetchFailure.UNREACHABLE, "the registered endpoint is no http(s) URL: " + endpoint);
  }
}
