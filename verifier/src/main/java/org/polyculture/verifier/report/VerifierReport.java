package org.polyculture.verifier.report;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.polyculture.verifier.store.AuditRecord;
import org.polyculture.verifier.store.DisputeRecord;
import org.polyculture.verifier.store.JuryRecord;

/**
 * What a verifier has done, as served on {@code /v1/report} and written to {@code report.json}: the
 * latest audits (segments, sampled steps, results, disputes opened and their outcomes), the
 * disputes it opened, its jury duties, its counters and its stake.
 *
 * @param indexedBlock the last block the node has indexed
 * @param stake its stake as last read from the chain; empty where the report is made without it
 */
public record VerifierReport(
    String verifier,
    long indexedBlock,
    Map<String, Long> counters,
    List<AuditRecord> audits,
    List<DisputeRecord> disputesOpened,
    List<JuryRecord> juryDuties,
    Optional<VerifierStake> stake) {

  public VerifierReport {
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(stake, "stake");
    counters = Map.copyOf(counters);
    audits = List.copyOf(audits);
    disputesOpened = List.copyOf(disputesOpened);
    juryDuties = List.copyOf(juryDuties);
  }

  /** A report without the stake (the node's own store does not hold it). */
  public VerifierReport(
      String verifier,
      long indexedBlock,
      Map<String, Long> counters,
      List<AuditRecord> audits,
      List<DisputeRecord> disputesOpened,
      List<JuryRecord> juryDuties) {
    this(verifier, indexedBlock, counters, audits, disputesOpened, juryDuties, Optional.empty());
  }

  /** This report with {@code stake} in place of the stake it has. */
  public VerifierReport withStake(Optional<VerifierStake> stake) {
    return new VerifierReport(
        verifier, indexedBlock, counters, audits, disputesOpened, juryDuties, stake);
  }
}
