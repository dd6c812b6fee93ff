package io.homesales.cleaning.gate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the gates judge a run (docs/quality-gates.md gives each default and why).
 *
 * @param mode hold, warn or off
 * @param minSample records a run must have finished with before any gate trips; also the probe's size while held,
 *     and the fewest records a run needs to count in a baseline
 * @param rejected the limits on the share of records rejected
 * @param reason the limits on the share rejected for any one reason, unless {@code reasons} names it
 * @param reasons limits for named reasons, which replace {@code reason}'s
 * @param baselineRuns the runs a baseline is taken over, the newest first
 * @param baselineMinRuns fewer runs than this: no baseline, only the absolute limits
 * @param rise the least rise above the baseline's mean that warns and that fails
 * @param ratio the least ratio to the baseline's mean that trips (warn and fail)
 */
public record GateSettings(GateMode mode, int minSample, Limits rejected, Limits reason, Map<String, Limits> reasons,
    int baselineRuns, int baselineMinRuns, Limits rise, double ratio) {

  public static final GateMode DEFAULT_MODE = GateMode.HOLD;
  public static final int DEFAULT_MIN_SAMPLE = 200;
  public static final Limits DEFAULT_REJECTED = new Limits(0.85, 0.95);
  public static final Limits DEFAULT_REASON = new Limits(0.75, 0.9);
  public static final int DEFAULT_BASELINE_RUNS = 20;
  public static final int DEFAULT_BASELINE_MIN_RUNS = 5;
  public static final Limits DEFAULT_RISE = new Limits(0.1, 0.25);
  public static final double DEFAULT_RATIO = 2;

  public static final GateSettings DEFAULTS = new GateSettings(DEFAULT_MODE, DEFAULT_MIN_SAMPLE, DEFAULT_REJECTED,
      DEFAULT_REASON, Map.of(), DEFAULT_BASELINE_RUNS, DEFAULT_BASELINE_MIN_RUNS, DEFAULT_RISE, DEFAULT_RATIO);

  public GateSettings {
    reasons = Map.copyOf(reasons);
  }

  /** The same settings with another minimum sample (a probe of fewer pending records is judged on its own size). */
  public GateSettings withMinSample(int records) {
    return new GateSettings(mode, records, rejected, reason, reasons, baselineRuns, baselineMinRuns, rise, ratio);
  }

  /** The same settings with another mode. */
  public GateSettings withMode(GateMode other) {
    return new GateSettings(other, minSample, rejected, reason, reasons, baselineRuns, baselineMinRuns, rise, ratio);
  }

  /** The limits of a gate: {@link Gates#REJECTED}'s, or its reason's. */
  public Limits limits(String gate) {
    if (gate.equals(Gates.REJECTED)) {
      return rejected;
    }
    Limits named = reasons.get(Gates.reasonOf(gate));
    return named != null ? named : reason;
  }

  /**
   * Reads {@code REASON=WARN/FAIL,...}: a reason is everything before the last {@code =} of its entry, so that
   * reasons with a colon ({@code price:missing}) fit as they are. An {@link IllegalArgumentException} says why not.
   */
  public static Map<String, Limits> parseReasons(String text) {
    Map<String, Limits> parsed = new LinkedHashMap<>();
    for (String entry : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.lastIndexOf('=');
      if (eq <= 0 || entry.substring(0, eq).isBlank()) {
        throw new IllegalArgumentException("must be REASON=WARN/FAIL entries separated by commas, such as"
            + " price:missing=0.5/0.8,enrichment:schools=off (got '" + entry.trim() + "')");
      }
      String reason = entry.substring(0, eq).trim();
      Limits limits;
      try {
        limits = Limits.parse(entry.substring(eq + 1), 1);
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException("has " + reason + " whose limits " + bad.getMessage());
      }
      if (parsed.put(reason, limits) != null) {
        throw new IllegalArgumentException("names " + reason + " twice");
      }
    }
    return parsed;
  }

  /** As {@link #parseReasons} reads it. */
  public static String writeReasons(Map<String, Limits> reasons) {
    return reasons.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }
}
