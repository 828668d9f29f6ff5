package org.polyculture.worker;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
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
    return edit(
        draft -> {
          draft.phase = newPhase;
          draft.detail = newDetail;
        });
  }

  public SegmentRecord withLease(long deadline) {
    return edit(draft -> draft.leaseDeadline = deadline);
  }

  public SegmentRecord withTrainedThrough(long step) {
    return edit(draft -> draft.trainedThrough = step);
  }

  public SegmentRecord withCommitment(Bytes32 root, Bytes32 end) {
    return edit(
        draft -> {
          draft.stepRoot = Optional.of(root);
          draft.endStateHash = Optional.of(end);
        });
  }

  public SegmentRecord withCommitTime(long time) {
    return edit(draft -> draft.commitTime = time);
  }

  public SegmentRecord withPaid(BigInteger amount) {
    return edit(draft -> draft.paid = amount);
  }

  private SegmentRecord edit(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.build();
  }

  /** A record's fields while one of them changes. */
  private static final class Draft {
    private final SegmentRecord from;
    private SegmentPhase phase;
    private long leaseDeadline;
    private long trainedThrough;
    private Optional<Bytes32> stepRoot;
    private Optional<Bytes32> endStateHash;
    private long commitTime;
    private BigInteger paid;
    private String detail;

    Draft(SegmentRecord from) {
      this.from = from;
      this.phase = from.phase;
      this.leaseDeadline = from.leaseDeadline;
      this.trainedThrough = from.trainedThrough;
      this.stepRoot = from.stepRoot;
      this.endStateHash = from.endStateHash;
      this.commitTime = from.commitTime;
      this.paid = from.paid;
      this.detail = from.detail;
    }

    SegmentRecord build() {
      return new SegmentRecord(
          from.key,
          from.generation,
          phase,
          from.firstStep,
          from.length,
          from.startStateHash,
          leaseDeadline,
          trainedThrough,
          stepRoot,
          endStateHash,
          commitTime,
          from.challengeWindow,
          paid,
          detail);
    }
  }
}
