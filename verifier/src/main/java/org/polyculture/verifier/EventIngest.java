package org.polyculture.verifier;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.polyculture.verifier.chain.DisputeOutcome;
import org.polyculture.verifier.chain.ProtocolEvent;
import org.polyculture.verifier.report.VerifierMetrics;
import org.polyculture.verifier.report.VerifierMetrics.Counter;
import org.polyculture.verifier.store.AuditRecord;
import org.polyculture.verifier.store.AuditStatus;
import org.polyculture.verifier.store.DisputeRecord;
import org.polyculture.verifier.store.JuryRecord;
import org.polyculture.verifier.store.VerifierStore;

/**
 * Turns chain events into the verifier's records, in chain order, in the same transaction as the
 * cursor that passes them: a commitment becomes a pending audit; a dispute is recorded (and linked
 * to the audit that opened it, when this node did); a jury that includes this node becomes a duty;
 * a resolution settles the audit and the duty.
 */
final class EventIngest {

  private final String self;
  private final VerifierMetrics metrics;

  EventIngest(String self, VerifierMetrics metrics) {
    this.self = self;
    this.metrics = metrics;
  }

  void apply(VerifierStore.Batch batch, ProtocolEvent event) {
    switch (event) {
      case ProtocolEvent.SegmentCommitted committed -> {
        batch.newAudit(sequence -> AuditRecord.pending(sequence, committed.commit()));
        metrics.increment(Counter.SEGMENTS_SEEN);
      }
      case ProtocolEvent.DisputeOpened opened -> opened(batch, opened);
      case ProtocolEvent.JuryDrawn drawn -> drawn(batch, drawn);
      case ProtocolEvent.DisputeResolved resolved -> resolved(batch, resolved);
    }
  }

  private void opened(VerifierStore.Batch batch, ProtocolEvent.DisputeOpened e) {
    boolean mine = e.challenger().equals(self);
    batch.put(DisputeRecord.opened(e), mine);
    if (!mine) {
      return;
    }
    for (AuditRecord audit : batch.activeAudits()) {
      boolean sameFinding =
          audit.commitment().jobId().equals(e.jobId().toString())
              && audit.commitment().segment() == e.segment()
              && audit.finding().filter(f -> f.step() == e.step()).isPresent()
              && audit.disputeId().isEmpty();
      if (sameFinding && audit.status() == AuditStatus.DISPUTING) {
        batch.put(audit.disputed(e.disputeId(), Optional.of(e.transactionHash())));
      }
    }
  }

  private void drawn(VerifierStore.Batch batch, ProtocolEvent.JuryDrawn e) {
    Optional<DisputeRecord> known = batch.dispute(e.disputeId());
    if (known.isEmpty()) {
      return;
    }
    DisputeRecord dispute = known.get().drawn(e);
    List<String> jurors = e.jurors();
    int seat = jurors.indexOf(self);
    boolean mine = dispute.challenger().equals(self);
    batch.put(dispute, mine || seat >= 0);
    if (seat >= 0 && batch.jury(e.disputeId()).isEmpty()) {
      batch.put(JuryRecord.drawn(dispute.disputeId(), seat, dispute.kind()));
      metrics.increment(Counter.JURIES_DRAWN);
    }
  }

  private void resolved(VerifierStore.Batch batch, ProtocolEvent.DisputeResolved e) {
    Optional<DisputeRecord> known = batch.dispute(e.disputeId());
    if (known.isEmpty()) {
      return;
    }
    DisputeRecord dispute = known.get().resolved(e);
    batch.put(dispute, false);
    if (dispute.challenger().equals(self)) {
      settleAudit(batch, e.disputeId(), e.outcome());
    }
    batch.jury(e.disputeId()).ifPresent(duty -> batch.put(duty.settled(e.outcome())));
  }

  private void settleAudit(
      VerifierStore.Batch batch, BigInteger disputeId, DisputeOutcome outcome) {
    String id = disputeId.toString();
    batch.activeAudits().stream()
        .filter(a -> a.disputeId().filter(id::equals).isPresent())
        .forEach(a -> batch.put(a.settled(outcome)));
    switch (outcome) {
      case WORKER_AT_FAULT -> metrics.increment(Counter.DISPUTES_WON);
      case CHALLENGER_AT_FAULT -> metrics.increment(Counter.DISPUTES_LOST);
      case UNDECIDED, NO_JURY, NONE -> metrics.increment(Counter.DISPUTES_UNDECIDED);
    }
  }
}
