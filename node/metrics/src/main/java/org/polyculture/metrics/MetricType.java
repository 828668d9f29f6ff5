package org.polyculture.metrics;

import java.util.Locale;

/** The metric types this exporter writes, as the {@code # TYPE} line names them. */
public enum MetricType {
  COUNTER,
  GAUGE,
  SUMMARY,
  UNTYPED;

  /** The name in the exposition format. */
  public String exposition() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type named {@code text} in a {@code # TYPE} line. */
  public static MetricType fromExposition(String text) {
    for (MetricType type : values()) {
      if (type.exposition().equals(text)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown metric type '" + text + "'");
  }
}
