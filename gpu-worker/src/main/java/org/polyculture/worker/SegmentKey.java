package org.polyculture.worker;

import java.math.BigInteger;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * One claim of one segment by this worker: a segment can be claimed again (after a lease expired,
 * or in a later generation of the job after a fraud voided it), with other states, so everything
 * this worker stores about a segment is keyed by the job, the segment and which of its claims of
 * that segment it is ({@code attempt}, from 0).
 */
public record SegmentKey(BigInteger jobId, long segment, long attempt) {

  /** Bytes of {@link #encode()}: u256 job, u64 segment, u32 attempt, big-endian. */
  public static final int ENCODED_LENGTH = 32 + 8 + 4;

  public SegmentKey {
    Objects.requireNonNull(jobId, "jobId");
    if (jobId.signum() < 0 || jobId.bitLength() > 256) {
      throw new IllegalArgumentException("job id out of range: " + jobId);
    }
    if (segment < 0 || attempt < 0 || attempt > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("segment or attempt out of range");
    }
  }

  /** Sorts by job, then segment, then attempt. */
  public Bytes encode() {
    return Bytes.concatenate(
        job(jobId), Bytes.ofUnsignedLong(segment), Bytes.ofUnsignedInt(attempt));
  }

  public static SegmentKey decode(Bytes bytes) {
    if (bytes.size() != ENCODED_LENGTH) {
      throw new IllegalArgumentException("a segment key has " + ENCODED_LENGTH + " bytes");
    }
    return new SegmentKey(
        bytes.slice(0, 32).toUnsignedBigInteger(),
        bytes.slice(32, 8).toLong(),
        bytes.slice(40, 4).toInt() & 0xFFFF_FFFFL);
  }

  /** The key prefix of every claim of one job's segment. */
  static Bytes segmentPrefix(BigInteger jobId, long segment) {
    return Bytes.concatenate(job(jobId), Bytes.ofUnsignedLong(segment));
  }

  static Bytes job(BigInteger jobId) {
    return Bytes32.leftPad(Bytes.wrap(jobId.toByteArray()).trimLeadingZeros());
  }

  @Override
  public String toString() {
    return "job "
        + jobId
        + " segment "
        + segment
        + (attempt == 0 ? "" : " (claim " + (attempt + 1) + ")");
  }
}
