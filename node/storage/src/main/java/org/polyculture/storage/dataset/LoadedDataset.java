package org.polyculture.storage.dataset;

import org.apache.tuweni.bytes.Bytes;
import org.polyculture.protocol.dataset.DatasetManifest;

/**
 * A dataset read and checked by {@link DatasetReader}: its validated manifest and its bytes (the
 * model's tokens are bytes).
 */
public final class LoadedDataset {

  private final DatasetManifest manifest;
  private final Bytes tokens;

  LoadedDataset(DatasetManifest manifest, Bytes tokens) {
    this.manifest = manifest;
    this.tokens = tokens;
  }

  public DatasetManifest manifest() {
    return manifest;
  }

  /** Every byte of the dataset, shards concatenated in index order. */
  public Bytes tokens() {
    return tokens;
  }

  /** The bytes training may sample from: all but the held-out tail. */
  public Bytes trainingTokens() {
    return tokens.slice(0, (int) manifest.trainingBytes());
  }

  /** The held-out tail, for validation only. */
  public Bytes validationTokens() {
    return tokens.slice((int) manifest.trainingBytes());
  }
}
