package org.polyculture.verifier.chain;

/** DisputeManager's outcomes. */
public enum DisputeOutcome {
  NONE(0),
  WORKER_AT_FAULT(1),
  CHALLENGER_AT_FAULT(2),
  UNDECIDED(3),
  NO_JURY(4);

  private final int code;

  DisputeOutcome(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static DisputeOutcome of(int code) {
    for (DisputeOutcome outcome : values()) {
      if (outcome.code == code) {
        return outcome;
      }
    }
    throw new IllegalArgumentException("unknown dispute outcome " + code);
  }
}
