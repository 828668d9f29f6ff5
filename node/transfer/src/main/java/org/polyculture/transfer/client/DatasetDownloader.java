package org.polyculture.transfer.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.crypto.Sha256;
import org.polyculture.protocol.dataset.DatasetLimits;
import org.polyculture.protocol.dataset.DatasetManifest;
import org.polyculture.protocol.dataset.ShardEntry;
import org.polyculture.storage.dataset.DatasetException;
import org.polyculture.storage.dataset.DatasetLayout;
import org.polyculture.storage.dataset.DatasetManifestJson;
import org.polyculture.storage.dataset.DatasetReader;
import org.polyculture.transfer.TransferException;
import org.polyculture.transfer.TransferException.Reason;

/**
 * Downloads a dataset by root into a directory in the packer's layout, resumably: the manifest is
 * fetched first and must have the root asked for and the manifest hash the job pins; then each
 * shard not already there (and intact) is fetched, checked against its SHA-256 and size, and
 * written; the manifest is written last, so a directory with a manifest is complete (as {@link
 * org.polyculture.storage.dataset.DatasetPacker} leaves it) and {@link DatasetReader} reads it.
 * Shards are fetched one at a time: at most one shard ({@link DatasetLimits#maxShardSize()}) is in
 * memory.
 */
public final class DatasetDownloader {

  private final TransferClient client;
  private final DatasetLimits limits;

  public DatasetDownloader(TransferClient client, DatasetLimits limits) {
    this.client = client;
    this.limits = limits;
  }

  /**
   * The dataset with {@code datasetRoot} and {@code manifestHash} in {@code directory}, fetched
   * from {@code peers} (each shard from the first peer that serves it intact).
   *
   * @return its manifest
   * @throws TransferException when no peer serves the manifest or some shard
   */
  public DatasetManifest download(
      List<URI> peers, Bytes32 datasetRoot, Bytes32 manifestHash, Path directory)
      throws TransferException {
    if (peers.isEmpty()) {
      throw new IllegalArgumentException("no peer to download dataset " + datasetRoot + " from");
    }
    Optional<DatasetManifest> complete = existing(directory, datasetRoot, manifestHash);
    if (complete.isPresent()) {
      return complete.get();
    }
    DatasetManifest manifest = manifest(peers, datasetRoot, manifestHash);
    try {
      Files.createDirectories(DatasetLayout.shards(directory));
    } catch (IOException e) {
      throw local(directory, "cannot create " + directory, e);
    }
    for (ShardEntry shard : manifest.shards()) {
      Path file = DatasetLayout.shard(directory, shard.sha256());
      if (!intact(file, shard)) {
        write(file, shard(peers, datasetRoot, shard), directory);
      }
    }
    write(DatasetLayout.manifest(directory), DatasetManifestJson.write(manifest), directory);
    return manifest;
  }

  /** The dataset already in {@code directory}, if it is complete, intact and the one asked for. */
  public Optional<DatasetManifest> existing(Path directory, Bytes32 root, Bytes32 manifestHash) {
    if (!Files.isRegularFile(DatasetLayout.manifest(directory))) {
      return Optional.empty();
    }
    try {
      DatasetManifest manifest = new DatasetReader(limits).read(directory).manifest();
      return manifest.root().equals(root) && manifest.manifestHash().equals(manifestHash)
          ? Optional.of(manifest)
          : Optional.empty();
    } catch (DatasetException e) {
      return Optional.empty();
    }
  }

  private DatasetManifest manifest(List<URI> peers, Bytes32 root, Bytes32 manifestHash)
      throws TransferException {
    TransferException last = null;
    for (URI peer : peers) {
      try {
        return client.fetchManifest(peer, root, manifestHash, limits);
      } catch (TransferException e) {
        last = e;
      }
    }
    throw last;
  }

  private byte[] shard(List<URI> peers, Bytes32 root, ShardEntry shard) throws TransferException {
    TransferException last = null;
    for (URI peer : peers) {
      try {
        return client.fetchShard(peer, root, shard);
      } catch (TransferException e) {
        last = e;
      }
    }
    throw last;
  }

  private static boolean intact(Path file, ShardEntry shard) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) != shard.size()) {
        return false;
      }
      MessageDigest digest = Sha256.newDigest();
      byte[] buffer = new byte[64 << 10];
      try (InputStream in = Files.newInputStream(file)) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          digest.update(buffer, 0, n);
        }
      }
      return Bytes32.wrap(digest.digest()).equals(shard.sha256());
    } catch (IOException e) {
      return false;
    }
  }

  private static void write(Path file, byte[] bytes, Path directory) throws TransferException {
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
      throw local(directory, "cannot write " + file, e);
    }
  }

  private static TransferException local(Path directory, String message, IOException e) {
    return new TransferException(Reason.LOCAL_STORAGE, directory.toUri(), message + ": " + e, e);
  }
}
