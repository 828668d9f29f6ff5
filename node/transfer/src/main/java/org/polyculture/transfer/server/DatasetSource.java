package org.polyculture.transfer.server;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** Where a server finds the datasets it serves, by dataset root. */
public interface DatasetSource {

  /** The {@code manifest.json} bytes of the dataset with this root. */
  Optional<Bytes> manifest(Bytes32 datasetRoot);

  /** The file of a shard of that dataset, by the shard's SHA-256. */
  Optional<ShardFile> shard(Bytes32 datasetRoot, Bytes32 sha256);

  /** A shard on disk and its size as the manifest lists it. */
  record ShardFile(Path path, long size) {}

  static DatasetSource none() {
    return new DatasetSource() {
      @Override
      public Optional<Bytes> manifest(Bytes32 datasetRoot) {
        return Optional.empty();
      }

      @Override
      public Optional<ShardFile> shard(Bytes32 datasetRoot, Bytes32 sha256) {
        return Optional.empty();
      }
    };
  }
}
