package org.polyculture.verifier.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A dispute as DisputeManager holds it now: the source of truth a verifier reconciles its own
 * records with.
 */
public record OnChainDispute(
    BigInteger disputeId,
    Phase phase,
    DisputeOutcome outcome,
    DisputeKind kind,
    BigInteger jobId,
    long segment,
    long step,
    String challenger,
    String worker,
    long drawBlock,
    long commitDeadline,
    long revealDeadline,
    Bytes32 startStateHash,
    List<Seat> seats) {

  public OnChainDispute {
    Objects.requireNonNull(disputeId, "disputeId");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(kind, "kind");
    seats = List.copyOf(seats);
  }

  /** The seat number of {@code juror}, if it sits on the jury. */
  public Optional<Integer> seatOf(String juror) {
    for (int i = 0; i < seats.size(); i++) {
      if (seats.get(i).juror().equalsIgnoreCase(juror)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  public boolean everyoneCommitted() {
    return !seats.isEmpty() && seats.stream().allMatch(Seat::committed);
  }

  public boolean everyoneRevealed() {
    return !seats.isEmpty() && seats.stream().allMatch(Seat::revealed);
  }

  /** DisputeManager's phases. */
  public enum Phase {
    NONE,
    AWAITING_JURY,
    VOTING,
    RESOLVED;

    static Phase of(int code) {
      if (code < 0 || code >= values().length) {
        throw new IllegalArgumentException("unknown dispute phase " + code);
      }
      return values()[code];
    }
  }

  /** One juror's seat. */
  public record Seat(String juror, boolean committed, boolean revealed, int vote) {}
}
