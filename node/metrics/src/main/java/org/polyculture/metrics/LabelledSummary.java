package org.polyculture.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A summary without quantiles: per tuple of label values, how many observations and their sum
 * (enough for rates and mean latencies in Prometheus).
 */
public final class LabelledSummary implements Collector {

  private final String name;
  private final String help;
  private final LabelledMetric<Cell> cells;

  LabelledSummary(String name, String help, List<String> labelNames, int maxSeries) {
    this.name = MetricFamily.requireName(name);
    this.help = help;
    this.cells = new LabelledMetric<>(labelNames, maxSeries, Cell::new);
  }

  /** Records one observation (for example a duration in seconds). */
  public void observe(double value, String... labelValues) {
    Cell cell = cells.cell(labelValues);
    cell.count.increment();
    cell.sum.add(value);
  }

  @Override
  public List<MetricFamily> collect() {
    List<Sample> samples = new ArrayList<>();
    cells
        .entries()
        .forEach(
            e -> {
              samples.add(new Sample(name + "_count", e.getKey(), e.getValue().count.sum()));
              samples.add(new Sample(name + "_sum", e.getKey(), e.getValue().sum.sum()));
            });
    return List.of(new MetricFamily(name, help, MetricType.SUMMARY, samples));
  }

  private static final class Cell {
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();
  }
}
