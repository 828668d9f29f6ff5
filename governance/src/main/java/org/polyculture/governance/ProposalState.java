package org.polyculture.governance;

import java.util.Optional;

/** A Governor proposal's state, in OpenZeppelin's {@code IGovernor.ProposalState} order. */
public enum ProposalState {
  PENDING,
  ACTIVE,
  CANCELED,
  DEFEATED,
  SUCCEEDED,
  QUEUED,
  EXPIRED,
  EXECUTED;

  public static Optional<ProposalState> ofCode(long code) {
    ProposalState[] states = values();
    return code >= 0 && code < states.length ? Optional.of(states[(int) code]) : Optional.empty();
  }

  /** Whether nothing can change the proposal's outcome any more. */
  public boolean isFinal() {
    return this == CANCELED || this == DEFEATED || this == EXPIRED || this == EXECUTED;
  }
}
