package org.polyculture.storage.dataset;

import java.nio.file.Path;
import java.util.List;
import org.polyculture.protocol.dataset.DatasetManifest;

/**
 * What {@link DatasetPacker} packed.
 *
 * @param manifest the dataset's manifest, as written
 * @param directory the dataset directory
 * @param inputs where each input file landed in the dataset's byte stream
 */
public record PackReport(DatasetManifest manifest, Path directory, List<PackedInput> inputs) {

  public PackReport {
    inputs = List.copyOf(inputs);
  }

  /**
   * One input file's place in the byte stream.
   *
   * @param file the input file
   * @param offset where its first byte is in the dataset
   * @param size its number of bytes
   */
  public record PackedInput(Path file, long offset, long size) {}

  /** One line for a person: what was packed where. */
  public String summary() {
    return String.format(
        "packed %d file(s), %,d bytes, into %d shard(s) in %s; %,d bytes held out for validation;"
            + " root %s; manifest hash %s",
        inputs.size(),
        manifest.totalSize(),
        manifest.shards().size(),
        directory,
        manifest.validationBytes(),
        manifest.root().toHexString(),
        manifest.manifestHash().toHexString());
  }
}
