package org.polyculture.verifier.store;

import java.util.Objects;
import java.util.Optional;
import org.polyculture.verifier.chain.DisputeKind;
import org.polyculture.verifier.chain.DisputeOutcome;
import org.polyculture.verifier.chain.Vote;

/**
 * One jury duty. The vote and its salt are written here before the commitment is sent, so that a
 * restart between commit and reveal can still reveal.
 *
 * @param salt 0x-hex, 32 random bytes
 * @param reasoning why this node votes as it does (what it recomputed or fetched)
 * @param withMajority whether the vote matched the outcome (set once settled)
 */
public record JuryRecord(
    String disputeId,
    int seat,
    DisputeKind kind,
    JuryStatus status,
    Optional<Vote> vote,
    Optional<String> salt,
    String reasoning,
    Optional<DisputeOutcome> outcome,
    Optional<Boolean> withMajority) {

  public JuryRecord {
    Objects.requireNonNull(disputeId, "disputeId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reasoning, "reasoning");
    if (vote.isPresent() != salt.isPresent()) {
      throw new IllegalArgumentException("a vote and its salt are persisted together");
    }
  }

  public static JuryRecord drawn(String disputeId, int seat, DisputeKind kind) {
    return new JuryRecord(
        disputeId,
        seat,
        kind,
        JuryStatus.DRAWN,
        Optional.empty(),
        Optional.empty(),
        "drawn; not yet decided",
        Optional.empty(),
        Optional.empty());
  }

  public JuryRecord decided(Vote decision, String saltHex, String why) {
    return new JuryRecord(
        disputeId,
        seat,
        kind,
        JuryStatus.DECIDED,
        Optional.of(decision),
        Optional.of(saltHex),
        why,
        outcome,
        withMajority);
  }

  public JuryRecord withStatus(JuryStatus newStatus) {
    return new JuryRecord(
        disputeId, seat, kind, newStatus, vote, salt, reasoning, outcome, withMajority);
  }

  public JuryRecord settled(DisputeOutcome settledAs) {
    Optional<Boolean> matched =
        vote.map(
            v ->
                (v == Vote.WORKER_AT_FAULT && settledAs == DisputeOutcome.WORKER_AT_FAULT)
                    || (v == Vote.CHALLENGER_AT_FAULT
                        && settledAs == DisputeOutcome.CHALLENGER_AT_FAULT));
    return new JuryRecord(
        disputeId,
        seat,
        kind,
        JuryStatus.SETTLED,
        vote,
        salt,
        reasoning,
        Optional.of(settledAs),
        status == JuryStatus.REVEALED ? matched : Optional.of(false));
  }
}
