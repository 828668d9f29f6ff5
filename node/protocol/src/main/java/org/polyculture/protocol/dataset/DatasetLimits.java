package org.polyculture.protocol.dataset;

/**
 * Bounds on a dataset, so that a manifest from outside cannot make a node allocate or read without
 * limit.
 *
 * @param maxShards most shards a manifest may list
 * @param maxShardSize most bytes in one shard
 * @param maxTotalSize most bytes in the whole dataset
 */
public record DatasetLimits(int maxShards, long maxShardSize, long maxTotalSize) {

  /** 2^16 shards of up to 64 MiB, at most 1 TiB in all. */
  public static final DatasetLimits DEFAULT = new DatasetLimits(1 << 16, 64L << 20, 1L << 40);

  public DatasetLimits {
    if (maxShards < 1 || maxShardSize < 1 || maxTotalSize < 1) {
      throw new IllegalArgumentException(
          "dataset limits must be positive: "
              + maxShards
              + " shards, "
              + maxShardSize
              + " bytes a shard, "
              + maxTotalSize
              + " bytes in all");
    }
  }
}
