package org.polyculture.storage.lmdb;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how large an LMDB store is.
 *
 * @param directory the store's directory (created if missing); holds {@code data.mdb} and {@code
 *     lock.mdb}
 * @param mapSize the most bytes the store may ever hold. LMDB reserves this much address space, not
 *     disk: the data file grows only as data is written (it is sparse), so a large value costs
 *     nothing. Writes beyond it fail with {@code StorageFullException}; reopen with a larger value.
 * @param maxColumns the most columns (LMDB named databases) the store may have
 */
public record LmdbConfig(Path directory, long mapSize, int maxColumns) {

  /** 1 TiB of address space: never the limit in practice. */
  public static final long DEFAULT_MAP_SIZE = 1L << 40;

  public static final int DEFAULT_MAX_COLUMNS = 128;

  /** At least a few pages for LMDB's meta pages and one tree. */
  public static final long MIN_MAP_SIZE = 64L << 10;

  public LmdbConfig {
    Objects.requireNonNull(directory, "directory");
    if (mapSize < MIN_MAP_SIZE) {
      throw new IllegalArgumentException(
          "LMDB map size must be at least " + MIN_MAP_SIZE + " bytes, not " + mapSize);
    }
    if (maxColumns < 1 || maxColumns > 32_767) {
      throw new IllegalArgumentException("max columns must be 1..32767, not " + maxColumns);
    }
  }

  /** The defaults, at {@code directory}. */
  public static LmdbConfig at(Path directory) {
    return new LmdbConfig(directory, DEFAULT_MAP_SIZE, DEFAULT_MAX_COLUMNS);
  }

  public LmdbConfig withMapSize(long bytes) {
    return new LmdbConfig(directory, bytes, maxColumns);
  }

  public LmdbConfig withMaxColumns(int columns) {
    return new LmdbConfig(directory, mapSize, columns);
  }
}
