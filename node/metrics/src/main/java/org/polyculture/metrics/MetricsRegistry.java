package org.polyculture.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of one process. Components are handed the registry and create their metrics in their
 * constructors; {@link #scrape()} writes all of them in the Prometheus text format. A collector
 * that throws while being scraped is left out of that scrape (and logged), so one broken gauge
 * cannot take the endpoint down.
 */
public final class MetricsRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(MetricsRegistry.class);

  /** Most series one labelled metric keeps; later label tuples are counted as "other". */
  public static final int DEFAULT_MAX_SERIES = 500;

  private final List<Collector> collectors = new CopyOnWriteArrayList<>();
  private final Set<String> names = new HashSet<>();

  public Counter counter(String name, String help) {
    return register(name, new Counter(name, help));
  }

  public LabelledCounter counter(String name, String help, String... labelNames) {
    return register(
        name, new LabelledCounter(name, help, Arrays.asList(labelNames), DEFAULT_MAX_SERIES));
  }

  public LabelledSummary summary(String name, String help, String... labelNames) {
    return register(
        name, new LabelledSummary(name, help, Arrays.asList(labelNames), DEFAULT_MAX_SERIES));
  }

  /** A gauge read from {@code value} at each scrape. */
  public void gauge(String name, String help, DoubleSupplier value) {
    MetricFamily.requireName(name);
    register(
        name,
        () ->
            List.of(
                new MetricFamily(
                    name, help, MetricType.GAUGE, List.of(Sample.of(name, value.getAsDouble())))));
  }

  /**
   * A gauge with one label whose series are read from {@code values} at each scrape (label value to
   * gauge value).
   */
  public void gauge(
      String name, String help, String labelName, Supplier<Map<String, ? extends Number>> values) {
    MetricFamily.requireName(name);
    MetricFamily.requireLabelName(labelName);
    register(
        name,
        () -> {
          List<Sample> samples = new ArrayList<>();
          values
              .get()
              .forEach(
                  (label, value) ->
                      samples.add(new Sample(name, Map.of(labelName, label), value.doubleValue())));
          return List.of(new MetricFamily(name, help, MetricType.GAUGE, samples));
        });
  }

  /** Registers a collector that reports several families (the JVM's, for example). */
  public void register(Collector collector) {
    collectors.add(collector);
  }

  private synchronized <T extends Collector> T register(String name, T collector) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("metric '" + name + "' is already registered");
    }
    collectors.add(collector);
    return collector;
  }

  /** Every family as it is now. */
  public List<MetricFamily> collect() {
    List<MetricFamily> families = new ArrayList<>();
    for (Collector collector : collectors) {
      try {
        families.addAll(collector.collect());
      } catch (RuntimeException e) {
        LOG.warn("a metrics collector failed and is left out of this scrape", e);
      }
    }
    return families;
  }

  /** The exposition of every family, in the Prometheus text format 0.0.4. */
  public String scrape() {
    return PrometheusText.write(collect());
  }
}
