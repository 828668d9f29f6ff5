package org.polyculture.storage.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.ValidationResult;
import org.polyculture.protocol.crypto.Sha256;
import org.polyculture.protocol.dataset.DatasetLimits;
import org.polyculture.protocol.dataset.DatasetManifest;
import org.polyculture.protocol.dataset.ManifestRejection;
import org.polyculture.protocol.dataset.ShardEntry;

/**
 * Loads a dataset directory written by {@link DatasetPacker} (or anyone following docs/protocol.md)
 * and trusts nothing in it: the manifest must parse strictly and validate, its {@code manifestHash}
 * must match, and every shard must have the listed size and SHA-256. Every failure is a {@link
 * DatasetException} naming the file.
 */
public final class DatasetReader {

  /** The most bytes one dataset may have when held in memory (a Java array's limit). */
  public static final long MAX_IN_MEMORY_BYTES = Integer.MAX_VALUE - 8;

  private final DatasetLimits limits;

  /** A reader enforcing {@code limits} (and at most {@link #MAX_IN_MEMORY_BYTES} in all). */
  public DatasetReader(DatasetLimits limits) {
    this.limits =
        new DatasetLimits(
            limits.maxShards(),
            Math.min(limits.maxShardSize(), MAX_IN_MEMORY_BYTES),
            Math.min(limits.maxTotalSize(), MAX_IN_MEMORY_BYTES));
  }

  /** A reader with {@link DatasetLimits#DEFAULT}, capped to what fits in memory. */
  public static DatasetReader withDefaultLimits() {
    return new DatasetReader(DatasetLimits.DEFAULT);
  }

  /** Reads and checks the manifest and every shard. */
  public LoadedDataset read(Path directory) {
    DatasetManifest manifest = readManifest(directory);
    byte[] tokens = new byte[(int) manifest.totalSize()];
    int offset = 0;
    for (ShardEntry shard : manifest.shards()) {
      readShard(directory, shard, tokens, offset);
      offset += (int) shard.size();
    }
    return new LoadedDataset(manifest, Bytes.wrap(tokens));
  }

  /** Reads and checks the manifest alone (not the shards). */
  public DatasetManifest readManifest(Path directory) {
    Path file = DatasetLayout.manifest(directory);
    byte[] json = readManifestBytes(file);
    DatasetManifestJson.Parsed parsed = DatasetManifestJson.parse(json, file);
    DatasetManifest manifest = parsed.manifest();
    ValidationResult<ManifestRejection> validity = manifest.validate(limits);
    if (validity instanceof ValidationResult.Invalid<ManifestRejection>(var reason, var message)) {
      throw new DatasetException(reasonFor(reason), file, message);
    }
    if (!manifest.manifestHash().equals(parsed.declaredManifestHash())) {
      throw new DatasetException(
          DatasetException.Reason.MANIFEST_HASH_MISMATCH,
          file,
          "manifestHash "
              + parsed.declaredManifestHash().toHexString()
              + " does not match the manifest's fields, which hash to "
              + manifest.manifestHash().toHexString());
    }
    return manifest;
  }

  private static byte[] readManifestBytes(Path file) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new DatasetException(
          DatasetException.Reason.MISSING_MANIFEST,
          file,
          Files.exists(file, LinkOption.NOFOLLOW_LINKS)
              ? "the manifest is not a regular file"
              : "no dataset manifest here");
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] json = in.readNBytes(DatasetManifestJson.MAX_MANIFEST_BYTES + 1);
      if (json.length > DatasetManifestJson.MAX_MANIFEST_BYTES) {
        throw new DatasetException(
            DatasetException.Reason.TOO_LARGE,
            file,
            "manifest is larger than " + DatasetManifestJson.MAX_MANIFEST_BYTES + " bytes");
      }
      return json;
    } catch (NoSuchFileException e) {
      throw new DatasetException(
          DatasetException.Reason.MISSING_MANIFEST, file, "no dataset manifest here", e);
    } catch (IOException e) {
      throw new DatasetException(
          DatasetException.Reason.IO_FAILURE, file, "cannot read the manifest: " + e, e);
    }
  }

  private static void readShard(Path directory, ShardEntry shard, byte[] into, int offset) {
    Path file = DatasetLayout.shard(directory, shard.sha256());
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new DatasetException(
          DatasetException.Reason.SHARD_MISSING,
          file,
          "shard " + shard.index() + " is missing (or not a regular file)");
    }
    int size = (int) shard.size();
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      int read = in.readNBytes(into, offset, size);
      boolean longer = read == size && in.read() != -1;
      if (read != size || longer) {
        throw new DatasetException(
            DatasetException.Reason.SIZE_MISMATCH,
            file,
            "shard "
                + shard.index()
                + " should have "
                + size
                + " bytes but has "
                + (longer ? "more" : Integer.toString(read)));
      }
    } catch (IOException e) {
      throw new DatasetException(
          DatasetException.Reason.IO_FAILURE,
          file,
          "cannot read shard " + shard.index() + ": " + e,
          e);
    }
    MessageDigest digest = Sha256.newDigest();
    digest.update(into, offset, size);
    Bytes32 actual = Bytes32.wrap(digest.digest());
    if (!actual.equals(shard.sha256())) {
      throw new DatasetException(
          DatasetException.Reason.SHARD_HASH_MISMATCH,
          file,
          "shard "
              + shard.index()
              + " has SHA-256 "
              + actual.toHexString()
              + ", not the listed "
              + shard.sha256().toHexString());
    }
  }

  private static DatasetException.Reason reasonFor(ManifestRejection rejection) {
    return switch (rejection) {
      case UNSUPPORTED_VERSION -> DatasetException.Reason.UNSUPPORTED_VERSION;
      case SIZE_MISMATCH -> DatasetException.Reason.SIZE_MISMATCH;
      case ROOT_MISMATCH -> DatasetException.Reason.ROOT_MISMATCH;
      case TOO_MANY_SHARDS, SHARD_TOO_LARGE, TOTAL_TOO_LARGE -> DatasetException.Reason.TOO_LARGE;
      case EMPTY, EMPTY_SHARD, DUPLICATE_INDEX, MISSING_INDEX, OUT_OF_ORDER, INVALID_HOLDOUT ->
          DatasetException.Reason.INVALID_MANIFEST;
    };
  }
}
