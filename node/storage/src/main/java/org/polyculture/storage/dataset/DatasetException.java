package org.polyculture.storage.dataset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Packing or reading a dataset failed. The {@link #reason()} says why; the message names the file
 * and what was wrong with it.
 */
public final class DatasetException extends RuntimeException {

  /** Why a dataset could not be packed or read. */
  public enum Reason {
    /** {@code manifest.json} is not there. */
    MISSING_MANIFEST,
    /** {@code manifest.json} is not the JSON the format requires. */
    MALFORMED_MANIFEST,
    /** The manifest's format version is not one this node reads. */
    UNSUPPORTED_VERSION,
    /** The manifest breaks a rule of the format (indices, empty shard, holdout). */
    INVALID_MANIFEST,
    /** A shard file named by the manifest is not there (or is not a regular file). */
    SHARD_MISSING,
    /** A shard's bytes do not have the SHA-256 the manifest lists. */
    SHARD_HASH_MISMATCH,
    /** A shard file, or the manifest's total, has the wrong size. */
    SIZE_MISMATCH,
    /** The manifest's dataset root is not the root of its shards. */
    ROOT_MISMATCH,
    /** The manifest's {@code manifestHash} does not match its fields. */
    MANIFEST_HASH_MISMATCH,
    /** A file, shard or the dataset exceeds the reader's or packer's limits. */
    TOO_LARGE,
    /** The dataset is too small to hold out validation bytes for the context length. */
    TOO_SMALL,
    /** Nothing to pack: no input files, or only empty ones. */
    EMPTY_INPUT,
    /** An input file could not be read. */
    INPUT_UNREADABLE,
    /** The output directory already holds a dataset. */
    OUTPUT_EXISTS,
    /** The file system failed. */
    IO_FAILURE
  }

  private final Reason reason;
  private final Path file;

  public DatasetException(Reason reason, Path file, String message) {
    this(reason, file, message, null);
  }

  public DatasetException(Reason reason, Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.file = Objects.requireNonNull(file, "file");
  }

  public Reason reason() {
    return reason;
  }

  /** The file (or directory) the failure is about. */
  public Path file() {
    return file;
  }
}
