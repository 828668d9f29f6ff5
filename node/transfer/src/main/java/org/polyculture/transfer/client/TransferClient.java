package org.polyculture.transfer.client;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.ValidationResult;
import org.polyculture.protocol.crypto.Sha256;
import org.polyculture.protocol.dataset.DatasetLimits;
import org.polyculture.protocol.dataset.DatasetManifest;
import org.polyculture.protocol.dataset.ManifestRejection;
import org.polyculture.protocol.dataset.ShardEntry;
import org.polyculture.storage.dataset.DatasetException;
import org.polyculture.storage.dataset.DatasetManifestJson;
import org.polyculture.transfer.ChunkTree;
import org.polyculture.transfer.SegmentSteps;
import org.polyculture.transfer.TransferApi;
import org.polyculture.transfer.TransferException;
import org.polyculture.transfer.TransferException.Reason;
import org.polyculture.transfer.TransferJson;

/**
 * Fetches content by hash from untrusted peers and returns it only once it is verified: a state's
 * chunk tree must hash to the requested state hash, each chunk must match its leaf, a segment's
 * steps must rebuild the committed step root, a dataset manifest must have the requested root and
 * manifest hash, and a shard its listed SHA-256. Every body is read into a buffer bounded by what a
 * valid answer can be (exactly, where the length is known), every request has a connect timeout and
 * a total timeout that covers the body, and redirects are never followed. Failures are {@link
 * TransferException}s with a {@link Reason}.
 *
 * <p>Peers are base URLs ({@code http://host:port}, optionally with a path prefix) as workers
 * register them on chain. Thread-safe; one client serves a whole process.
 */
public final class TransferClient implements AutoCloseable {

  /** Bytes per leaf in a tree body, with room for quotes, commas and spaces. */
  private static final int TREE_BYTES_PER_LEAF = 72;

  /** Bytes per step in a steps body: step number, hash and loss with their JSON. */
  private static final int STEPS_BYTES_PER_STEP = 192;

  private static final int HEALTH_BYTES = 1024;

  private final ClientSettings settings;
  private final ExecutorService executor;
  private final HttpClient http;

  public TransferClient(ClientSettings settings) {
    this.settings = settings;
    this.executor = Executors.newFixedThreadPool(settings.threads(), daemonThreads());
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .executor(executor)
            .build();
  }

  public ClientSettings settings() {
    return settings;
  }

  /** Whether the peer answers its health endpoint with 200. */
  public boolean isHealthy(URI peer) {
    try {
      get(peer, TransferApi.HEALTH, HEALTH_BYTES, OptionalLong.empty());
      return true;
    } catch (TransferException e) {
      return false;
    }
  }

  /**
   * The chunk tree of state {@code stateHash}, which must have exactly {@code expectedLength} bytes
   * (what the job's model config implies) and hash to {@code stateHash}.
   */
  public ChunkTree fetchTree(URI peer, Bytes32 stateHash, long expectedLength)
      throws TransferException {
    long leaves = ChunkTree.chunkCount(expectedLength);
    byte[] body =
        get(
            peer,
            TransferApi.stateTree(stateHash),
            256 + leaves * TREE_BYTES_PER_LEAF,
            OptionalLong.empty());
    ChunkTree tree = TransferJson.readTree(body, peer);
    if (tree.length() != expectedLength) {
      throw new TransferException(
          Reason.TREE_MISMATCH,
          peer,
          "the tree is for " + tree.length() + " bytes; a state of this job has " + expectedLength);
    }
    Bytes32 actual = tree.stateHash();
    if (!actual.equals(stateHash)) {
      throw new TransferException(
          Reason.TREE_MISMATCH,
          peer,
          "the tree hashes to "
              + actual.toHexString()
              + ", not the requested "
              + stateHash.toHexString());
    }
    return tree;
  }

  /**
   * Chunk {@code index} of the state whose verified tree is {@code tree}, checked against its leaf.
   */
  public byte[] fetchChunk(URI peer, Bytes32 stateHash, ChunkTree tree, int index)
      throws TransferException {
    int length = tree.chunkLength(index);
    byte[] chunk =
        get(peer, TransferApi.stateChunk(stateHash, index), length, OptionalLong.of(length));
    if (!tree.matches(index, chunk, 0, chunk.length)) {
      throw new TransferException(
          Reason.CHUNK_MISMATCH,
          peer,
          "chunk " + index + " of " + stateHash.toHexString() + " does not match its leaf");
    }
    return chunk;
  }

  /**
   * The per-step hashes of segment {@code segment} of job {@code jobId}, which must cover exactly
   * steps {@code [firstStep, firstStep + length)} and rebuild {@code stepRoot}, the committed root.
   */
  public SegmentSteps fetchSteps(
      URI peer, BigInteger jobId, long segment, long firstStep, int length, Bytes32 stepRoot)
      throws TransferException {
    byte[] body =
        get(
            peer,
            TransferApi.segmentSteps(jobId, segment),
            1024 + (long) length * STEPS_BYTES_PER_STEP,
            OptionalLong.empty());
    SegmentSteps steps = TransferJson.readSteps(body, peer);
    if (!steps.jobId().equals(jobId)
        || steps.segment() != segment
        || steps.firstStep() != firstStep
        || steps.length() != length) {
      throw new TransferException(
          Reason.STEPS_MISMATCH,
          peer,
          "asked for job "
              + jobId
              + " segment "
              + segment
              + " (steps "
              + firstStep
              + " + "
              + length
              + "), got job "
              + steps.jobId()
              + " segment "
              + steps.segment()
              + " (steps "
              + steps.firstStep()
              + " + "
              + steps.length()
              + ")");
    }
    Bytes32 root = steps.stepRoot();
    if (!root.equals(stepRoot)) {
      throw new TransferException(
          Reason.STEPS_MISMATCH,
          peer,
          "the steps make root " + root.toHexString() + ", committed " + stepRoot.toHexString());
    }
    return steps;
  }

  /**
   * The manifest of dataset {@code datasetRoot}, valid under {@code limits}, with that root and
   * with {@code manifestHash}, the hash the job pins.
   */
  public DatasetManifest fetchManifest(
      URI peer, Bytes32 datasetRoot, Bytes32 manifestHash, DatasetLimits limits)
      throws TransferException {
    byte[] body =
        get(
            peer,
            TransferApi.datasetManifest(datasetRoot),
            DatasetManifestJson.MAX_MANIFEST_BYTES,
            OptionalLong.empty());
    DatasetManifestJson.Parsed parsed;
    try {
      parsed = DatasetManifestJson.parse(body, Path.of("manifest.json"));
    } catch (DatasetException e) {
      throw new TransferException(Reason.MALFORMED, peer, e.getMessage(), e);
    }
    DatasetManifest manifest = parsed.manifest();
    ValidationResult<ManifestRejection> validity = manifest.validate(limits);
    if (validity instanceof ValidationResult.Invalid<ManifestRejection>(var reason, var message)) {
      throw new TransferException(
          Reason.MANIFEST_MISMATCH, peer, "invalid manifest (" + reason + "): " + message);
    }
    if (!manifest.root().equals(datasetRoot)) {
      throw new TransferException(
          Reason.MANIFEST_MISMATCH,
          peer,
          "the manifest is for dataset " + manifest.root().toHexString());
    }
    Bytes32 actualHash = manifest.manifestHash();
    if (!actualHash.equals(manifestHash) || !parsed.declaredManifestHash().equals(actualHash)) {
      throw new TransferException(
          Reason.MANIFEST_MISMATCH,
          peer,
          "the manifest hashes to "
              + actualHash.toHexString()
              + " (declares "
              + parsed.declaredManifestHash().toHexString()
              + "); the job pins "
              + manifestHash.toHexString());
    }
    return manifest;
  }

  /** The bytes of one shard of dataset {@code datasetRoot}, checked against its manifest entry. */
  public byte[] fetchShard(URI peer, Bytes32 datasetRoot, ShardEntry shard)
      throws TransferException {
    byte[] bytes =
        get(
            peer,
            TransferApi.datasetShard(datasetRoot, shard.sha256()),
            shard.size(),
            OptionalLong.of(shard.size()));
    Bytes32 actual = Sha256.hash(Bytes.wrap(bytes));
    if (!actual.equals(shard.sha256())) {
      throw new TransferException(
          Reason.SHARD_MISMATCH,
          peer,
          "shard "
              + shard.index()
              + " has SHA-256 "
              + actual.toHexString()
              + ", not the listed one");
    }
    return bytes;
  }

  /**
   * One GET with a bounded body: at most {@code limit} bytes, exactly {@code exact} when given.
   * Statuses other than 200 become {@link TransferException}s.
   */
  byte[] get(URI peer, String path, long limit, OptionalLong exact) throws TransferException {
    URI uri = PeerUris.resolve(peer, path);
    HttpRequest request =
        HttpRequest.newBuilder(uri).timeout(settings.requestTimeout()).GET().build();
    BoundedBody body = new BoundedBody(limit, exact);
    CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request, body);
    HttpResponse<byte[]> response;
    try {
      response = pending.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      body.abort();
      pending.cancel(true);
      throw new TransferException(
          Reason.TIMEOUT, peer, path + " took longer than " + settings.requestTimeout(), e);
    } catch (InterruptedException e) {
      body.abort();
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new TransferException(Reason.IO, peer, path + ": interrupted", e);
    } catch (ExecutionException | CancellationException e) {
      throw failure(peer, path, e);
    }
    int status = response.statusCode();
    if (status == 200) {
      return response.body();
    }
    String message = path + ": HTTP " + status + " " + printable(response.body());
    throw switch (status) {
      case 404 -> new TransferException(Reason.NOT_FOUND, peer, message);
      case 429, 503 -> new TransferException(Reason.BUSY, peer, message);
      default -> new TransferException(Reason.HTTP_STATUS, peer, message);
    };
  }

  private static TransferException failure(URI peer, String path, Exception wrapper) {
    Throwable cause = wrapper;
    for (int depth = 0; depth < 8 && cause.getCause() != null; depth++) {
      if (cause instanceof BoundedBody.Rejected
          || cause instanceof HttpTimeoutException
          || cause instanceof ConnectException) {
        break;
      }
      cause = cause.getCause();
    }
    if (cause instanceof BoundedBody.Rejected rejected) {
      return new TransferException(rejected.reason(), peer, path + ": " + rejected.getMessage());
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return new TransferException(Reason.TIMEOUT, peer, path + ": connect timed out", cause);
    }
    if (cause instanceof HttpTimeoutException) {
      return new TransferException(Reason.TIMEOUT, peer, path + ": timed out", cause);
    }
    if (cause instanceof ConnectException) {
      return new TransferException(Reason.UNREACHABLE, peer, path + ": " + cause, cause);
    }
    if (cause instanceof IOException) {
      return new TransferException(Reason.IO, peer, path + ": " + cause, cause);
    }
    return new TransferException(Reason.IO, peer, path + ": " + wrapper, wrapper);
  }

  private static String printable(byte[] body) {
    String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
    return text.replaceAll("[^\\x20-\\x7e]", "?");
  }

  @Override
  public void close() {
    http.close();
    executor.shutdownNow();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "transfer-client-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
