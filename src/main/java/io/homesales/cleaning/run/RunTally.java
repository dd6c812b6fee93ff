package io.homesales.cleaning.run;

import io.homesales.cleaning.core.Cleaned;
import io.homesales.cleaning.core.Outcome;
import io.homesales.cleaning.core.Rejected;
import java.util.Collections;
import java.util.HashMap;
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

  void written(Outcome outcome) {
    if (outcome instanceof Cleaned) {
      cleaned++;
    } else {
      rejected++;
      for (String reason : ((Rejected) outcome).reasons()) {
        reasons.merge(reason, 1, Integer::sum);
      }
    }
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
