package org.polyculture.verifier.store;

import java.math.BigInteger;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.verifier.chain.SegmentCommit;

/** A segment commitment as stored and reported; hashes are 0x-hex, the job id decimal. */
public record CommitmentRecord(
    String jobId,
    long segment,
    String worker,
    String startStateHash,
    String stepRoot,
    String endStateHash,
    long commitBlock) {

  public CommitmentRecord {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(worker, "worker");
  }

  public static CommitmentRecord of(SegmentCommit commit) {
    return new CommitmentRecord(
        commit.jobId().toString(),
        commit.segment(),
        commit.worker(),
        commit.startStateHash().toHexString(),
        commit.stepRoot().toHexString(),
        commit.endStateHash().toHexString(),
        commit.commitBlock());
  }

  public SegmentCommit toCommit() {
    return new SegmentCommit(
        new BigInteger(jobId),
        segment,
        worker,
        Bytes32.fromHexString(startStateHash),
        Bytes32.fromHexString(stepRoot),
        Bytes32.fromHexString(endStateHash),
        commitBlock);
  }
}
