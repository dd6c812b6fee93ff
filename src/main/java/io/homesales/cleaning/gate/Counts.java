package io.homesales.cleaning.gate;

import java.util.Map;

/**
 * What a run decided, as the gates judge it: records finished with ({@code done}: cleaned and rejected), how many
 * were rejected, and the rejections by reason (a record with two reasons counts under both).
 */
public record Counts(long done, long rejected, Map<String, ? extends Number> reasons) {

  public Counts {
    reasons = Map.copyOf(reasons);
  }

  /** The share of records a gate counts: all rejections for {@link Gates#REJECTED}, a reason's for its gate. */
  public long count(String gate) {
    if (gate.equals(Gates.REJECTED)) {
      return rejected;
    }
    Number n = reasons.get(Gates.reasonOf(gate));
    return n == null ? 0 : n.longValue();
  }

  public double share(String gate) {
    return done == 0 ? 0 : (double) count(gate) / done;
  }
}
