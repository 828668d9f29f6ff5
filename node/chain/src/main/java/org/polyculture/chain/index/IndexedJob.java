package org.polyculture.chain.index;

import java.math.BigInteger;
import java.util.List;

/**
 * A job as its JobCreated and JobMetadata events announced it (the ledger emits both in one
 * transaction, so an indexed job always has both). Hashes and the model spec are 0x-hex; amounts
 * are token base units.
 *
 * @param modelSpec {@code u32le(numerics spec version) ‖ canonical model config}, whose SHA-256
 *     under the model spec domain the ledger checked against {@code modelSpecHash}; decode it with
 *     {@code org.polyculture.protocol.job.ModelSpec}
 * @param jobSeed the 64 bits of the job seed (a uint64 on chain; Java's signed long holds the same
 *     bits, which is what the engine takes)
 * @param datasetManifestHash the dataset manifest hash (docs/protocol.md) that pins the holdout
 * @param datasetLocations base URLs serving the dataset's manifest and shards by content hash
 */
public record IndexedJob(
    BigInteger jobId,
    String modelSpecHash,
    String datasetRoot,
    String genesisStateHash,
    long totalSteps,
    long segmentLength,
    BigInteger rewardPerSegment,
    BigInteger minWorkerStake,
    long challengeWindowSeconds,
    long leaseSeconds,
    BigInteger escrow,
    long createdBlock,
    String modelSpec,
    long jobSeed,
    String datasetManifestHash,
    List<String> datasetLocations) {

  public IndexedJob {
    datasetLocations = datasetLocations == null ? List.of() : List.copyOf(datasetLocations);
  }

  /** The job with the metadata of its JobMetadata event. */
  IndexedJob withMetadata(String spec, long seed, String manifestHash, List<String> locations) {
    return new IndexedJob(
        jobId,
        modelSpecHash,
        datasetRoot,
        genesisStateHash,
        totalSteps,
        segmentLength,
        rewardPerSegment,
        minWorkerStake,
        challengeWindowSeconds,
        leaseSeconds,
        escrow,
        createdBlock,
        spec,
        seed,
        manifestHash,
        locations);
  }
}
