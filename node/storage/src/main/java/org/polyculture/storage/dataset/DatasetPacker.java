package org.polyculture.storage.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.ValidationResult;
import org.polyculture.protocol.crypto.Sha256;
import org.polyculture.protocol.dataset.DatasetManifest;
import org.polyculture.protocol.dataset.ManifestRejection;
import org.polyculture.protocol.dataset.ShardEntry;

/**
 * Packs text files a community provides into a dataset directory: the files' bytes are concatenated
 * in the given order and cut into shards of {@link PackOptions#shardSize()} bytes (the last may be
 * shorter), written to {@code DIR/shards/<sha256>.bin}, then {@code DIR/manifest.json} is written
 * last, so a directory with a manifest is complete. Files are read as a stream; memory use is one
 * shard.
 */
public final class DatasetPacker {

  private final PackOptions options;

  public DatasetPacker(PackOptions options) {
    this.options = options;
  }

  /**
   * Packs {@code inputs} into {@code directory}.
   *
   * @throws DatasetException {@code EMPTY_INPUT}, {@code INPUT_UNREADABLE}, {@code OUTPUT_EXISTS},
   *     {@code TOO_SMALL}, {@code TOO_LARGE} or {@code IO_FAILURE}
   */
  public PackReport pack(List<Path> inputs, Path directory) {
    if (inputs.isEmpty()) {
      throw new DatasetException(DatasetException.Reason.EMPTY_INPUT, directory, "no input files");
    }
    Path manifestFile = DatasetLayout.manifest(directory);
    if (Files.exists(manifestFile)) {
      throw new DatasetException(
          DatasetException.Reason.OUTPUT_EXISTS,
          manifestFile,
          "a dataset is already packed here; choose an empty directory");
    }
    long expected = checkInputs(inputs, directory);
    long validationBytes = validationBytes(expected, directory);
    try {
      Files.createDirectories(DatasetLayout.shards(directory));
    } catch (IOException e) {
      throw ioFailure(directory, "cannot create the dataset directory", e);
    }

    ShardWriter shards = new ShardWriter(directory);
    List<PackReport.PackedInput> packed = new ArrayList<>();
    for (Path input : inputs) {
      long offset = shards.total();
      try (InputStream in = Files.newInputStream(input)) {
        shards.append(in);
      } catch (IOException e) {
        throw new DatasetException(
            DatasetException.Reason.INPUT_UNREADABLE, input, "cannot read input: " + e, e);
      }
      packed.add(new PackReport.PackedInput(input, offset, shards.total() - offset));
    }
    shards.finish();
    if (shards.total() != expected) {
      throw new DatasetException(
          DatasetException.Reason.SIZE_MISMATCH,
          directory,
          "the input files changed while they were packed ("
              + expected
              + " bytes before, "
              + shards.total()
              + " read)");
    }

    DatasetManifest manifest = DatasetManifest.of(shards.entries(), validationBytes);
    ValidationResult<ManifestRejection> validity = manifest.validate(options.limits());
    if (validity instanceof ValidationResult.Invalid<ManifestRejection>(var reason, var message)) {
      throw new DatasetException(
          reason == ManifestRejection.INVALID_HOLDOUT
              ? DatasetException.Reason.TOO_SMALL
              : DatasetException.Reason.TOO_LARGE,
          directory,
          message);
    }
    writeAtomically(manifestFile, DatasetManifestJson.write(manifest));
    return new PackReport(manifest, directory, packed);
  }

  /** The total size of the inputs, checked against the limits before anything is written. */
  private long checkInputs(List<Path> inputs, Path directory) {
    long total = 0;
    for (Path input : inputs) {
      if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
        throw new DatasetException(
            DatasetException.Reason.INPUT_UNREADABLE, input, "not a readable file");
      }
      long size;
      try {
        size = Files.size(input);
      } catch (IOException e) {
        throw new DatasetException(
            DatasetException.Reason.INPUT_UNREADABLE, input, "cannot read its size: " + e, e);
      }
      if (size > options.limits().maxTotalSize() - total) {
        throw new DatasetException(
            DatasetException.Reason.TOO_LARGE,
            input,
            "the inputs hold more than " + options.limits().maxTotalSize() + " bytes");
      }
      total += size;
    }
    if (total == 0) {
      throw new DatasetException(
          DatasetException.Reason.EMPTY_INPUT, directory, "the input files are all empty");
    }
    long shards = Math.ceilDiv(total, options.shardSize());
    if (shards > options.limits().maxShards()) {
      throw new DatasetException(
          DatasetException.Reason.TOO_LARGE,
          directory,
          total
              + " bytes make "
              + shards
              + " shards of "
              + options.shardSize()
              + " bytes; at most "
              + options.limits().maxShards()
              + " are allowed: use larger shards");
    }
    return total;
  }

  private long validationBytes(long total, Path directory) {
    if (options.validationBytes().isPresent()) {
      long holdout = options.validationBytes().getAsLong();
      if (holdout >= total) {
        throw new DatasetException(
            DatasetException.Reason.TOO_SMALL,
            directory,
            "a holdout of " + holdout + " bytes leaves nothing of " + total + " bytes to train on");
      }
      return holdout;
    }
    try {
      return DatasetManifest.defaultValidationBytes(total, options.contextLength());
    } catch (IllegalArgumentException e) {
      throw new DatasetException(DatasetException.Reason.TOO_SMALL, directory, e.getMessage(), e);
    }
  }

  private static void writeAtomically(Path file, byte[] bytes) {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.write(temporary, bytes);
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw ioFailure(file, "cannot write", e);
    }
  }

  private static DatasetException ioFailure(Path file, String what, IOException e) {
    return new DatasetException(DatasetException.Reason.IO_FAILURE, file, what + ": " + e, e);
  }

  /** Cuts the stream into shards and writes each as it fills. */
  private final class ShardWriter {
    private final Path directory;
    private final byte[] buffer = new byte[options.shardSize()];
    private final List<ShardEntry> entries = new ArrayList<>();
    private int filled;
    private long total;

    ShardWriter(Path directory) {
      this.directory = directory;
    }

    void append(InputStream in) throws IOException {
      while (true) {
        int read = in.read(buffer, filled, buffer.length - filled);
        if (read < 0) {
          return;
        }
        filled += read;
        total += read;
        if (filled == buffer.length) {
          flush();
        }
      }
    }

    void finish() {
      if (filled > 0) {
        flush();
      }
    }

    long total() {
      return total;
    }

    List<ShardEntry> entries() {
      return entries;
    }

    private void flush() {
      MessageDigest digest = Sha256.newDigest();
      digest.update(buffer, 0, filled);
      Bytes32 sha256 = Bytes32.wrap(digest.digest());
      Path file = DatasetLayout.shard(directory, sha256);
      // Identical shards share one file; one left by an earlier, interrupted run is rewritten.
      byte[] bytes = java.util.Arrays.copyOf(buffer, filled);
      writeAtomically(file, bytes);
      entries.add(new ShardEntry(entries.size(), sha256, filled));
      filled = 0;
    }
  }
}
