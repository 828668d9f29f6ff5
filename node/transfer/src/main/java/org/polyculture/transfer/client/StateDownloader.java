package org.polyculture.transfer.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.transfer.ChunkTree;
import org.polyculture.transfer.TransferException;
import org.polyculture.transfer.TransferException.Reason;
import org.polyculture.transfer.TransferJson;

/**
 * Downloads states by hash into a directory, resumably. The tree is fetched and verified first and
 * kept; chunks are fetched a few at a time ({@link ClientSettings#parallelChunks()}), each checked
 * against its leaf before it is written (to a temporary name, then moved), so that a crash or a
 * failed peer loses nothing verified and the next call fetches only what is missing, from the same
 * or another peer. When every chunk is there the state is assembled into one file, checked once
 * more as it is written, and the chunks are removed.
 *
 * <p>Layout: {@code DIR/<hash>.state} (complete), {@code DIR/<hash>.partial/tree.json} and {@code
 * DIR/<hash>.partial/<i>.chunk} (in progress). Disk use is bounded by the expected length the
 * caller gives, which a peer cannot change.
 */
public final class StateDownloader {

  private static final String TREE_FILE = "tree.json";

  private final TransferClient client;
  private final Path directory;
  private final ConcurrentHashMap<Bytes32, Object> locks = new ConcurrentHashMap<>();

  public StateDownloader(TransferClient client, Path directory) {
    this.client = client;
    this.directory = directory;
  }

  /**
   * The verified state {@code stateHash} of exactly {@code expectedLength} bytes, fetched from
   * {@code peers} in turn (the next peer continues where the previous one failed).
   *
   * @throws TransferException the last peer's failure, when no peer completed it
   */
  public VerifiedState download(List<URI> peers, Bytes32 stateHash, long expectedLength)
      throws TransferException {
    if (peers.isEmpty()) {
      throw new IllegalArgumentException("no peer to download " + stateHash + " from");
    }
    TransferException last = null;
    for (URI peer : peers) {
      try {
        return download(peer, stateHash, expectedLength);
      } catch (TransferException e) {
        last = e;
      }
    }
    throw last;
  }

  /** The verified state from one peer, continuing any earlier partial download. */
  public VerifiedState download(URI peer, Bytes32 stateHash, long expectedLength)
      throws TransferException {
    Object lock = locks.computeIfAbsent(stateHash, hash -> new Object());
    synchronized (lock) {
      Optional<VerifiedState> complete = existing(stateHash, expectedLength);
      if (complete.isPresent()) {
        return complete.get();
      }
      Path partial = partialDirectory(stateHash);
      createDirectories(partial, peer);
      ChunkTree tree = tree(peer, stateHash, expectedLength, partial);
      List<Integer> missing = missingChunks(tree, partial);
      fetchChunks(peer, stateHash, tree, partial, missing);
      return assemble(stateHash, tree, partial);
    }
  }

  /** The complete state if it is already here and still verifies. */
  public Optional<VerifiedState> existing(Bytes32 stateHash, long expectedLength) {
    Path file = completeFile(stateHash);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      if (Files.size(file) == expectedLength && hashFile(file, expectedLength).equals(stateHash)) {
        Path partial = partialDirectory(stateHash);
        if (Files.isDirectory(partial)) {
          deleteRecursively(partial);
        }
        return Optional.of(new VerifiedState(stateHash, expectedLength, file));
      }
      Files.delete(file);
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Chunks of {@code stateHash} verified and kept so far (for progress and tests). */
  public int verifiedChunks(Bytes32 stateHash) {
    Path partial = partialDirectory(stateHash);
    if (!Files.isDirectory(partial)) {
      return 0;
    }
    int count = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(partial, "*.chunk")) {
      for (Path ignored : files) {
        count++;
      }
    } catch (IOException e) {
      return 0;
    }
    return count;
  }

  private ChunkTree tree(URI peer, Bytes32 stateHash, long expectedLength, Path partial)
      throws TransferException {
    Path file = partial.resolve(TREE_FILE);
    if (Files.isRegularFile(file)) {
      try {
        ChunkTree kept = TransferJson.readTree(Files.readAllBytes(file), peer);
        if (kept.length() == expectedLength && kept.stateHash().equals(stateHash)) {
          return kept;
        }
      } catch (IOException | TransferException e) {
        // A damaged kept tree is fetched again below.
      }
    }
    ChunkTree tree = client.fetchTree(peer, stateHash, expectedLength);
    writeAtomically(file, TransferJson.writeTree(tree));
    return tree;
  }

  private List<Integer> missingChunks(ChunkTree tree, Path partial) throws TransferException {
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < tree.chunkCount(); i++) {
      Path file = chunkFile(partial, i);
      if (!Files.isRegularFile(file)) {
        missing.add(i);
        continue;
      }
      try {
        byte[] bytes = Files.readAllBytes(file);
        if (!tree.matches(i, bytes, 0, bytes.length)) {
          Files.delete(file);
          missing.add(i);
        }
      } catch (IOException e) {
        throw localFailure(partial, "cannot read " + file, e);
      }
    }
    return missing;
  }

  private void fetchChunks(
      URI peer, Bytes32 stateHash, ChunkTree tree, Path partial, List<Integer> missing)
      throws TransferException {
    if (missing.isEmpty()) {
      return;
    }
    int parallel = Math.min(client.settings().parallelChunks(), missing.size());
    AtomicInteger next = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(parallel, chunkThreads(stateHash));
    try {
      List<Future<Void>> running = new ArrayList<>(parallel);
      for (int w = 0; w < parallel; w++) {
        running.add(
            workers.submit(
                () -> {
                  for (int k = next.getAndIncrement();
                      k < missing.size();
                      k = next.getAndIncrement()) {
                    int index = missing.get(k);
                    byte[] chunk = client.fetchChunk(peer, stateHash, tree, index);
                    writeAtomically(chunkFile(partial, index), chunk);
                  }
                  return null;
                }));
      }
      TransferException failure = null;
      for (Future<Void> worker : running) {
        try {
          worker.get();
        } catch (ExecutionException e) {
          // The first failure stops the others from taking new chunks; their verified ones stay.
          next.set(missing.size());
          if (failure == null) {
            failure =
                e.getCause() instanceof TransferException transfer
                    ? transfer
                    : new TransferException(Reason.IO, peer, "chunk fetch failed: " + e.getCause());
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransferException(Reason.IO, peer, "interrupted", e);
    } finally {
      workers.shutdownNow();
    }
  }

  private VerifiedState assemble(Bytes32 stateHash, ChunkTree tree, Path partial)
      throws TransferException {
    Path file = completeFile(stateHash);
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out =
        Files.newOutputStream(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE,
            StandardOpenOption.SYNC)) {
      for (int i = 0; i < tree.chunkCount(); i++) {
        byte[] chunk = Files.readAllBytes(chunkFile(partial, i));
        if (!tree.matches(i, chunk, 0, chunk.length)) {
          Files.delete(chunkFile(partial, i));
          throw new TransferException(
              Reason.LOCAL_STORAGE,
              partial.toUri(),
              "chunk " + i + " changed on disk after it was verified");
        }
        out.write(chunk);
      }
    } catch (IOException e) {
      throw localFailure(partial, "cannot assemble " + file, e);
    }
    move(temporary, file);
    deleteRecursively(partial);
    return new VerifiedState(stateHash, tree.length(), file);
  }

  private static Bytes32 hashFile(Path file, long length) throws IOException {
    List<Bytes32> leaves = new ArrayList<>((int) ChunkTree.chunkCount(length));
    byte[] chunk = new byte[ChunkTree.CHUNK_SIZE];
    try (InputStream in = Files.newInputStream(file)) {
      long remaining = length;
      do {
        int n = in.readNBytes(chunk, 0, (int) Math.min(chunk.length, remaining));
        leaves.add(StateHasher.leafHash(chunk, 0, n));
        remaining -= n;
        if (n == 0 && remaining > 0) {
          throw new IOException(file + " is shorter than " + length + " bytes");
        }
      } while (remaining > 0);
    }
    return new ChunkTree(length, leaves).stateHash();
  }

  private Path completeFile(Bytes32 stateHash) {
    return directory.resolve(stateHash.toUnprefixedHexString() + ".state");
  }

  private Path partialDirectory(Bytes32 stateHash) {
    return directory.resolve(stateHash.toUnprefixedHexString() + ".partial");
  }

  private static Path chunkFile(Path partial, int index) {
    return partial.resolve(index + ".chunk");
  }

  private static void writeAtomically(Path file, byte[] bytes) throws TransferException {
    Path temporary =
        file.resolveSibling(file.getFileName() + ".tmp-" + Thread.currentThread().threadId());
    try {
      Files.write(temporary, bytes);
    } catch (IOException e) {
      throw localFailure(file.getParent(), "cannot write " + file, e);
    }
    move(temporary, file);
  }

  private static void move(Path from, Path to) throws TransferException {
    try {
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw localFailure(to.getParent(), "cannot move " + from + " to " + to, e);
    }
  }

  private static void createDirectories(Path path, URI peer) throws TransferException {
    try {
      Files.createDirectories(path);
    } catch (IOException e) {
      throw localFailure(path, "cannot create " + path + " for a download from " + peer, e);
    }
  }

  private static void deleteRecursively(Path directory) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // Leftovers of a completed download cost disk only; existing() removes them next time.
    }
  }

  private static TransferException localFailure(Path where, String message, IOException e) {
    return new TransferException(Reason.LOCAL_STORAGE, where.toUri(), message + ": " + e, e);
  }

  private static java.util.concurrent.ThreadFactory chunkThreads(Bytes32 stateHash) {
    AtomicInteger counter = new AtomicInteger();
    String prefix = "state-download-" + stateHash.toUnprefixedHexString().substring(0, 8) + "-";
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
