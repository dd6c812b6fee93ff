package io.homesales.cleaning.run;

import io.homesales.cleaning.core.ReasonPattern;
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
 * of a gate that may break the run (with {@code hold}, the breaker) and logs each gate's first warning once.
 *
 * <p>A run started by a re-processing request that re-queued records for some reasons is not broken by those
 * reasons' gates, nor by the overall one: an operator asked to see those records again, and after a partial fix
 * upstream most of them may rightly be rejected again. Every other reason's gate still breaks it. On the run's
 * context: no locking.
 */
final class GateWatch {

  private static final Logger LOG = LoggerFactory.getLogger(GateWatch.class);

  private final Gates gates;
  private final GateMode mode;
  private final List<ReasonPattern> requeuedFor;
  private final Set<String> logged = new HashSet<>();
  private GateResult tripped;

  GateWatch(Gates gates, GateMode mode, List<String> requeuedFor) {
    this.gates = gates;
    this.mode = mode;
    this.requeuedFor = requeuedFor.stream().map(ReasonPattern::checked).toList();
  }

  Gates gates() {
    return gates;
  }

  GateMode mode() {
    return mode;
  }

  /** Whether this gate can break the run: not one of the reasons the run's records were re-queued for. */
  boolean breakable(String gate) {
    if (requeuedFor.isEmpty()) {
      return true;
    }
    if (gate.equals(Gates.REJECTED)) {
      return false;
    }
    String reason = Gates.reasonOf(gate);
    return requeuedFor.stream().noneMatch(pattern -> pattern.matches(reason));
  }

  void afterRejection(long done, long rejected, List<String> reasons, Map<String, Integer> counts) {
    GateResult result = gates.afterRejection(done, rejected, reasons, counts, this::breakable);
    if (result == null) {
      return;
    }
    if (result.level() == Level.FAIL && tripped == null) {
      tripped = result;
    }
    if (logged.add(result.gate() + " " + result.level())) { // each gate's warning and failure logged once
      LOG.warn("{}{}", result.describe(), result == tripped && breaks() ? ": the run stops taking records" : "");
    }
  }

  /** The first gate that failed and may break the run, or null. */
  GateResult tripped() {
    return tripped;
  }

  /** Whether the breaker stops the run: a gate that may break it failed, and the gates hold. */
  boolean breaks() {
    return tripped != null && mode == GateMode.HOLD;
  }

  /** The gates among {@code results} that failed and may break the run. */
  List<String> failing(List<GateResult> results) {
    return Gates.failing(results).stream().filter(this::breakable).toList();
  }
}
