package org.polyculture.metrics;

import java.util.List;

/** Something that reports metric families when scraped. */
@FunctionalInterface
public interface Collector {

  /** The families as they are now; called on the scraping thread, so it must be quick. */
  List<MetricFamily> collect();
}
