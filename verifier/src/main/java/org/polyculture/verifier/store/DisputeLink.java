package org.polyculture.verifier.store;

import java.util.Objects;
import java.util.Optional;
import org.polyculture.verifier.chain.DisputeOutcome;

/**
 * The dispute an audit opened: its id, the transaction that opened it (when this node saw it), and
 * its outcome once resolved.
 */
public record DisputeLink(
    String disputeId, Optional<String> transaction, Optional<DisputeOutcome> outcome) {

  public DisputeLink {
    Objects.requireNonNull(disputeId, "disputeId");
    Objects.requireNonNull(transaction, "transaction");
    Objects.requireNonNull(outcome, "outcome");
  }
}
