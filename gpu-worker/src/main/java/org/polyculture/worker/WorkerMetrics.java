package org.polyculture.worker;

import java.math.BigInteger;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.polyculture.chain.index.EventIndexer;
import org.polyculture.chain.index.IndexerMetrics;
import org.polyculture.metrics.Counter;
import org.polyculture.metrics.JvmMetrics;
import org.polyculture.metrics.LabelledCounter;
import org.polyculture.metrics.MetricsRegistry;

/**
 * The worker's metrics: steps trained and the current training speed, segment phase changes (a
 * change to COMMITTED is a commit, to REWARDED a reward claimed), segments by phase, bonded stake,
 * the indexer's lag, and the JVM's figures. The HTTP figures are added by the transfer server.
 */
final class WorkerMetrics {

  private final MetricsRegistry registry = new MetricsRegistry();
  private final Counter stepsTrained;
  private final LabelledCounter transitions;
  private volatile double stepsPerSecond;

  WorkerMetrics(
      EventIndexer indexer,
      Supplier<Map<SegmentPhase, Integer>> segmentsByPhase,
      Supplier<BigInteger> bonded) {
    JvmMetrics.register(registry);
    stepsTrained = registry.counter("worker_steps_trained_total", "Training steps computed");
    registry.gauge(
        "worker_steps_per_second",
        "Training speed over the segment being trained (0 when idle)",
        () -> stepsPerSecond);
    transitions =
        registry.counter(
            "worker_segment_transitions_total",
            "Segments entering a phase (COMMITTED: commits; REWARDED: rewards claimed)",
            "phase");
    registry.gauge(
        "worker_segments",
        "The worker's segments by phase",
        "phase",
        () -> {
          Map<String, Integer> byName = new java.util.LinkedHashMap<>();
          Map<SegmentPhase, Integer> counts = new EnumMap<>(SegmentPhase.class);
          counts.putAll(segmentsByPhase.get());
          for (SegmentPhase phase : SegmentPhase.values()) {
            byName.put(phase.name(), counts.getOrDefault(phase, 0));
          }
          return byName;
        });
    registry.gauge(
        "worker_bonded_stake",
        "Bonded stake in token base units",
        () -> bonded.get().doubleValue());
    IndexerMetrics.register(registry, indexer);
  }

  MetricsRegistry registry() {
    return registry;
  }

  void stepTrained() {
    stepsTrained.increment();
  }

  void trainingSpeed(double stepsPerSecond) {
    this.stepsPerSecond = stepsPerSecond;
  }

  void entered(SegmentPhase phase) {
    transitions.increment(phase.name());
  }

  double transitionsTo(SegmentPhase phase) {
    return transitions.value(phase.name());
  }
}
