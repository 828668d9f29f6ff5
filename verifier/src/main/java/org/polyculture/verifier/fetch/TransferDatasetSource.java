package org.polyculture.verifier.fetch;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.dataset.DatasetLimits;
import org.polyculture.transfer.TransferException;
import org.polyculture.transfer.client.DatasetDownloader;
import org.polyculture.transfer.client.PeerUris;
import org.polyculture.transfer.client.TransferClient;

/**
 * Datasets over node/transfer's HTTP: the manifest checked against the job's root and manifest
 * hash, each shard against the manifest, from the job's locations in order.
 */
public final class TransferDatasetSource implements DatasetSource {

  private final DatasetDownloader downloader;

  public TransferDatasetSource(TransferClient client) {
    this.downloader = new DatasetDownloader(client, DatasetLimits.DEFAULT);
  }

  @Override
  public FetchResult<Path> fetch(
      List<String> locations, Bytes32 root, Bytes32 manifestHash, Path directory) {
    List<URI> peers = locations.stream().map(PeerUris::parse).flatMap(Optional::stream).toList();
    if (peers.isEmpty()) {
      return FetchResult.failed(
          FetchFailure.UNREACHABLE, "the job names no http(s) location: " + locations);
    }
    try {
      downloader.download(peers, root, manifestHash, directory);
      return FetchResult.fetched(directory);
    } catch (TransferException e) {
      return TransferFailures.of(e);
    }
  }
}
