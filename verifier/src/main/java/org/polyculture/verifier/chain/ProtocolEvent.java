package org.polyculture.verifier.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/** The protocol events a verifier acts on, decoded from indexed logs, in chain order. */
public sealed interface ProtocolEvent {

  LogPosition position();

  /** A segment was committed: audit it. */
  record SegmentCommitted(LogPosition position, SegmentCommit commit) implements ProtocolEvent {
    public SegmentCommitted {
      Objects.requireNonNull(position, "position");
      Objects.requireNonNull(commit, "commit");
    }
  }

  /**
   * A dispute was opened (by anyone). {@code committedStateHash} is the proven state after {@code
   * step} (fraud) or the withheld state (availability); {@code transactionHash} locates the
   * evidence in calldata.
   */
  record DisputeOpened(
      LogPosition position,
      String transactionHash,
      BigInteger disputeId,
      BigInteger jobId,
      long segment,
      DisputeKind kind,
      String challenger,
      String worker,
      long step,
      Bytes32 committedStateHash,
      Bytes32 challengerStateHash,
      long drawBlock)
      implements ProtocolEvent {
    public DisputeOpened {
      Objects.requireNonNull(position, "position");
      Objects.requireNonNull(transactionHash, "transactionHash");
      Objects.requireNonNull(disputeId, "disputeId");
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(challenger, "challenger");
      Objects.requireNonNull(worker, "worker");
      Objects.requireNonNull(committedStateHash, "committedStateHash");
      Objects.requireNonNull(challengerStateHash, "challengerStateHash");
    }
  }

  /** A jury was drawn; seat i belongs to {@code jurors.get(i)}. */
  record JuryDrawn(
      LogPosition position,
      BigInteger disputeId,
      List<String> jurors,
      long commitDeadline,
      long revealDeadline)
      implements ProtocolEvent {
    public JuryDrawn {
      Objects.requireNonNull(position, "position");
      Objects.requireNonNull(disputeId, "disputeId");
      jurors = List.copyOf(jurors);
    }
  }

  /** A dispute was settled; amounts in token base units. */
  record DisputeResolved(
      LogPosition position,
      BigInteger disputeId,
      DisputeOutcome outcome,
      BigInteger slashed,
      BigInteger toWinner,
      BigInteger toJurors)
      implements ProtocolEvent {
    public DisputeResolved {
      Objects.requireNonNull(position, "position");
      Objects.requireNonNull(disputeId, "disputeId");
      Objects.requireNonNull(outcome, "outcome");
    }
  }
}
