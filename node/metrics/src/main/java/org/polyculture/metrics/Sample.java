package org.polyculture.metrics;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One line of an exposition: a sample name (the family's name, or with a suffix such as {@code
 * _sum}), its labels and its value.
 */
public record Sample(String name, Map<String, String> labels, double value) {

  public Sample {
    Objects.requireNonNull(name, "name");
    labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  public static Sample of(String name, double value) {
    return new Sample(name, Map.of(), value);
  }

  /** The value of label {@code label}, or the empty string (as Prometheus reads a missing one). */
  public String label(String label) {
    return labels.getOrDefault(label, "");
  }
}
