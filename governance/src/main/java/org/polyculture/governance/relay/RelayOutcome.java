package org.polyculture.governance.relay;

import java.util.Objects;
import java.util.Optional;

/**
 * What a relay did: sent the transaction (its hash and block), or refused with a reason of type
 * {@code R} and a message for the signer. Nothing was sent when it refused.
 */
public sealed interface RelayOutcome<R extends Enum<R>> {

  /** The reason for refusing, or empty when the relay was sent. */
  default Optional<R> refusal() {
    return this instanceof Refused<R> refused ? Optional.of(refused.reason()) : Optional.empty();
  }

  /** The transaction was mined. */
  record Relayed<R extends Enum<R>>(String transactionHash, long blockNumber)
      implements RelayOutcome<R> {
    public Relayed {
      Objects.requireNonNull(transactionHash, "transactionHash");
    }
  }

  /** The request was refused; nothing was sent. */
  record Refused<R extends Enum<R>>(R reason, String message) implements RelayOutcome<R> {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }
}
