package org.polyculture.protocol.dataset;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.ValidationResult;
import org.polyculture.protocol.crypto.AbiWords;
import org.polyculture.protocol.crypto.Keccak256;
import org.polyculture.protocol.merkle.KeccakMerkleTree;

/**
 * What a dataset is: its byte stream is the concatenation of its shards in index order; the last
 * {@code validationBytes} bytes of that stream are held out for validation and never trained on.
 * The dataset root is the {@link KeccakMerkleTree} root over the {@link ShardEntry#leaf() shard
 * leaves}, so a contract can check one shard with OpenZeppelin's {@code MerkleProof}.
 *
 * <p>A manifest read from outside may hold anything: call {@link #validate} before trusting it.
 *
 * @param formatVersion version of this format; {@link #FORMAT_VERSION} is the one this node writes
 * @param shards the shards in index order
 * @param totalSize bytes in the whole dataset (sum of the shard sizes)
 * @param validationBytes trailing bytes held out for validation
 * @param root dataset root over the shard leaves
 */
public record DatasetManifest(
    int formatVersion,
    List<ShardEntry> shards,
    long totalSize,
    long validationBytes,
    Bytes32 root) {

  public static final int FORMAT_VERSION = 1;

  /** Share of the dataset held out for validation by default: 1/20 (5%). */
  public static final int DEFAULT_HOLDOUT_DIVISOR = 20;

  /** Domain tag of {@link #manifestHash()}: keccak256("polyculture.dataset-manifest.v1"). */
  private static final Bytes32 MANIFEST_DOMAIN =
      Keccak256.hash(
          Bytes.wrap("polyculture.dataset-manifest.v1".getBytes(StandardCharsets.US_ASCII)));

  public DatasetManifest {
    shards = List.copyOf(shards);
    Objects.requireNonNull(root, "root");
  }

  /** A current-version manifest over {@code shards}, with its total size and root computed. */
  public static DatasetManifest of(List<ShardEntry> shards, long validationBytes) {
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("a dataset has at least one shard");
    }
    long total = 0;
    for (ShardEntry shard : shards) {
      total = Math.addExact(total, shard.size());
    }
    return new DatasetManifest(FORMAT_VERSION, shards, total, validationBytes, rootOf(shards));
  }

  /**
   * The default holdout for a dataset of {@code totalSize} bytes and a model reading {@code
   * contextLength} tokens: 5% of the bytes (rounded up), but at least one validation sample ({@code
   * contextLength + 1} bytes: the context and the byte after it).
   *
   * @throws IllegalArgumentException when the dataset is too small to leave a training sample of
   *     the same length beside the holdout
   */
  public static long defaultValidationBytes(long totalSize, int contextLength) {
    if (contextLength < 1) {
      throw new IllegalArgumentException("context length must be positive: " + contextLength);
    }
    if (totalSize < 1) {
      throw new IllegalArgumentException("a dataset has at least one byte, not " + totalSize);
    }
    long sample = contextLength + 1L;
    long holdout = Math.max(Math.ceilDiv(totalSize, DEFAULT_HOLDOUT_DIVISOR), sample);
    if (totalSize - holdout < sample) {
      throw new IllegalArgumentException(
          "a dataset of "
              + totalSize
              + " bytes is too small for context length "
              + contextLength
              + ": it needs at least "
              + (holdout + sample)
              + " bytes");
    }
    return holdout;
  }

  /** The dataset root over {@code shards} (which must have non-negative indices and sizes). */
  public static Bytes32 rootOf(List<ShardEntry> shards) {
    List<Bytes32> leaves = new ArrayList<>(shards.size());
    for (ShardEntry shard : shards) {
      leaves.add(shard.leaf());
    }
    return KeccakMerkleTree.rootOf(leaves);
  }

  /** Checks every rule of the format against {@code limits}, cheapest first. */
  public ValidationResult<ManifestRejection> validate(DatasetLimits limits) {
    return checkVersion()
        .and(() -> checkShardCount(limits))
        .and(() -> checkShardSizes(limits))
        .and(this::checkIndices)
        .and(() -> checkTotal(limits))
        .and(this::checkHoldout)
        .and(this::checkRoot);
  }

  /** The bytes a training step may sample from: {@code [0, totalSize - validationBytes)}. */
  public long trainingBytes() {
    return totalSize - validationBytes;
  }

  /**
   * A hash of everything that defines the dataset: {@code keccak256(abi.encode(bytes32 domain,
   * uint32 formatVersion, bytes32 root, uint64 totalSize, uint64 validationBytes))}, where domain
   * is {@code keccak256("polyculture.dataset-manifest.v1")}. The shard list is committed through
   * the root. A job pins a dataset by this hash (the root alone leaves the holdout open).
   */
  public Bytes32 manifestHash() {
    return Keccak256.hash(canonicalBytes());
  }

  /** The bytes {@link #manifestHash()} hashes: five ABI words. */
  public Bytes canonicalBytes() {
    return AbiWords.encode(
        MANIFEST_DOMAIN,
        AbiWords.uint(formatVersion),
        root,
        AbiWords.uint(totalSize),
        AbiWords.uint(validationBytes));
  }

  private ValidationResult<ManifestRejection> checkVersion() {
    if (formatVersion != FORMAT_VERSION) {
      return ValidationResult.invalid(
          ManifestRejection.UNSUPPORTED_VERSION,
          "manifest format version "
              + formatVersion
              + " is not supported (this node reads "
              + FORMAT_VERSION
              + ")");
    }
    return ValidationResult.valid();
  }

  private ValidationResult<ManifestRejection> checkShardCount(DatasetLimits limits) {
    if (shards.isEmpty()) {
      return ValidationResult.invalid(ManifestRejection.EMPTY, "the manifest lists no shards");
    }
    if (shards.size() > limits.maxShards()) {
      return ValidationResult.invalid(
          ManifestRejection.TOO_MANY_SHARDS,
          "the manifest lists "
              + shards.size()
              + " shards; at most "
              + limits.maxShards()
              + " are allowed");
    }
    return ValidationResult.valid();
  }

  private ValidationResult<ManifestRejection> checkShardSizes(DatasetLimits limits) {
    for (int i = 0; i < shards.size(); i++) {
      long size = shards.get(i).size();
      if (size < 1) {
        return ValidationResult.invalid(
            ManifestRejection.EMPTY_SHARD,
            "shard at position " + i + " has size " + size + "; a shard holds at least one byte");
      }
      if (size > limits.maxShardSize()) {
        return ValidationResult.invalid(
            ManifestRejection.SHARD_TOO_LARGE,
            "shard at position "
                + i
                + " has "
                + size
                + " bytes; at most "
                + limits.maxShardSize()
                + " are allowed");
      }
    }
    return ValidationResult.valid();
  }

  private ValidationResult<ManifestRejection> checkIndices() {
    int count = shards.size();
    BitSet seen = new BitSet(count);
    for (ShardEntry shard : shards) {
      int index = shard.index();
      if (index < 0 || index >= count) {
        return ValidationResult.invalid(
            ManifestRejection.MISSING_INDEX,
            "shard index "
                + index
                + " is outside 0.."
                + (count - 1)
                + ", so shard "
                + firstMissing(count)
                + " is missing");
      }
      if (seen.get(index)) {
        return ValidationResult.invalid(
            ManifestRejection.DUPLICATE_INDEX, "shard index " + index + " appears twice");
      }
      seen.set(index);
    }
    for (int i = 0; i < count; i++) {
      if (shards.get(i).index() != i) {
        return ValidationResult.invalid(
            ManifestRejection.OUT_OF_ORDER,
            "shard at position " + i + " has index " + shards.get(i).index() + ", not " + i);
      }
    }
    return ValidationResult.valid();
  }

  private int firstMissing(int count) {
    BitSet present = new BitSet(count);
    for (ShardEntry shard : shards) {
      if (shard.index() >= 0 && shard.index() < count) {
        present.set(shard.index());
      }
    }
    return present.nextClearBit(0);
  }

  private ValidationResult<ManifestRejection> checkTotal(DatasetLimits limits) {
    long sum = 0;
    for (ShardEntry shard : shards) {
      // Sizes are positive here; comparing before adding cannot overflow.
      if (shard.size() > limits.maxTotalSize() - sum) {
        return ValidationResult.invalid(
            ManifestRejection.TOTAL_TOO_LARGE,
            "the shards hold more than " + limits.maxTotalSize() + " bytes, the most allowed");
      }
      sum += shard.size();
    }
    if (totalSize != sum) {
      return ValidationResult.invalid(
          ManifestRejection.SIZE_MISMATCH,
          "total size " + totalSize + " is not the sum of the shard sizes, " + sum);
    }
    return ValidationResult.valid();
  }

  private ValidationResult<ManifestRejection> checkHoldout() {
    if (validationBytes < 0 || validationBytes >= totalSize) {
      return ValidationResult.invalid(
          ManifestRejection.INVALID_HOLDOUT,
          "validation holdout of "
              + validationBytes
              + " bytes must be at least 0 and less than the total size, "
              + totalSize);
    }
    return ValidationResult.valid();
  }

  private ValidationResult<ManifestRejection> checkRoot() {
    Bytes32 expected = rootOf(shards);
    if (!expected.equals(root)) {
      return ValidationResult.invalid(
          ManifestRejection.ROOT_MISMATCH,
          "dataset root " + root.toHexString() + " is not the root of the shards, " + expected);
    }
    return ValidationResult.valid();
  }
}
