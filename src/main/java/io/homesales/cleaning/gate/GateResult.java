package io.homesales.cleaning.gate;

import java.util.Locale;

/**
 * One gate's verdict on a sample.
 *
 * @param gate {@link Gates#REJECTED} or {@code reason:<reason>}
 * @param observed the share in the sample
 * @param count the records it counted
 * @param sample the records judged
 * @param limit the limit it reached (warn or fail), or its fail limit when it reached none; NaN: none applies
 * @param baselineMean the share's mean over the baseline's runs; NaN without a baseline
 * @param baselineRuns the runs the baseline was taken over; 0 without one
 */
public record GateResult(String gate, Level level, double observed, long count, long sample, double limit,
    double baselineMean, int baselineRuns) {

  /** One line naming the gate, the share, the limit and the baseline. */
  public String describe() {
    String base = baselineRuns == 0 ? "no baseline yet"
        : "baseline " + percent(baselineMean) + " over " + baselineRuns + " runs";
    return "gate " + gate + " " + (level == Level.OK ? "passed" : level == Level.WARN ? "warned" : "failed") + ": "
        + percent(observed) + " of " + sample + " records (" + count + "), limit " + percent(limit) + ", " + base;
  }

  static String percent(double share) {
    return Double.isNaN(share) ? "none" : String.format(Locale.ROOT, "%.1f%%", share * 100);
  }
}
