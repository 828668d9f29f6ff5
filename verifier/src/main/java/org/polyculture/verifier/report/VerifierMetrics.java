package org.polyculture.verifier.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.polyculture.metrics.Collector;
import org.polyculture.metrics.MetricFamily;
import org.polyculture.metrics.MetricType;
import org.polyculture.metrics.Sample;

/**
 * Every counter the verifier keeps, in one place, counted since the process started. Names follow
 * Prometheus conventions so that an exporter can publish them as they are.
 */
public final class VerifierMetrics {

  /** The counters and what they count. */
  public enum Counter {
    SEGMENTS_SEEN("verifier_segments_seen_total", "Segment commitments seen on chain"),
    SEGMENTS_AUDITED("verifier_segments_audited_total", "Segments audited"),
    SEGMENTS_CLEAN(
        "verifier_segments_clean_total", "Audited segments whose sampled steps all matched"),
    SEGMENTS_FRAUD("verifier_segments_fraud_total", "Audited segments with a mismatching step"),
    SEGMENTS_WITHHELD(
        "verifier_segments_withheld_total", "Audited segments with a withheld state or step list"),
    SEGMENTS_UNVERIFIABLE(
        "verifier_segments_unverifiable_total", "Segments whose start state could not be had"),
    SEGMENTS_SKIPPED("verifier_segments_skipped_total", "Segments not audited (job unusable)"),
    STEPS_RECOMPUTED("verifier_steps_recomputed_total", "Steps recomputed"),
    STEPS_MATCHED("verifier_steps_matched_total", "Recomputed steps equal to the commitment"),
    STEPS_MISMATCHED("verifier_steps_mismatched_total", "Recomputed steps differing from it"),
    RECOMPUTE_NANOS("verifier_recompute_nanoseconds_total", "Time spent recomputing steps"),
    STATES_UNAVAILABLE("verifier_states_unavailable_total", "States a worker did not serve"),
    DISPUTES_OPENED_FRAUD("verifier_disputes_opened_fraud_total", "Fraud disputes opened"),
    DISPUTES_OPENED_AVAILABILITY(
        "verifier_disputes_opened_availability_total", "Data-availability disputes opened"),
    DISPUTES_OPENED_STEP_LIST(
        "verifier_disputes_opened_step_list_total", "Step-list availability disputes opened"),
    DISPUTES_NOT_OPENED("verifier_disputes_not_opened_total", "Findings the chain refused"),
    DISPUTES_WON("verifier_disputes_won_total", "Own disputes resolved with the worker at fault"),
    DISPUTES_LOST("verifier_disputes_lost_total", "Own disputes resolved against this node"),
    DISPUTES_UNDECIDED("verifier_disputes_undecided_total", "Own disputes undecided or jury-less"),
    JURIES_DRAWN("verifier_jury_duties_total", "Times drawn onto a jury"),
    VOTES_COMMITTED("verifier_votes_committed_total", "Vote commitments sent"),
    VOTES_REVEALED("verifier_votes_revealed_total", "Votes revealed"),
    VOTES_MISSED("verifier_votes_missed_total", "Votes not committed or revealed in time"),
    JURIES_DRAWN_BY_THIS_NODE("verifier_draw_jury_calls_total", "drawJury calls sent"),
    DISPUTES_RESOLVED_BY_THIS_NODE("verifier_resolve_calls_total", "resolve calls sent"),
    CHAIN_ERRORS("verifier_chain_errors_total", "Passes cut short by a chain or transport error");

    private final String metricName;
    private final String help;

    Counter(String metricName, String help) {
      this.metricName = metricName;
      this.help = help;
    }

    public String metricName() {
      return metricName;
    }

    public String help() {
      return help;
    }
  }

  private final Map<Counter, AtomicLong> counters = new EnumMap<>(Counter.class);

  public VerifierMetrics() {
    for (Counter counter : Counter.values()) {
      counters.put(counter, new AtomicLong());
    }
  }

  public void increment(Counter counter) {
    add(counter, 1);
  }

  public void add(Counter counter, long amount) {
    counters.get(counter).addAndGet(amount);
  }

  public long get(Counter counter) {
    return counters.get(counter).get();
  }

  /** The counters as Prometheus counter families, for a metrics registry. */
  public Collector collector() {
    return () -> {
      List<MetricFamily> families = new ArrayList<>();
      for (Counter counter : Counter.values()) {
        String name = counter.metricName();
        families.add(
            new MetricFamily(
                name, counter.help(), MetricType.COUNTER, List.of(Sample.of(name, get(counter)))));
      }
      return families;
    };
  }

  /** Every counter by its metric name, in declaration order. */
  public Map<String, Long> snapshot() {
    Map<String, Long> values = new LinkedHashMap<>();
    for (Counter counter : Counter.values()) {
      values.put(counter.metricName(), get(counter));
    }
    return values;
  }
}
