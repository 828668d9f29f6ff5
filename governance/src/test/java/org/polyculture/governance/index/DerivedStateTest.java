package org.polyculture.governance.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.polyculture.governance.ProposalState;

class DerivedStateTest {

  private static final long START = 1_000;
  private static final long END = 1_060;
  private static final BigInteger QUORUM = BigInteger.valueOf(40);

  @Test
  void shouldFollowTheGovernorThroughTime() {
    IndexedProposal open = proposal(tally(30, 10, 10), Optional.of(QUORUM));
    assertThat(DerivedState.of(open, START - 1)).isEqualTo(ProposalState.PENDING);
    assertThat(DerivedState.of(open, START))
        .as("the snapshot second")
        .isEqualTo(ProposalState.PENDING);
    assertThat(DerivedState.of(open, START + 1)).isEqualTo(ProposalState.ACTIVE);
    assertThat(DerivedState.of(open, END))
        .as("the deadline second")
        .isEqualTo(ProposalState.ACTIVE);
    assertThat(DerivedState.of(open, END + 1)).isEqualTo(ProposalState.SUCCEEDED);
    IndexedProposal queued = open.withQueued(moment(), END + 20);
    assertThat(DerivedState.of(queued, END + 5)).isEqualTo(ProposalState.QUEUED);
    assertThat(DerivedState.of(queued.withExecuted(moment()), END + 30))
        .isEqualTo(ProposalState.EXECUTED);
    assertThat(DerivedState.of(open.withCanceled(moment()), START - 1))
        .isEqualTo(ProposalState.CANCELED);
  }

  @Test
  void shouldDefeatWithoutQuorumOrMajority() {
    assertThat(DerivedState.of(proposal(tally(30, 0, 9), Optional.of(QUORUM)), END + 1))
        .as("For + Abstain one short of the quorum")
        .isEqualTo(ProposalState.DEFEATED);
    assertThat(DerivedState.of(proposal(tally(30, 30, 20), Optional.of(QUORUM)), END + 1))
        .as("a tie")
        .isEqualTo(ProposalState.DEFEATED);
    assertThat(DerivedState.of(proposal(tally(30, 0, 10), Optional.of(QUORUM)), END + 1))
        .as("exactly the quorum")
        .isEqualTo(ProposalState.SUCCEEDED);
  }

  @Test
  void shouldMeasureQuorumProgressAndTurnout() {
    IndexedProposal proposal =
        proposal(tally(10, 50, 10), Optional.of(QUORUM))
            .withQuorum(QUORUM, BigInteger.valueOf(1_000));
    assertThat(DerivedState.quorumProgressBps(proposal)).isEqualTo(5_000);
    assertThat(DerivedState.turnoutBps(proposal)).isEqualTo(700);
    assertThat(DerivedState.quorumProgressBps(proposal(tally(100, 0, 0), Optional.of(QUORUM))))
        .isEqualTo(10_000);
    assertThat(DerivedState.quorumProgressBps(proposal(tally(100, 0, 0), Optional.empty())))
        .isZero();
  }

  private static IndexedProposal.Tally tally(long forVotes, long against, long abstain) {
    return new IndexedProposal.Tally(
        BigInteger.valueOf(forVotes), BigInteger.valueOf(against), BigInteger.valueOf(abstain), 3);
  }

  private static ChainMoment moment() {
    return new ChainMoment(5, 5, "0x00");
  }

  private static IndexedProposal proposal(
      IndexedProposal.Tally tally, Optional<BigInteger> quorum) {
    return new IndexedProposal(
        BigInteger.ONE,
        0,
        "0x" + "11".repeat(20),
        List.of("0x" + "22".repeat(20)),
        List.of(BigInteger.ZERO),
        List.of("0x"),
        "",
        false,
        "0x" + "00".repeat(32),
        START,
        END,
        moment(),
        tally,
        quorum,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty());
  }
}
