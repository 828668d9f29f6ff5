package org.polyculture.metrics;

import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;

/** A counter without labels: only goes up. */
public final class Counter implements Collector {

  private final String name;
  private final String help;
  private final DoubleAdder value = new DoubleAdder();

  Counter(String name, String help) {
    this.name = MetricFamily.requireName(name);
    this.help = help;
  }

  public void increment() {
    value.add(1);
  }

  /** Adds {@code amount}, which must not be negative. */
  public void add(double amount) {
    if (!(amount >= 0)) {
      throw new IllegalArgumentException("a counter cannot go down: " + amount);
    }
    value.add(amount);
  }

  public double value() {
    return value.sum();
  }

  @Override
  public List<MetricFamily> collect() {
    return List.of(
        new MetricFamily(name, help, MetricType.COUNTER, List.of(Sample.of(name, value()))));
  }
}
