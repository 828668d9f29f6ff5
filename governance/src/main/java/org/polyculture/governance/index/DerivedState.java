package org.polyculture.governance.index;

import java.math.BigInteger;
import org.polyculture.governance.ProposalState;

/**
 * A proposal's state as the governor would report it at {@code chainTime}, derived from its indexed
 * events (OpenZeppelin 5.3 {@code Governor.state} with TimelockControl): executed, canceled,
 * pending until the snapshot, active through the deadline, then defeated unless the quorum (For +
 * Abstain) is met and For beats Against, then succeeded until queued.
 */
public final class DerivedState {

  private DerivedState() {}

  public static ProposalState of(IndexedProposal proposal, long chainTime) {
    if (proposal.executed().isPresent()) {
      return ProposalState.EXECUTED;
    }
    if (proposal.canceled().isPresent()) {
      return ProposalState.CANCELED;
    }
    if (proposal.voteStart() >= chainTime) {
      return ProposalState.PENDING;
    }
    if (proposal.voteEnd() >= chainTime) {
      return ProposalState.ACTIVE;
    }
    IndexedProposal.Tally tally = proposal.tally();
    boolean quorumReached =
        proposal.quorum().map(q -> tally.quorumVotes().compareTo(q) >= 0).orElse(false);
    boolean succeeded = tally.forVotes().compareTo(tally.againstVotes()) > 0;
    if (!quorumReached || !succeeded) {
      return ProposalState.DEFEATED;
    }
    return proposal.queued().isPresent() ? ProposalState.QUEUED : ProposalState.SUCCEEDED;
  }

  /** For + Abstain votes as a share of the quorum, in basis points (capped at 10,000). */
  public static int quorumProgressBps(IndexedProposal proposal) {
    return proposal
        .quorum()
        .filter(q -> q.signum() > 0)
        .map(
            q ->
                proposal
                    .tally()
                    .quorumVotes()
                    .multiply(BigInteger.valueOf(10_000))
                    .divide(q)
                    .min(BigInteger.valueOf(10_000))
                    .intValueExact())
        .orElse(0);
  }

  /** Votes cast as a share of the supply at the snapshot, in basis points. */
  public static int turnoutBps(IndexedProposal proposal) {
    return proposal
        .supplyAtSnapshot()
        .filter(s -> s.signum() > 0)
        .map(
            s ->
                proposal
                    .tally()
                    .total()
                    .multiply(BigInteger.valueOf(10_000))
                    .divide(s)
                    .intValueExact())
        .orElse(0);
  }
}
