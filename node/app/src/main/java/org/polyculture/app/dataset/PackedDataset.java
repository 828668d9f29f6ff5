package org.polyculture.app.dataset;

import java.util.List;

/**
 * What {@code polyculture dataset pack} prints.
 *
 * @param root the dataset root (keccak Merkle root over the shards)
 * @param manifestHash the hash a job pins the dataset by
 * @param heldOutBytes trailing bytes held out for validation
 */
public record PackedDataset(
    String directory,
    List<String> files,
    long totalBytes,
    int shards,
    long heldOutBytes,
    String root,
    String manifestHash) {}
