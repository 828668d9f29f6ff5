package org.polyculture.governance.proposal;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.job.ModelSpec;

/**
 * A job exactly as {@code TrainingLedger.createJob} receives it: the spec (model spec hash, dataset
 * root, genesis state hash, steps, segment length, reward, minimum stake, windows in seconds) and
 * the metadata a worker rebuilds the genesis state and finds the dataset from (the model spec, the
 * job seed, the dataset manifest hash and where the dataset is served).
 */
public record JobTerms(
    ModelSpec modelSpec,
    long seed,
    Bytes32 datasetRoot,
    Bytes32 datasetManifestHash,
    List<String> datasetLocations,
    Bytes32 genesisStateHash,
    long totalSteps,
    long segmentLength,
    BigInteger rewardPerSegment,
    BigInteger minWorkerStake,
    long challengeWindowSeconds,
    long leaseSeconds) {

  public JobTerms {
    Objects.requireNonNull(modelSpec, "modelSpec");
    Objects.requireNonNull(datasetRoot, "datasetRoot");
    Objects.requireNonNull(datasetManifestHash, "datasetManifestHash");
    datasetLocations = List.copyOf(datasetLocations);
    Objects.requireNonNull(genesisStateHash, "genesisStateHash");
    Objects.requireNonNull(rewardPerSegment, "rewardPerSegment");
    Objects.requireNonNull(minWorkerStake, "minWorkerStake");
  }

  public Bytes32 modelSpecHash() {
    return modelSpec.hash();
  }

  public long segments() {
    return segmentLength == 0 ? 0 : totalSteps / segmentLength;
  }

  /** The escrow the ledger takes from the treasury: reward per segment times segments. */
  public BigInteger budget() {
    return rewardPerSegment.multiply(BigInteger.valueOf(segments()));
  }
}
