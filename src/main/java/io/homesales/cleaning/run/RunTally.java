package io.homesales.cleaning.run;

import io.homesales.cleaning.core.Cleaned;
import io.homesales.cleaning.core.Outcome;
import io.homesales.cleaning.core.Rejected;
import java.util.Collections;
import io.homesales.cleaning.gate.Counts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run has done so far: events taken, their outcomes and the rejections' reasons. Touched only on the
 * run's context (the verticle's event loop), so it needs no locking; read there for the status.
 */
final class RunTally {

  private final long startNanos = System.nanoTime();
  /** Sorted only when read: a record's reasons are counted in a hash map, its few dozen keys hashed once each. */
  private final Map<String, Integer> reasons = new HashMap<>();
  int selected;
  int cleaned;
  int rejected;
  /** Events an unexpected error left unprocessed (the JSON and the history call them {@code failed}). */
  int errored;

  void taken(int events) {
    selected += events;
  }

  /** The gates watching the run, or null when they are off. */
  private GateWatch gates;

  void watchedBy(GateWatch watch) {
    gates = watch;
  }

  void written(Outcome outcome) {
    if (outcome instanceof Cleaned) {
      cleaned++;
    } else {
      rejected++;
      List<String> given = ((Rejected) outcome).reasons();
      for (String reason : given) {
        reasons.merge(reason, 1, Integer::sum);
      }
      if (gates != null) {
        gates.afterRejection(cleaned + rejected, rejected, given, reasons);
      }
    }
  }

  /** What the gates judge: the records finished with, the rejections, and their reasons. */
  Counts counts() {
    return new Counts(cleaned + rejected, rejected, reasons);
  }

  void errored() {
    errored++;
  }

  /** Events finished with, whatever their outcome. */
  int done() {
    return cleaned + rejected + errored;
  }

  /** Events finished with per second since the run started. */
  double recordsPerSecond() {
    long nanos = System.nanoTime() - startNanos;
    return nanos <= 0 ? 0 : done() * 1e9 / nanos;
  }

  /** Rejections by reason (a record with two reasons counts under both), in C order. */
  Map<String, Integer> reasons() {
    return Collections.unmodifiableMap(new TreeMap<>(reasons));
  }
}
