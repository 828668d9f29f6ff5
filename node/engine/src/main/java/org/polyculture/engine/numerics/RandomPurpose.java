package org.polyculture.engine.numerics;

/**
 * What a random value is for: the fourth word of the Philox counter (docs/numerics.md §4), so that
 * the streams of different purposes never overlap.
 */
public enum RandomPurpose {
  /** Parameter initialisation of the genesis state. */
  INIT(1),
  /** Which text windows a step trains on. */
  BATCH(2),
  /** Text generation; not consensus-critical. */
  SAMPLE(3);

  private final int code;

  RandomPurpose(int code) {
    this.code = code;
  }

  /** The value of counter word {@code c3}. */
  public int code() {
    return code;
  }
}
