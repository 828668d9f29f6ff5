package org.polyculture.contracts;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Hash;

/**
 * Deterministic stand-in for a training run: the state hash after global step t is a hash of (t,
 * variant), so an honest run (variant 0) and a cheating one (another variant from some step on)
 * differ exactly where the test wants. Builds each segment's commitment and step tree.
 */
final class TrainingRun {

  static final byte[] GENESIS =
      Hash.sha3("polyculture test genesis".getBytes(java.nio.charset.StandardCharsets.UTF_8));

  private final int segmentLength;

  TrainingRun(int segmentLength) {
    this.segmentLength = segmentLength;
  }

  static byte[] stateAfter(long step, int variant) {
    return Hash.sha3(ByteBuffer.allocate(12).putLong(step).putInt(variant).array());
  }

  long firstStep(int segment) {
    return (long) segment * segmentLength;
  }

  long lastStep(int segment) {
    return firstStep(segment) + segmentLength - 1;
  }

  /** The honest segment. */
  Segment honest(int segment) {
    return cheating(segment, Long.MAX_VALUE, 0);
  }

  /** A segment whose states are honest before {@code fromStep} and of {@code variant} from it. */
  Segment cheating(int segment, long fromStep, int variant) {
    long first = firstStep(segment);
    List<byte[]> states = new ArrayList<>();
    for (long t = first; t < first + segmentLength; t++) {
      states.add(stateAfter(t, t >= fromStep ? variant : 0));
    }
    byte[] start = segment == 0 ? GENESIS : stateAfter(first - 1, 0);
    return new Segment(segment, first, start, states, new StepTree(first, states));
  }

  /** One segment's training record: per-step states, tree and commitment values. */
  record Segment(int index, long firstStep, byte[] start, List<byte[]> states, StepTree tree) {

    byte[] root() {
      return tree.root();
    }

    byte[] end() {
      return states.get(states.size() - 1);
    }

    byte[] stateAfter(long step) {
      return states.get(Math.toIntExact(step - firstStep));
    }

    /** The committed state before a step: the start state for the first step. */
    byte[] stateBefore(long step) {
      return step == firstStep ? start : stateAfter(step - 1);
    }

    List<byte[]> proof(long step) {
      return tree.proof(step);
    }

    List<byte[]> proofBefore(long step) {
      return step == firstStep ? List.of() : tree.proof(step - 1);
    }

    /** The same steps committed on top of another start state (training on from a bad state). */
    Segment withStart(byte[] otherStart) {
      return new Segment(index, firstStep, otherStart, states, tree);
    }
  }
}
