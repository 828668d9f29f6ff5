package org.polyculture.verifier.store;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.polyculture.verifier.chain.DisputeKind;
import org.polyculture.verifier.chain.DisputeOutcome;
import org.polyculture.verifier.chain.ProtocolEvent;

/**
 * A dispute as its events told it (any dispute: this node may be drawn onto its jury). Hashes are
 * 0x-hex; amounts decimal token base units.
 */
public record DisputeRecord(
    String disputeId,
    String jobId,
    long segment,
    DisputeKind kind,
    String challenger,
    String worker,
    long step,
    String committedStateHash,
    String challengerStateHash,
    long drawBlock,
    String openedTransaction,
    long openedBlock,
    List<String> jurors,
    long commitDeadline,
    long revealDeadline,
    Optional<DisputeOutcome> outcome,
    Optional<String> slashed,
    Optional<String> toWinner) {

  public DisputeRecord {
    Objects.requireNonNull(disputeId, "disputeId");
    Objects.requireNonNull(kind, "kind");
    jurors = List.copyOf(jurors);
  }

  public static DisputeRecord opened(ProtocolEvent.DisputeOpened e) {
    return new DisputeRecord(
        e.disputeId().toString(),
        e.jobId().toString(),
        e.segment(),
        e.kind(),
        e.challenger(),
        e.worker(),
        e.step(),
        e.committedStateHash().toHexString(),
        e.challengerStateHash().toHexString(),
        e.drawBlock(),
        e.transactionHash(),
        e.position().block(),
        List.of(),
        0,
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public BigInteger id() {
    return new BigInteger(disputeId);
  }

  public DisputeRecord drawn(ProtocolEvent.JuryDrawn e) {
    return new DisputeRecord(
        disputeId,
        jobId,
        segment,
        kind,
        challenger,
        worker,
        step,
        committedStateHash,
        challengerStateHash,
        drawBlock,
        openedTransaction,
        openedBlock,
        e.jurors(),
        e.commitDeadline(),
        e.revealDeadline(),
        outcome,
        slashed,
        toWinner);
  }

  public DisputeRecord resolved(ProtocolEvent.DisputeResolved e) {
    return new DisputeRecord(
        disputeId,
        jobId,
        segment,
        kind,
        challenger,
        worker,
        step,
        committedStateHash,
        challengerStateHash,
        drawBlock,
        openedTransaction,
        openedBlock,
        jurors,
        commitDeadline,
        revealDeadline,
        Optional.of(e.outcome()),
        Optional.of(e.slashed().toString()),
        Optional.of(e.toWinner().toString()));
  }
}
