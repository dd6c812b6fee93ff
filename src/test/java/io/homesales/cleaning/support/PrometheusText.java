package io.homesales.cleaning.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Prometheus's text format (version 0.0.4) into samples: {@code name{labels}} to value. Strict enough to
 * fail on a malformed line: every line is a comment, blank, or {@code name[{label="value",...}] number}.
 */
public final class PrometheusText {

  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? (\\S+)( \\d+)?");

  private PrometheusText() {}

  /** Samples by {@code name{labels}} as written (labels in the order given). */
  public static Map<String, Double> parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new AssertionError("not a Prometheus sample line: " + line);
      }
      String value = m.group(3).replace("+Inf", "Infinity").replace("-Inf", "-Infinity");
      samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(value));
    }
    return samples;
  }

  /** The sum of the samples of a metric whose labels include every given {@code label="value"}. */
  public static double sum(Map<String, Double> samples, String name, String... labels) {
    double sum = 0;
    for (Map.Entry<String, Double> sample : samples.entrySet()) {
      String key = sample.getKey();
      if (!key.equals(name) && !key.startsWith(name + "{")) {
        continue;
      }
      boolean all = true;
      for (String label : labels) {
        all &= key.contains(label);
      }
      if (all) {
        sum += sample.getValue();
      }
    }
    return sum;
  }
}
