package org.polyculture.verifier.chain;

/** DisputeManager's dispute kinds. */
public enum DisputeKind {
  /** A recomputed step differs from the committed one. */
  FRAUD(0),
  /** The worker did not serve a committed state. */
  AVAILABILITY(1),
  /**
   * The worker did not serve per-step state hashes that rebuild the segment's committed step root.
   */
  STEP_LIST(2);

  private final int code;

  DisputeKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static DisputeKind of(int code) {
    for (DisputeKind kind : values()) {
      if (kind.code == code) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown dispute kind " + code);
  }
}
