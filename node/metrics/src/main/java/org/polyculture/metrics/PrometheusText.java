package org.polyculture.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes and reads the Prometheus text exposition format, version 0.0.4: {@code # HELP} and {@code
 * # TYPE} lines, then one line per sample, {@code name{label="value",...} value}. The reader is
 * strict (a line it cannot read is an error, not skipped): tests scrape our nodes with it, and
 * {@code polyculture status} reads a node's figures with it.
 */
public final class PrometheusText {

  /** The content type of the format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  public static String write(List<MetricFamily> families) {
    StringBuilder out = new StringBuilder();
    Set<String> written = new HashSet<>();
    for (MetricFamily family : families) {
      if (!written.add(family.name())) {
        continue;
      }
      out.append("# HELP ").append(family.name()).append(' ');
      out.append(escapeHelp(family.help())).append('\n');
      out.append("# TYPE ").append(family.name()).append(' ');
      out.append(family.type().exposition()).append('\n');
      for (Sample sample : family.samples()) {
        out.append(sample.name());
        if (!sample.labels().isEmpty()) {
          out.append('{');
          boolean first = true;
          for (Map.Entry<String, String> label : sample.labels().entrySet()) {
            if (!first) {
              out.append(',');
            }
            first = false;
            out.append(label.getKey()).append("=\"");
            out.append(escapeLabel(label.getValue())).append('"');
          }
          out.append('}');
        }
        out.append(' ').append(formatValue(sample.value())).append('\n');
      }
    }
    return out.toString();
  }

  static String formatValue(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  private static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  private static String escapeLabel(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /**
   * Reads an exposition into its families, in order. Throws {@link MalformedExpositionException} at
   * the first line that is not valid: a sample before its {@code # TYPE}, a bad name, label or
   * value, a family declared twice.
   */
  public static List<MetricFamily> parse(String text) {
    Map<String, MetricType> types = new LinkedHashMap<>();
    Map<String, String> helps = new LinkedHashMap<>();
    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int number = 1; number <= lines.length; number++) {
      String line = lines[number - 1];
      if (line.isEmpty()) {
        continue;
      }
      try {
        if (line.startsWith("# HELP ")) {
          String[] parts = line.substring(7).split(" ", 2);
          helps.put(MetricFamily.requireName(parts[0]), parts.length > 1 ? parts[1] : "");
        } else if (line.startsWith("# TYPE ")) {
          String[] parts = line.substring(7).split(" ", 2);
          String name = MetricFamily.requireName(parts[0]);
          if (parts.length < 2) {
            throw new IllegalArgumentException("no type");
          }
          if (types.put(name, MetricType.fromExposition(parts[1])) != null) {
            throw new IllegalArgumentException("family " + name + " declared twice");
          }
          samples.put(name, new ArrayList<>());
        } else if (line.startsWith("#")) {
          continue;
        } else {
          Sample sample = parseSample(line);
          String family = familyOf(sample.name(), types);
          samples.get(family).add(sample);
        }
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        throw new MalformedExpositionException(
            "line " + number + " (" + abbreviate(line) + "): " + e.getMessage());
      }
    }
    List<MetricFamily> families = new ArrayList<>();
    types.forEach(
        (name, type) ->
            families.add(
                new MetricFamily(name, helps.getOrDefault(name, ""), type, samples.get(name))));
    return families;
  }

  private static String familyOf(String sampleName, Map<String, MetricType> types) {
    if (types.containsKey(sampleName)) {
      return sampleName;
    }
    for (String suffix : List.of("_sum", "_count", "_bucket")) {
      if (sampleName.endsWith(suffix)) {
        String base = sampleName.substring(0, sampleName.length() - suffix.length());
        MetricType type = types.get(base);
        if (type == MetricType.SUMMARY) {
          return base;
        }
      }
    }
    throw new IllegalArgumentException("sample " + sampleName + " has no # TYPE line before it");
  }

  private static Sample parseSample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    int rest;
    if (brace >= 0 && (space < 0 || brace < space)) {
      name = line.substring(0, brace);
      rest = parseLabels(line, brace + 1, labels);
    } else {
      if (space < 0) {
        throw new IllegalArgumentException("no value");
      }
      name = line.substring(0, space);
      rest = space;
    }
    MetricFamily.requireName(name);
    if (rest >= line.length() || line.charAt(rest) != ' ') {
      throw new IllegalArgumentException("no space before the value");
    }
    String[] valueAndTime = line.substring(rest + 1).split(" ");
    if (valueAndTime.length > 2) {
      throw new IllegalArgumentException("trailing text after the value");
    }
    if (valueAndTime.length == 2) {
      Long.parseLong(valueAndTime[1]);
    }
    return new Sample(name, labels, parseValue(valueAndTime[0]));
  }

  /** Reads labels from {@code start} (just after '{') and returns the index after the '}'. */
  private static int parseLabels(String line, int start, Map<String, String> labels) {
    int i = start;
    while (true) {
      if (line.charAt(i) == '}') {
        return i + 1;
      }
      int equals = line.indexOf('=', i);
      if (equals < 0) {
        throw new IllegalArgumentException("a label without '='");
      }
      String label = MetricFamily.requireLabelName(line.substring(i, equals));
      if (line.charAt(equals + 1) != '"') {
        throw new IllegalArgumentException("label " + label + " is not quoted");
      }
      StringBuilder value = new StringBuilder();
      int j = equals + 2;
      while (line.charAt(j) != '"') {
        char c = line.charAt(j);
        if (c == '\\') {
          char escaped = line.charAt(j + 1);
          value.append(
              switch (escaped) {
                case 'n' -> '\n';
                case '\\' -> '\\';
                case '"' -> '"';
                default -> throw new IllegalArgumentException("bad escape \\" + escaped);
              });
          j += 2;
        } else {
          value.append(c);
          j++;
        }
      }
      if (labels.put(label, value.toString()) != null) {
        throw new IllegalArgumentException("label " + label + " given twice");
      }
      i = j + 1;
      if (line.charAt(i) == ',') {
        i++;
      } else if (line.charAt(i) != '}') {
        throw new IllegalArgumentException("expected ',' or '}' after a label");
      }
    }
  }

  private static double parseValue(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        if (!text.matches("[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?")) {
          throw new IllegalArgumentException("bad value '" + text + "'");
        }
        yield Double.parseDouble(text);
      }
    };
  }

  private static String abbreviate(String line) {
    return line.length() <= 80 ? line : line.substring(0, 77) + "...";
  }
}
