package org.polyculture.worker;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What this worker knows about one of its segments, stored in LMDB and updated by every phase
 * change.
 *
 * @param key job, segment and which of this worker's claims of it
 * @param generation the job's generation when it was claimed (a fraud voids later segments and
 *     starts a new one)
 * @param phase where the segment is
 * @param firstStep the global index of its first step ({@code segment × S})
 * @param length S, the steps in the segment
 * @param startStateHash the state it starts from (the job's tip when claimed)
 * @param leaseDeadline chain time (seconds) by which the commitment must land; 0 until known
 * @param trainedThrough the highest state step whose state and every hash before it are stored
 * @param stepRoot the committed step root, once trained
 * @param endStateHash the committed end state hash, once trained
 * @param commitTime chain time (seconds) of the commitment; 0 until committed
 * @param challengeWindow the job's challenge window in seconds
 * @param paid the reward or compensation paid to this worker, in token base units
 * @param detail the last thing that happened, for people
 */
public record SegmentRecord(
    SegmentKey key,
    long generation,
    SegmentPhase phase,
    long firstStep,
    int length,
    Bytes32 startStateHash,
    long leaseDeadline,
    long trainedThrough,
    Optional<Bytes32> stepRoot,
    Optional<Bytes32> endStateHash,
    long commitTime,
    long challengeWindow,
    BigInteger paid,
    String detail) {

  public SegmentRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(startStateHash, "startStateHash");
    Objects.requireNonNull(stepRoot, "stepRoot");
    Objects.requireNonNull(endStateHash, "endStateHash");
    Objects.requireNonNull(paid, "paid");
    Objects.requireNonNull(detail, "detail");
    if (length < 1 || firstStep < 0) {
      throw new IllegalArgumentException("a segment has at least one step from a step >= 0");
    }
  }

  /** A segment about to be claimed, from a start state already stored. */
  public static SegmentRecord claiming(
      SegmentKey key,
      long generation,
      long firstStep,
      int length,
      Bytes32 startStateHash,
      long challengeWindow) {
    return new SegmentRecord(
        key,
        generation,
        SegmentPhase.CLAIMING,
        firstStep,
        length,
        startStateHash,
        0,
        firstStep,
        Optional.empty(),
        Optional.empty(),
        0,
        challengeWindow,
        BigInteger.ZERO,
        "claiming");
  }

  /** The state step after the last step: {@code firstStep + length}. */
  public long endStep() {
    return firstStep + length;
  }

  public SegmentRecord withPhase(SegmentPhase newPhase, String newDetail) {
    return new SegmentRecord(
        key,
        generation,
        newPhase,
        firstStep,
        length,
        startStateHash,
        leaseDeadline,
        trainedThrough,
        stepRoot,
        endStateHash,
        commitTime,
        challengeWindow,
        paid,
        newDetail);
  }

  public SegmentRecord withLease(long deadline) {
    return new SegmentRecord(
        key,
        generation,
        phase,
        firstStep,
        length,
        startStateHash,
        deadline,
        trainedThrough,
        stepRoot,
        endStateHash,
        commitTime,
        challengeWindow,
        paid,
        detail);
  }

  public SegmentRecord withTrainedThrough(long step) {
    return new SegmentRecord(
        key,
        generation,
        phase,
        firstStep,
        length,
        startStateHash,
        leaseDeadline,
        step,
        stepRoot,
        endStateHash,
        commitTime,
        challengeWindow,
        paid,
        detail);
  }

  public SegmentRecord withCommitment(Bytes32 root, Bytes32 end) {
    return new SegmentRecord(
        key,
        generation,
        phase,
        firstStep,
        length,
        startStateHash,
        leaseDeadline,
        trainedThrough,
        Optional.of(root),
        Optional.of(end),
        commitTime,
        challengeWindow,
        paid,
        detail);
  }

  public SegmentRecord withCommitTime(long time) {
    return new SegmentRecord(
        key,
        generation,
        phase,
        firstStep,
        length,
        startStateHash,
        leaseDeadline,
        trainedThrough,
        stepRoot,
        endStateHash,
        time,
        challengeWindow,
        paid,
        detail);
  }

  public SegmentRecord withPaid(BigInteger amount) {
    return new SegmentRecord(
        key,
        generation,
        phase,
        firstStep,
        length,
        startStateHash,
        leaseDeadline,
        trainedThrough,
        stepRoot,
        endStateHash,
        commitTime,
        challengeWindow,
        amount,
        detail);
  }
}
