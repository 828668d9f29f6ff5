package org.polyculture.verifier.job;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.model.ModelConfig;

/**
 * What a verifier needs to know of a job to recompute its steps, all from chain data: the model
 * config and seed (which fix the genesis state and every batch), the dataset and where it is
 * served, and the segmentation.
 *
 * @param datasetRoot the dataset root the states carry (the manifest's Merkle root over shards)
 * @param datasetManifestHash the manifest hash, which also pins the held-out tail
 * @param datasetLocations base URLs serving the manifest and shards by content hash
 * @param genesisStateHash the state hash the job's first segment starts from
 */
public record JobDescription(
    BigInteger jobId,
    ModelConfig config,
    long seed,
    Bytes32 datasetRoot,
    Bytes32 datasetManifestHash,
    List<String> datasetLocations,
    Bytes32 genesisStateHash,
    int segmentLength,
    long totalSteps) {

  public JobDescription {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(datasetRoot, "datasetRoot");
    Objects.requireNonNull(datasetManifestHash, "datasetManifestHash");
    Objects.requireNonNull(genesisStateHash, "genesisStateHash");
    datasetLocations = List.copyOf(datasetLocations);
    if (jobId.signum() < 0 || jobId.bitLength() > 63) {
      throw new IllegalArgumentException("job id out of range: " + jobId);
    }
    if (segmentLength < 1) {
      throw new IllegalArgumentException("segment length must be positive: " + segmentLength);
    }
    if (totalSteps < segmentLength || totalSteps % segmentLength != 0) {
      throw new IllegalArgumentException(
          "total steps " + totalSteps + " is not a multiple of the segment length");
    }
  }

  /** The global index of the first step of {@code segment}. */
  public long firstStep(long segment) {
    return Math.multiplyExact(segment, (long) segmentLength);
  }
}
