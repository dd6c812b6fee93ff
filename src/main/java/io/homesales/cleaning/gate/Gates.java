package io.homesales.cleaning.gate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The judge of a run (docs/quality-gates.md): a share of rejections, overall and per reason, against an absolute
 * limit and against its own baseline. Above its baseline, a share trips only when it has risen by at least the
 * least rise, by at least the least ratio, and by more than {@link #SPREADS} spreads, the spread being the
 * baseline's own and the sample's binomial one together: a steady feed has almost no spread, and a small sample
 * has a wide one. Nothing trips below the minimum sample.
 *
 * <p>Immutable; cheap enough to ask after every rejection ({@link #afterRejection}).
 */
public final class Gates {

  /** The gate on the share of all rejections. */
  public static final String REJECTED = "rejected";
  /** The prefix of a reason's gate: {@code reason:price:missing}. */
  public static final String REASON = "reason:";
  /** How many spreads above its baseline's mean a share must be to trip, besides the least rise and ratio. */
  static final double SPREADS = 4;

  private final GateSettings settings;
  private final Baseline baseline;

  public Gates(GateSettings settings, Baseline baseline) {
    this.settings = settings;
    this.baseline = baseline;
  }

  public GateSettings settings() {
    return settings;
  }

  public Baseline baseline() {
    return baseline;
  }

  public static String reasonGate(String reason) {
    return REASON + reason;
  }

  /** The reason a reason's gate is on. */
  public static String reasonOf(String gate) {
    return gate.substring(REASON.length());
  }

  /**
   * The share at which a gate reaches a level in a sample of {@code sample} records: the lower of its absolute
   * limit and its baseline's; NaN when neither applies.
   */
  public double limit(String gate, Level level, long sample) {
    Limits limits = settings.limits(gate);
    if (Limits.OFF.equals(limits)) { // off turns the whole gate off, its baseline too
      return Double.NaN;
    }
    double absolute = limits.of(level);
    Baseline.Stats history = baseline.of(gate);
    if (history.runs() < settings.baselineMinRuns() || history.runs() == 0) {
      return absolute;
    }
    double mean = history.mean();
    double spread = Math.sqrt(history.spread() * history.spread() + mean * (1 - mean) / Math.max(sample, 1));
    double rise = Math.max(settings.rise().of(level), SPREADS * spread);
    double relative = Double.isNaN(rise) ? Double.NaN : Math.max(mean + rise, settings.ratio() * mean);
    if (Double.isNaN(absolute)) {
      return relative;
    }
    return Double.isNaN(relative) ? absolute : Math.min(absolute, relative);
  }

  /** A gate's verdict on {@code count} of {@code sample} records. */
  public GateResult judge(String gate, long count, long sample) {
    double observed = sample == 0 ? 0 : (double) count / sample;
    Baseline.Stats history = baseline.of(gate);
    boolean judged = sample >= settings.minSample();
    double fail = limit(gate, Level.FAIL, sample);
    double warn = limit(gate, Level.WARN, sample);
    Level level = Level.OK;
    double reached = fail;
    if (judged && observed >= fail) {
      level = Level.FAIL;
    } else if (judged && observed >= warn) {
      level = Level.WARN;
      reached = warn;
    }
    boolean counted = history.runs() >= settings.baselineMinRuns() && history.runs() > 0;
    return new GateResult(gate, level, observed, count, sample, reached, counted ? history.mean() : Double.NaN,
        counted ? history.runs() : 0);
  }

  /**
   * Every gate on a run's counts: the overall one and one per reason given, worst first, then by gate. Empty when
   * the gates are off.
   */
  public List<GateResult> evaluate(Counts counts) {
    if (settings.mode() == GateMode.OFF) {
      return List.of();
    }
    List<GateResult> results = new ArrayList<>();
    results.add(judge(REJECTED, counts.rejected(), counts.done()));
    for (Map.Entry<String, ? extends Number> reason : counts.reasons().entrySet()) {
      results.add(judge(reasonGate(reason.getKey()), reason.getValue().longValue(), counts.done()));
    }
    // Worst first; at the same level, reasons before the overall gate, the highest share first.
    results.sort(Comparator.comparing(GateResult::level).reversed()
        .thenComparing(r -> r.gate().equals(REJECTED))
        .thenComparing(Comparator.comparingDouble(GateResult::observed).reversed())
        .thenComparing(GateResult::gate));
    return results;
  }

  /** The gates among {@code results} that failed. */
  public static List<String> failing(List<GateResult> results) {
    return results.stream().filter(r -> r.level() == Level.FAIL).map(GateResult::gate).toList();
  }

  /** The worst level among results; OK for none. */
  public static Level worst(List<GateResult> results) {
    return results.stream().map(GateResult::level).max(Comparator.naturalOrder()).orElse(Level.OK);
  }

  /**
   * After a rejection, the gates it may have moved: the overall one and its reasons'. Answers the worst verdict
   * that is not OK, or null: a cleaned record only lowers every share, so it needs no look.
   *
   * @param counts the run's rejections by reason so far, this record's included
   */
  public GateResult afterRejection(long done, long rejected, List<String> reasons, Map<String, Integer> counts) {
    return afterRejection(done, rejected, reasons, counts, gate -> true);
  }

  /** As {@link #afterRejection(long, long, List, Map)}, among the gates {@code considered} accepts only. */
  public GateResult afterRejection(long done, long rejected, List<String> reasons, Map<String, Integer> counts,
      Predicate<String> considered) {
    if (done < settings.minSample() || settings.mode() == GateMode.OFF) {
      return null;
    }
    // The reasons first: of two gates at the same level, the reason's names the break more precisely.
    GateResult worst = null;
    for (String reason : reasons) {
      String gate = reasonGate(reason);
      if (considered.test(gate)) {
        Integer count = counts.get(reason);
        worst = worse(worst, judge(gate, count == null ? 0 : count, done));
      }
    }
    return considered.test(REJECTED) ? worse(worst, judge(REJECTED, rejected, done)) : worst;
  }

  private static GateResult worse(GateResult a, GateResult b) {
    if (b.level() == Level.OK) {
      return a;
    }
    return a == null || b.level().compareTo(a.level()) > 0 ? b : a;
  }
}
