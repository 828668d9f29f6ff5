package org.polyculture.protocol.dataset;

/** Why a {@link DatasetManifest} is not valid. */
public enum ManifestRejection {
  /** The format version is not one this node reads. */
  UNSUPPORTED_VERSION,
  /** The manifest lists no shards. */
  EMPTY,
  /** A shard has no bytes. */
  EMPTY_SHARD,
  /** Two shards have the same index. */
  DUPLICATE_INDEX,
  /** An index between 0 and the shard count is missing (so another lies outside it). */
  MISSING_INDEX,
  /** The shards are not listed in index order. */
  OUT_OF_ORDER,
  /** The total size is not the sum of the shard sizes. */
  SIZE_MISMATCH,
  /** The validation holdout is negative or leaves no training bytes. */
  INVALID_HOLDOUT,
  /** The dataset root is not the root of the shard leaves. */
  ROOT_MISMATCH,
  /** More shards than the limits allow. */
  TOO_MANY_SHARDS,
  /** A shard larger than the limits allow. */
  SHARD_TOO_LARGE,
  /** More bytes in all than the limits allow. */
  TOTAL_TOO_LARGE
}
