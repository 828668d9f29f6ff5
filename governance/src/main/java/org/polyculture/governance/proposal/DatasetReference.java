package org.polyculture.governance.proposal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.dataset.DatasetManifest;

/**
 * The dataset a job trains on: its root and manifest hash (what the job commits to; the manifest
 * hash also pins the held-out share), its size, and where workers fetch the manifest and shards by
 * content hash ({@code GET {location}/v1/datasets/{root}/manifest}, docs/transfer.md).
 *
 * @param locations base URLs (http or https) of nodes serving the dataset, 1 to {@link
 *     #MAX_LOCATIONS}, each at most {@link #MAX_LOCATION_BYTES} bytes (the ledger's bounds)
 */
public record DatasetReference(
    Bytes32 root, Bytes32 manifestHash, long totalBytes, List<URI> locations) {

  public static final int MAX_LOCATIONS = 8;
  public static final int MAX_LOCATION_BYTES = 256;

  public DatasetReference {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(manifestHash, "manifestHash");
    locations = List.copyOf(locations);
  }

  /** The reference to a validated manifest served at {@code locations}. */
  public static DatasetReference of(DatasetManifest manifest, List<URI> locations) {
    return new DatasetReference(
        manifest.root(), manifest.manifestHash(), manifest.totalSize(), locations);
  }

  /** Problems with the reference (empty when it is acceptable). */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (manifestHash.isZero()) {
      problems.add("the dataset manifest hash is required");
    }
    if (locations.isEmpty()) {
      problems.add("the dataset needs at least one location where workers can fetch it");
    }
    if (locations.size() > MAX_LOCATIONS) {
      problems.add("at most " + MAX_LOCATIONS + " dataset locations, not " + locations.size());
    }
    if (totalBytes < 1) {
      problems.add("the dataset size must be positive: " + totalBytes);
    }
    for (URI location : locations) {
      String scheme = location.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        problems.add("dataset location is not an http(s) URL: " + location);
      } else if (location.getHost() == null) {
        problems.add("dataset location has no host: " + location);
      } else if (location.toString().getBytes(StandardCharsets.UTF_8).length > MAX_LOCATION_BYTES) {
        problems.add("dataset location is longer than " + MAX_LOCATION_BYTES + " bytes");
      } else if (location.getRawUserInfo() != null) {
        problems.add("dataset location must not carry credentials: " + location.getHost());
      }
    }
    return problems;
  }
}
