package org.polyculture.storage.dataset;

import java.util.OptionalLong;
import org.polyculture.protocol.dataset.DatasetLimits;

/**
 * How {@link DatasetPacker} cuts a dataset.
 *
 * @param shardSize the most bytes in a shard; every shard but the last has exactly this many
 * @param contextLength the model's context length, which sets the smallest default holdout
 * @param validationBytes the holdout, if not the default ({@link
 *     org.polyculture.protocol.dataset.DatasetManifest#defaultValidationBytes})
 * @param limits the limits the packed dataset must meet
 */
public record PackOptions(
    int shardSize, int contextLength, OptionalLong validationBytes, DatasetLimits limits) {

  /** 1 MiB shards. */
  public static final int DEFAULT_SHARD_SIZE = 1 << 20;

  public PackOptions {
    if (shardSize < 1 || shardSize > limits.maxShardSize()) {
      throw new IllegalArgumentException(
          "shard size must be 1.." + limits.maxShardSize() + " bytes, not " + shardSize);
    }
    if (contextLength < 1) {
      throw new IllegalArgumentException("context length must be positive: " + contextLength);
    }
    if (validationBytes.isPresent() && validationBytes.getAsLong() < 0) {
      throw new IllegalArgumentException(
          "validation holdout must not be negative: " + validationBytes.getAsLong());
    }
  }

  /** 1 MiB shards, the default holdout and {@link DatasetLimits#DEFAULT}. */
  public static PackOptions defaults(int contextLength) {
    return new PackOptions(
        DEFAULT_SHARD_SIZE, contextLength, OptionalLong.empty(), DatasetLimits.DEFAULT);
  }

  public PackOptions withShardSize(int bytes) {
    return new PackOptions(bytes, contextLength, validationBytes, limits);
  }

  public PackOptions withValidationBytes(long bytes) {
    return new PackOptions(shardSize, contextLength, OptionalLong.of(bytes), limits);
  }

  public PackOptions withLimits(DatasetLimits datasetLimits) {
    return new PackOptions(shardSize, contextLength, validationBytes, datasetLimits);
  }
}
