package io.homesales.cleaning.run;

import io.homesales.cleaning.gate.GateMode;
import io.homesales.cleaning.gate.GateResult;
import io.homesales.cleaning.gate.Gates;
import io.homesales.cleaning.gate.Level;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gates watching a run as it goes (docs/quality-gates.md): asked after each rejection, from counts kept in
 * memory, so that a break at the head of the backlog trips within the minimum sample. Remembers the first fail
 * (with {@code hold}, the breaker) and logs each gate's first warning once. On the run's context: no locking.
 */
final class GateWatch {

  private static final Logger LOG = LoggerFactory.getLogger(GateWatch.class);

  private final Gates gates;
  private final GateMode mode;
  private final Set<String> warned = new HashSet<>();
  private GateResult tripped;

  /** {@code mode}: the run's own, which may be milder than the settings' (a run a re-processing request started). */
  GateWatch(Gates gates, GateMode mode) {
    this.gates = gates;
    this.mode = mode;
  }

  Gates gates() {
    return gates;
  }

  GateMode mode() {
    return mode;
  }

  void afterRejection(long done, long rejected, List<String> reasons, Map<String, Integer> counts) {
    GateResult result = gates.afterRejection(done, rejected, reasons, counts);
    if (result == null) {
      return;
    }
    if (result.level() == Level.FAIL && tripped == null) {
      tripped = result;
    }
    if (warned.add(result.gate() + " " + result.level())) { // each gate's warning and failure logged once
      LOG.warn("{}{}", result.describe(), result == tripped && breaks() ? ": the run stops taking records" : "");
    }
  }

  /** The first gate that failed, or null. */
  GateResult tripped() {
    return tripped;
  }

  /** Whether the breaker stops the run: a gate failed and the gates hold. */
  boolean breaks() {
    return tripped != null && mode == GateMode.HOLD;
  }
}
