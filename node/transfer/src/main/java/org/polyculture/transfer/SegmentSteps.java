package org.polyculture.transfer;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.merkle.StepMerkleTree;

/**
 * A committed segment's per-step record as its worker serves it: for every global step {@code t} of
 * the segment, the hash of the state after {@code t} (what leaf {@code t} of the step root commits
 * to) and the step's loss. Anyone rebuilds the step root from the hashes and compares it with the
 * commitment; the losses are the worker's word only (for dashboards).
 *
 * @param jobId the job
 * @param segment the segment index
 * @param firstStep the global index of the segment's first step
 * @param stateHashes {@code H(state after step firstStep + k)} for {@code k = 0 .. S-1}
 * @param losses the loss of each step, empty where it was not a finite number
 */
public record SegmentSteps(
    BigInteger jobId,
    long segment,
    long firstStep,
    List<Bytes32> stateHashes,
    List<Optional<Float>> losses) {

  public SegmentSteps {
    Objects.requireNonNull(jobId, "jobId");
    stateHashes = List.copyOf(stateHashes);
    losses = List.copyOf(losses);
    if (stateHashes.isEmpty() || losses.size() != stateHashes.size()) {
      throw new IllegalArgumentException(
          stateHashes.size() + " state hashes and " + losses.size() + " losses");
    }
    if (segment < 0 || firstStep < 0) {
      throw new IllegalArgumentException("segment and first step must not be negative");
    }
  }

  /** Steps with losses given as floats; a NaN or infinite loss is recorded as absent. */
  public static SegmentSteps of(
      BigInteger jobId, long segment, long firstStep, List<Bytes32> hashes, List<Float> losses) {
    List<Optional<Float>> finite = new ArrayList<>(losses.size());
    for (Float loss : losses) {
      finite.add(Optional.ofNullable(loss).filter(Float::isFinite));
    }
    return new SegmentSteps(jobId, segment, firstStep, hashes, finite);
  }

  public int length() {
    return stateHashes.size();
  }

  /** The step root the hashes make (docs/state.md §5). */
  public Bytes32 stepRoot() {
    return StepMerkleTree.of(firstStep, stateHashes).root();
  }

  /** The hash of the state after global step {@code step}, if it is in this segment. */
  public Optional<Bytes32> stateAfter(long step) {
    long offset = step - firstStep;
    return offset >= 0 && offset < stateHashes.size()
        ? Optional.of(stateHashes.get((int) offset))
        : Optional.empty();
  }
}
