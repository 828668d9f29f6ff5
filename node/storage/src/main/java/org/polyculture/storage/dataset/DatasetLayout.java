package org.polyculture.storage.dataset;

import java.nio.file.Path;
import org.apache.tuweni.bytes.Bytes32;

/** Where a dataset's files are: {@code DIR/manifest.json} and {@code DIR/shards/<sha256>.bin}. */
public final class DatasetLayout {

  public static final String MANIFEST_FILE = "manifest.json";
  public static final String SHARDS_DIRECTORY = "shards";

  private DatasetLayout() {}

  public static Path manifest(Path directory) {
    return directory.resolve(MANIFEST_FILE);
  }

  public static Path shards(Path directory) {
    return directory.resolve(SHARDS_DIRECTORY);
  }

  /** The file of a shard, named by the lowercase hex of its SHA-256. */
  public static Path shard(Path directory, Bytes32 sha256) {
    return shards(directory).resolve(sha256.toUnprefixedHexString() + ".bin");
  }
}
