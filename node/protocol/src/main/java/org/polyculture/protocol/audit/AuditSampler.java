package org.polyculture.protocol.audit;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.crypto.AbiWords;
import org.polyculture.protocol.crypto.Keccak256;

/**
 * Picks the steps of a committed segment that verifiers recompute. Every verifier derives the same
 * picks from public inputs: randomness fixed only after the commit (a later block hash), the job,
 * the segment and its length. The algorithm (docs/protocol.md, "Audit sampling"):
 *
 * <pre>
 * seed  = keccak256(abi.encode(bytes32 DOMAIN, bytes32 randomness, uint256 jobId,
 *                              uint256 segmentIndex, uint256 segmentLength))
 * x_j   = uint256(keccak256(abi.encode(bytes32 seed, uint256 j)))      for j = 0, 1, 2, ...
 * limit = 2^256 - (2^256 mod segmentLength)
 * x_j is rejected when x_j >= limit (so every offset is equally likely);
 * otherwise offset x_j mod segmentLength is picked unless it was picked before.
 * </pre>
 *
 * Drawing stops at k distinct offsets, returned in the order they were picked, so the first k picks
 * of a larger k are the picks of k. DOMAIN is {@code keccak256("polyculture.audit-sample.v1")}.
 */
public final class AuditSampler {

  /** Most steps one audit may pick; bounds the work (and the expected draws, below 8k). */
  public static final int MAX_PICKS = 1024;

  static final Bytes32 DOMAIN =
      Keccak256.hash(Bytes.wrap("polyculture.audit-sample.v1".getBytes(StandardCharsets.US_ASCII)));

  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

  private AuditSampler() {}

  /**
   * The {@code k} distinct step offsets in {@code [0, segmentLength)} to audit, in pick order.
   *
   * @param randomness public randomness fixed after the commit
   * @param jobId the job, as the contract numbers it
   * @param segmentIndex the segment within the job
   * @param segmentLength steps in the segment (S)
   * @param k number of steps to pick, {@code 1 <= k <= min(S, MAX_PICKS)}
   */
  public static List<Integer> pickOffsets(
      Bytes32 randomness, long jobId, long segmentIndex, int segmentLength, int k) {
    if (jobId < 0 || segmentIndex < 0) {
      throw new IllegalArgumentException(
          "job id and segment index are not negative: " + jobId + ", " + segmentIndex);
    }
    if (segmentLength < 1) {
      throw new IllegalArgumentException("segment length must be positive: " + segmentLength);
    }
    if (k < 1 || k > segmentLength || k > MAX_PICKS) {
      throw new IllegalArgumentException(
          "cannot pick "
              + k
              + " distinct steps of a segment of "
              + segmentLength
              + " (at most "
              + MAX_PICKS
              + ")");
    }
    Bytes32 seed =
        Keccak256.hash(
            AbiWords.encode(
                DOMAIN,
                randomness,
                AbiWords.uint(jobId),
                AbiWords.uint(segmentIndex),
                AbiWords.uint(segmentLength)));
    BigInteger length = BigInteger.valueOf(segmentLength);
    BigInteger limit = TWO_256.subtract(TWO_256.mod(length));
    List<Integer> picks = new ArrayList<>(k);
    BitSet picked = new BitSet(segmentLength);
    for (long j = 0; picks.size() < k; j++) {
      BigInteger draw = Keccak256.hash(seed, AbiWords.uint(j)).toUnsignedBigInteger();
      if (draw.compareTo(limit) >= 0) {
        continue;
      }
      int offset = draw.mod(length).intValueExact();
      if (!picked.get(offset)) {
        picked.set(offset);
        picks.add(offset);
      }
    }
    return List.copyOf(picks);
  }
}
