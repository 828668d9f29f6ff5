package org.polyculture.verifier;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.storage.dataset.DatasetReader;
import org.polyculture.transfer.ChunkTree;
import org.polyculture.transfer.SegmentSteps;
import org.polyculture.transfer.server.DirectoryDatasetSource;
import org.polyculture.transfer.server.ServableState;
import org.polyculture.transfer.server.ServerSettings;
import org.polyculture.transfer.server.TransferServer;

/**
 * A worker's node as verifiers meet it: node/transfer's HTTP server on loopback, serving the states
 * and step hashes of the segments it trained (some of which it may withhold) and its job's dataset.
 */
public final class HttpWorker implements AutoCloseable {

  private final Map<Bytes32, Bytes> states = new ConcurrentHashMap<>();
  private final Map<String, SegmentSteps> steps = new ConcurrentHashMap<>();
  private final Set<Bytes32> withheld = ConcurrentHashMap.newKeySet();
  private final Set<String> withheldStepLists = ConcurrentHashMap.newKeySet();
  private final TransferServer server;

  private HttpWorker(Path datasetDirectory) {
    DirectoryDatasetSource datasets = new DirectoryDatasetSource(DatasetReader.withDefaultLimits());
    datasets.add(datasetDirectory);
    this.server =
        TransferServer.builder(ServerSettings.of("127.0.0.1", 0))
            .states(this::state)
            .steps(
                (jobId, segment) ->
                    withheldStepLists.contains(jobId + "/" + segment)
                        ? Optional.empty()
                        : Optional.ofNullable(steps.get(jobId + "/" + segment)))
            .datasets(datasets)
            .start();
  }

  /** Starts serving, with the dataset in {@code datasetDirectory}. */
  public static HttpWorker start(Path datasetDirectory) {
    return new HttpWorker(datasetDirectory);
  }

  /** The base URL the worker registers on chain. */
  public String endpoint() {
    return server.baseUri().toString();
  }

  public void serve(BigInteger jobId, long segment, TrainedSegment trained) {
    states.putAll(trained.servedBytes());
    List<Float> losses = new ArrayList<>();
    trained.committedHashes().forEach(h -> losses.add(1.0f));
    steps.put(
        jobId + "/" + segment,
        SegmentSteps.of(jobId, segment, trained.firstStep(), trained.committedHashes(), losses));
  }

  public void withhold(Bytes32 stateHash) {
    withheld.add(stateHash);
  }

  public void serveAgain(Bytes32 stateHash) {
    withheld.remove(stateHash);
  }

  /** Stops serving the per-step state hashes of a segment (its states stay served). */
  public void withholdStepList(BigInteger jobId, long segment) {
    withheldStepLists.add(jobId + "/" + segment);
  }

  public void serveStepListAgain(BigInteger jobId, long segment) {
    withheldStepLists.remove(jobId + "/" + segment);
  }

  /** Forgets everything served (between tests). */
  public void clear() {
    states.clear();
    steps.clear();
    withheld.clear();
    withheldStepLists.clear();
  }

  private Optional<ServableState> state(Bytes32 stateHash) {
    Bytes bytes = states.get(stateHash);
    if (bytes == null || withheld.contains(stateHash)) {
      return Optional.empty();
    }
    return Optional.of(new BytesState(bytes.toArrayUnsafe()));
  }

  @Override
  public void close() {
    server.close();
  }

  /** A state held as bytes, with its chunk tree (docs/state.md §3). */
  private static final class BytesState implements ServableState {
    private final byte[] bytes;
    private final ChunkTree tree;

    BytesState(byte[] bytes) {
      this.bytes = bytes;
      List<Bytes32> leaves = new ArrayList<>();
      for (int i = 0; i < ChunkTree.chunkCount(bytes.length); i++) {
        int from = i * ChunkTree.CHUNK_SIZE;
        leaves.add(
            StateHasher.leafHash(bytes, from, Math.min(bytes.length - from, ChunkTree.CHUNK_SIZE)));
      }
      this.tree = new ChunkTree(bytes.length, leaves);
    }

    @Override
    public ChunkTree tree() {
      return tree;
    }

    @Override
    public Bytes chunk(int index) {
      return Bytes.wrap(bytes, (int) tree.chunkOffset(index), tree.chunkLength(index));
    }
  }
}
