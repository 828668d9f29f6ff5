package org.polyculture.governance.proposal;

import java.math.BigInteger;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A job exactly as {@code TrainingLedger.createJob} receives it: the model spec hash and the
 * canonical config bytes it hashes, the job seed, the dataset root and where the dataset is served,
 * the genesis state hash, the steps and segment length, the reward, the minimum stake and the
 * windows (seconds).
 */
public record JobTerms(
    Bytes32 modelSpecHash,
    Bytes modelConfig,
    long seed,
    Bytes32 datasetRoot,
    List<URI> datasetLocations,
    Bytes32 genesisStateHash,
    long totalSteps,
    int segmentLength,
    BigInteger rewardPerSegment,
    BigInteger minWorkerStake,
    long challengeWindowSeconds,
    long leaseSeconds) {

  public JobTerms {
    Objects.requireNonNull(modelSpecHash, "modelSpecHash");
    Objects.requireNonNull(modelConfig, "modelConfig");
    Objects.requireNonNull(datasetRoot, "datasetRoot");
    datasetLocations = List.copyOf(datasetLocations);
    Objects.requireNonNull(genesisStateHash, "genesisStateHash");
    Objects.requireNonNull(rewardPerSegment, "rewardPerSegment");
    Objects.requireNonNull(minWorkerStake, "minWorkerStake");
  }

  public long segments() {
    return totalSteps / segmentLength;
  }

  /** The escrow the ledger takes from the treasury: reward per segment times segments. */
  public BigInteger budget() {
    return rewardPerSegment.multiply(BigInteger.valueOf(segments()));
  }
}
