package io.homesales.cleaning.gate;

import java.util.Locale;

/** What a tripped gate does ({@code CLEANING_JOB_GATES}). */
public enum GateMode {
  /** A fail gate stops the run, puts back what it rejected for the tripping reasons, and holds the job. */
  HOLD,
  /** A gate reports and notifies; nothing else changes. */
  WARN,
  /** No gate is evaluated. */
  OFF;

  private final String label = name().toLowerCase(Locale.ROOT);

  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}
