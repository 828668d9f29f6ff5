package org.polyculture.transfer.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.dataset.DatasetManifest;
import org.polyculture.protocol.dataset.ShardEntry;
import org.polyculture.storage.dataset.DatasetLayout;
import org.polyculture.storage.dataset.DatasetReader;

/**
 * Serves dataset directories in the packer's layout ({@code manifest.json}, {@code
 * shards/<sha256>.bin}). A directory is added only after its manifest reads and validates, so the
 * server never announces a dataset it cannot describe; shard files are served as they are (the
 * client checks them against the manifest).
 */
public final class DirectoryDatasetSource implements DatasetSource {

  private final DatasetReader reader;
  private final Map<Bytes32, Served> datasets = new ConcurrentHashMap<>();

  public DirectoryDatasetSource(DatasetReader reader) {
    this.reader = reader;
  }

  /**
   * Serves the dataset in {@code directory} from now on.
   *
   * @return its root
   * @throws org.polyculture.storage.dataset.DatasetException if its manifest is missing or invalid
   */
  public Bytes32 add(Path directory) {
    DatasetManifest manifest = reader.readManifest(directory);
    Bytes manifestBytes;
    try {
      manifestBytes = Bytes.wrap(Files.readAllBytes(DatasetLayout.manifest(directory)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the manifest in " + directory, e);
    }
    Map<Bytes32, Long> shards = new HashMap<>();
    for (ShardEntry shard : manifest.shards()) {
      shards.put(shard.sha256(), shard.size());
    }
    datasets.put(manifest.root(), new Served(directory, manifestBytes, Map.copyOf(shards)));
    return manifest.root();
  }

  @Override
  public Optional<Bytes> manifest(Bytes32 datasetRoot) {
    return Optional.ofNullable(datasets.get(datasetRoot)).map(Served::manifest);
  }

  @Override
  public Optional<ShardFile> shard(Bytes32 datasetRoot, Bytes32 sha256) {
    Served served = datasets.get(datasetRoot);
    if (served == null || !served.shards().containsKey(sha256)) {
      return Optional.empty();
    }
    Path file = DatasetLayout.shard(served.directory(), sha256);
    return Files.isRegularFile(file)
        ? Optional.of(new ShardFile(file, served.shards().get(sha256)))
        : Optional.empty();
  }

  private record Served(Path directory, Bytes manifest, Map<Bytes32, Long> shards) {}
}
