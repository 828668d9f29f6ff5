package org.polyculture.verifier.chain;

/** A juror's vote, as DisputeManager numbers it. */
public enum Vote {
  WORKER_AT_FAULT(1),
  CHALLENGER_AT_FAULT(2);

  private final int code;

  Vote(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Vote of(int code) {
    for (Vote vote : values()) {
      if (vote.code == code) {
        return vote;
      }
    }
    throw new IllegalArgumentException("unknown vote " + code);
  }
}
