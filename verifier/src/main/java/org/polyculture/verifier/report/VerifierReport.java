package org.polyculture.verifier.report;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.polyculture.verifier.store.AuditRecord;
import org.polyculture.verifier.store.DisputeRecord;
import org.polyculture.verifier.store.JuryRecord;

/**
 * What a verifier has done, as served on {@code /v1/report} and written to {@code report.json}: the
 * latest audits (segments, sampled steps, results, disputes opened and their outcomes), the
 * disputes it opened, its jury duties, and its counters.
 *
 * @param indexedBlock the last block the node has indexed
 */
public record VerifierReport(
    String verifier,
    long indexedBlock,
    Map<String, Long> counters,
    List<AuditRecord> audits,
    List<DisputeRecord> disputesOpened,
    List<JuryRecord> juryDuties) {

  public VerifierReport {
    Objects.requireNonNull(verifier, "verifier");
    counters = Map.copyOf(counters);
    audits = List.copyOf(audits);
    disputesOpened = List.copyOf(disputesOpened);
    juryDuties = List.copyOf(juryDuties);
  }
}
