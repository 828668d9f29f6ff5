package org.polyculture.worker;

import java.io.IOException;
import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What the worker reads from and sends to the protocol's contracts, as its own key. Reads are views
 * at the latest block; sends return once the transaction is in a block. A send the contract refuses
 * throws {@link org.polyculture.contracts.ContractRevertedException} (before anything is sent, from
 * the gas estimate, when the refusal is already certain); transport failures are {@link
 * IOException}s.
 */
public interface Ledger {

  /** This worker's address, lowercase 0x-hex. */
  String address();

  /** The timestamp of the latest block, in seconds: the chain's clock. */
  long chainTime() throws IOException;

  /** Whether transactions of this worker's key are waiting in the node's pool. */
  boolean hasPendingTransactions() throws IOException;

  BigInteger jobCount() throws IOException;

  JobView job(BigInteger jobId) throws IOException;

  SegmentView segment(BigInteger jobId, long segment) throws IOException;

  /**
   * The later segments voided when generation {@code generation} of the job ended (an empty range
   * paying nothing if that generation voided none).
   */
  VoidedRange voidedIn(BigInteger jobId, long generation) throws IOException;

  /** {@code keccak256(abi.encode(start, stepRoot, end))} as the ledger stores it. */
  Bytes32 commitment(BigInteger jobId, long segment) throws IOException;

  ParticipantView participant() throws IOException;

  BigInteger tokenBalance() throws IOException;

  /** The registered endpoint of {@code account} (empty if none). */
  String endpointOf(String account) throws IOException;

  void register(int roles, String endpoint, String hardware) throws IOException;

  /** Approves the staking contract and stakes {@code amount} more. */
  void stake(BigInteger amount) throws IOException;

  /** Claims the segment; returns the lease deadline. */
  long claim(BigInteger jobId, long segment) throws IOException;

  void commit(BigInteger jobId, long segment, Bytes32 start, Bytes32 stepRoot, Bytes32 end)
      throws IOException;

  void finalizeSegment(BigInteger jobId, long segment) throws IOException;

  /** Claims a final segment's reward; returns the amount paid. */
  BigInteger claimReward(BigInteger jobId, long segment) throws IOException;

  /** Claims a voided segment's compensation; returns the amount paid. */
  BigInteger claimCompensation(BigInteger jobId, long segment) throws IOException;

  /** A job as the ledger holds it now. */
  record JobView(
      Bytes32 modelSpecHash,
      Bytes32 datasetRoot,
      Bytes32 genesisStateHash,
      Bytes32 tipStateHash,
      BigInteger rewardPerSegment,
      BigInteger minWorkerStake,
      BigInteger escrow,
      long segmentLength,
      long segmentCount,
      long challengeWindow,
      long leaseDuration,
      long nextSegment,
      long finalizedSegments,
      long generation) {}

  /** A segment as the ledger holds it now ({@code time}: lease deadline, or commit time). */
  record SegmentView(String worker, long time, int status, int openDisputes, long generation) {
    public static final int NONE = 0;
    public static final int CLAIMED = 1;
    public static final int COMMITTED = 2;
    public static final int FINALIZED = 3;
    public static final int REWARDED = 4;
    public static final int FRAUD = 5;
    public static final int COMPENSATED = 6;
  }

  /**
   * Segments {@code (fromSegment, toSegment)} voided by the fraud proven in {@code fromSegment},
   * each owed {@code perSegment} in compensation.
   */
  record VoidedRange(long fromSegment, long toSegment, BigInteger perSegment) {
    /** Whether this void invalidated {@code segment} (the fraud itself is not compensated). */
    public boolean voids(long segment) {
      return fromSegment < segment && segment < toSegment;
    }
  }

  /**
   * This worker as the staking contract holds it.
   *
   * @param unbonding stake requested back and not yet withdrawn (still slashable)
   * @param lockedUntil chain time until which claims lock the stake (0 when never locked)
   * @param openDisputes open disputes against this account (or in which it sits on a jury)
   */
  record ParticipantView(
      BigInteger bonded,
      int roles,
      String endpoint,
      BigInteger unbonding,
      long lockedUntil,
      int openDisputes) {
    public boolean isWorker() {
      return (roles & 1) != 0;
    }
  }
}
