package org.polyculture.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;

/** A counter with labels, one series per tuple of label values (bounded; see the registry). */
public final class LabelledCounter implements Collector {

  private final String name;
  private final String help;
  private final LabelledMetric<DoubleAdder> cells;

  LabelledCounter(String name, String help, List<String> labelNames, int maxSeries) {
    this.name = MetricFamily.requireName(name);
    this.help = help;
    this.cells = new LabelledMetric<>(labelNames, maxSeries, DoubleAdder::new);
  }

  public void increment(String... labelValues) {
    cells.cell(labelValues).add(1);
  }

  /** Adds {@code amount} (not negative) to the series of {@code labelValues}. */
  public void add(double amount, String... labelValues) {
    if (!(amount >= 0)) {
      throw new IllegalArgumentException("a counter cannot go down: " + amount);
    }
    cells.cell(labelValues).add(amount);
  }

  /** The value of one series (0 when it has not been counted yet). */
  public double value(String... labelValues) {
    return cells.entries().stream()
        .filter(entry -> List.copyOf(entry.getKey().values()).equals(List.of(labelValues)))
        .mapToDouble(entry -> entry.getValue().sum())
        .sum();
  }

  @Override
  public List<MetricFamily> collect() {
    List<Sample> samples = new ArrayList<>();
    cells.entries().forEach(e -> samples.add(new Sample(name, e.getKey(), e.getValue().sum())));
    return List.of(new MetricFamily(name, help, MetricType.COUNTER, samples));
  }
}
