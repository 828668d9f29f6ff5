package org.polyculture.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The label bookkeeping shared by labelled counters and summaries: one cell per label-value tuple,
 * at most {@code maxSeries} of them, so that a hostile client cannot grow the registry without
 * bound by sending new label values; later tuples share one cell whose labels all read {@code
 * other}.
 */
final class LabelledMetric<C> {

  static final String OVERFLOW = "other";

  private final List<String> labelNames;
  private final int maxSeries;
  private final Supplier<C> newCell;
  private final Map<List<String>, C> cells = new ConcurrentHashMap<>();
  private final List<String> overflowKey;

  LabelledMetric(List<String> labelNames, int maxSeries, Supplier<C> newCell) {
    labelNames.forEach(MetricFamily::requireLabelName);
    if (labelNames.isEmpty()) {
      throw new IllegalArgumentException("a labelled metric needs at least one label");
    }
    if (maxSeries < 1) {
      throw new IllegalArgumentException("maxSeries must be positive");
    }
    this.labelNames = List.copyOf(labelNames);
    this.maxSeries = maxSeries;
    this.newCell = newCell;
    this.overflowKey = labelNames.stream().map(name -> OVERFLOW).toList();
  }

  C cell(String... values) {
    if (values.length != labelNames.size()) {
      throw new IllegalArgumentException(
          "expected " + labelNames.size() + " label values, got " + values.length);
    }
    List<String> key = List.of(values);
    C existing = cells.get(key);
    if (existing != null) {
      return existing;
    }
    if (cells.size() >= maxSeries) {
      return cells.computeIfAbsent(overflowKey, k -> newCell.get());
    }
    return cells.computeIfAbsent(key, k -> newCell.get());
  }

  /** Each cell with its labels, in no particular order. */
  List<Map.Entry<Map<String, String>, C>> entries() {
    List<Map.Entry<Map<String, String>, C>> entries = new ArrayList<>();
    cells.forEach(
        (values, cell) -> {
          Map<String, String> labels = new LinkedHashMap<>();
          for (int i = 0; i < labelNames.size(); i++) {
            labels.put(labelNames.get(i), values.get(i));
          }
          entries.add(Map.entry(labels, cell));
        });
    return entries;
  }

  int series() {
    return cells.size();
  }
}
