package org.polyculture.protocol.economics;

import java.util.BitSet;

/**
 * The cheating strategies a worker can follow, as the economics model sees them: which steps of an
 * S-step segment come out wrong (so that an audit of one of them catches the cheat), how many steps
 * the cheater still computes, and what else it gains. Names are those of the worker's {@code
 * --cheat} option.
 *
 * <p>Single-step cheats tamper with the middle step ({@code S / 2}), as the worker's strategies do;
 * because audit picks are uniform, where the tampered steps lie does not change the odds, only
 * their number does.
 */
public enum Cheat {
  /** Presents the state before one step as the state after it: one step saved, one step wrong. */
  SKIP_STEP("skip-step", Detection.FRAUD, Motive.SAVED_WORK),
  /** Nudges one weight after a step: no work saved; the motive is influence over the model. */
  PERTURB_WEIGHTS("perturb-weights", Detection.FRAUD, Motive.TAMPERING),
  /** Trains one step on data it was not assigned. */
  WRONG_BATCH("wrong-batch", Detection.FRAUD, Motive.TAMPERING),
  /** Applies one step at another learning rate. */
  WRONG_LEARNING_RATE("wrong-learning-rate", Detection.FRAUD, Motive.TAMPERING),
  /** Trains the first half of the segment and repeats the last state for the rest. */
  FEWER_STEPS("fewer-steps", Detection.FRAUD, Motive.SAVED_WORK),
  /** Commits an earlier segment's root and end state: no step has a valid leaf. */
  REPLAY_OLD_COMMITMENT("replay-old-commitment", Detection.STEP_LIST, Motive.SAVED_WORK),
  /** Commits made-up hashes: nothing trained. */
  RANDOM_HASHES("random-hashes", Detection.STEP_LIST, Motive.SAVED_WORK),
  /** Trains honestly but serves none of its states (data-availability dispute). */
  WITHHOLD_STATES("withhold-states", Detection.AVAILABILITY, Motive.SAVED_SERVING),
  /**
   * Trains honestly but serves corrupted chunks, which fail the chunk check; only the job's genesis
   * state escapes, because verifiers rebuild it themselves.
   */
  CORRUPT_SERVED_STATES("corrupt-served-states", Detection.AVAILABILITY, Motive.SAVED_SERVING),
  /** Trains, commits and goes offline. */
  VANISH_AFTER_COMMIT("vanish-after-commit", Detection.STEP_LIST, Motive.SAVED_SERVING);

  /** How an audit that picks a tampered step turns into a dispute. */
  public enum Detection {
    /** The recomputed state differs from the committed leaf, or no leaf proves the step. */
    FRAUD,
    /** The worker does not serve a state the audit needs. */
    AVAILABILITY,
    /**
     * The worker serves no step hashes that rebuild the committed root, which every audit of the
     * segment asks for first, whatever it picks (a step-list availability dispute).
     */
    STEP_LIST
  }

  /** What the cheater gains besides the reward when it is not caught. */
  public enum Motive {
    /** Compute it does not spend. */
    SAVED_WORK,
    /** Influence over the model (a backdoor, a bias), valued by the tamper-value parameter. */
    TAMPERING,
    /** The cost of storing and serving states, which it does not pay. */
    SAVED_SERVING
  }

  private final String cliName;
  private final Detection detection;
  private final Motive motive;

  Cheat(String cliName, Detection detection, Motive motive) {
    this.cliName = cliName;
    this.detection = detection;
    this.motive = motive;
  }

  /** The name the worker's {@code --cheat} option takes. */
  public String cliName() {
    return cliName;
  }

  public Detection detection() {
    return detection;
  }

  public Motive motive() {
    return motive;
  }

  /** The offsets in {@code [0, segmentLength)} whose audit catches this cheat. */
  public BitSet tamperedOffsets(int segmentLength) {
    if (segmentLength < 1) {
      throw new IllegalArgumentException("segment length must be positive: " + segmentLength);
    }
    int middle = Math.min(segmentLength / 2, segmentLength - 1);
    BitSet offsets = new BitSet(segmentLength);
    switch (this) {
      case SKIP_STEP, PERTURB_WEIGHTS, WRONG_BATCH, WRONG_LEARNING_RATE -> offsets.set(middle);
      case FEWER_STEPS -> offsets.set(middle, segmentLength);
      case CORRUPT_SERVED_STATES -> offsets.set(1, segmentLength);
      case REPLAY_OLD_COMMITMENT, RANDOM_HASHES, WITHHOLD_STATES, VANISH_AFTER_COMMIT ->
          offsets.set(0, segmentLength);
    }
    return offsets;
  }

  /** m: how many steps of the segment an audit can catch this cheat at. */
  public int tamperedSteps(int segmentLength) {
    return tamperedOffsets(segmentLength).cardinality();
  }

  /**
   * Whether the cheater still pays for storing and serving states: not when it withholds them, and
   * not when it committed nothing it could serve.
   */
  public boolean paysServing() {
    return motive != Motive.SAVED_SERVING && this != REPLAY_OLD_COMMITMENT && this != RANDOM_HASHES;
  }

  /** Steps the cheater still computes in a segment of {@code segmentLength}. */
  public int computedSteps(int segmentLength) {
    return switch (this) {
      case SKIP_STEP -> segmentLength - 1;
      case FEWER_STEPS -> segmentLength - tamperedSteps(segmentLength);
      case REPLAY_OLD_COMMITMENT, RANDOM_HASHES -> 0;
      case PERTURB_WEIGHTS,
          WRONG_BATCH,
          WRONG_LEARNING_RATE,
          WITHHOLD_STATES,
          CORRUPT_SERVED_STATES,
          VANISH_AFTER_COMMIT ->
          segmentLength;
    };
  }
}
