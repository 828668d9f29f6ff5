package org.polyculture.governance.signature;

import java.util.Optional;

/** How a vote counts, as OpenZeppelin's GovernorCountingSimple numbers it. */
public enum VoteSupport {
  AGAINST(0),
  FOR(1),
  ABSTAIN(2);

  private final int code;

  VoteSupport(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Optional<VoteSupport> ofCode(long code) {
    for (VoteSupport support : values()) {
      if (support.code == code) {
        return Optional.of(support);
      }
    }
    return Optional.empty();
  }
}
