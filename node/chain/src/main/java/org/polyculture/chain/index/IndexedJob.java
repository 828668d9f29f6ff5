package org.polyculture.chain.index;

import java.math.BigInteger;

/** A job as its JobCreated event announced it. Hashes are 0x-hex; amounts are token base units. */
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
    long createdBlock) {}
