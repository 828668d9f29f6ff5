package org.polyculture.verifier.fetch;

import java.nio.file.Path;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;

/** Fetches a dataset by its root from the locations a job names. */
public interface DatasetSource {

  /**
   * Writes the dataset with root {@code root} and manifest hash {@code manifestHash} into {@code
   * directory} in the layout of {@code org.polyculture.storage.dataset.DatasetLayout} (manifest and
   * shards, each checked against its hash while fetched), trying the locations in order.
   */
  FetchResult<Path> fetch(
      List<String> locations, Bytes32 root, Bytes32 manifestHash, Path directory);
}
