package org.polyculture.metrics;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** A metric: its name, help text, type and current samples. */
public record MetricFamily(String name, String help, MetricType type, List<Sample> samples) {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  public MetricFamily {
    requireName(name);
    Objects.requireNonNull(help, "help");
    Objects.requireNonNull(type, "type");
    samples = List.copyOf(samples);
  }

  /** Throws unless {@code name} is a valid metric name. */
  public static String requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid metric name '" + name + "'");
    }
    return name;
  }

  /** Throws unless {@code name} is a valid label name (names starting with __ are reserved). */
  public static String requireLabelName(String name) {
    if (name == null || !LABEL.matcher(name).matches() || name.startsWith("__")) {
      throw new IllegalArgumentException("invalid label name '" + name + "'");
    }
    return name;
  }
}
