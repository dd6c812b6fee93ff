package io.homesales.cleaning.gate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A gate's history: the mean and spread of its share over the last runs that count (docs/quality-gates.md says
 * which), each run weighing the same. A reason a run did not give counts as a share of 0 in that run.
 */
public final class Baseline {

  /** A share's history; {@code runs} is 0 when there is none. */
  public record Stats(double mean, double spread, int runs) {
    static final Stats NONE = new Stats(Double.NaN, Double.NaN, 0);
  }

  public static final Baseline NONE = new Baseline(List.of());

  private final List<Counts> runs;
  private final Map<String, Stats> stats = new HashMap<>();

  public Baseline(List<Counts> runs) {
    this.runs = List.copyOf(runs);
    Set<String> gates = new HashSet<>();
    gates.add(Gates.REJECTED);
    for (Counts run : runs) {
      run.reasons().keySet().forEach(reason -> gates.add(Gates.reasonGate(reason)));
    }
    for (String gate : gates) {
      stats.put(gate, compute(gate));
    }
  }

  /** How many runs the history has. */
  public int runs() {
    return runs.size();
  }

  /** The share's history: a reason none of the runs gave has a mean and spread of 0 over them all. */
  public Stats of(String gate) {
    if (runs.isEmpty()) {
      return Stats.NONE;
    }
    Stats known = stats.get(gate);
    return known != null ? known : new Stats(0, 0, runs.size());
  }

  private Stats compute(String gate) {
    if (runs.isEmpty()) {
      return Stats.NONE;
    }
    double sum = 0;
    for (Counts run : runs) {
      sum += run.share(gate);
    }
    double mean = sum / runs.size();
    double squares = 0;
    for (Counts run : runs) {
      double d = run.share(gate) - mean;
      squares += d * d;
    }
    double spread = runs.size() > 1 ? Math.sqrt(squares / (runs.size() - 1)) : 0;
    return new Stats(mean, spread, runs.size());
  }
}
