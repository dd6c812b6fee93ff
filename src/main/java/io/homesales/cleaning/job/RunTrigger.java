package io.homesales.cleaning.job;

import java.util.Locale;

/** What started a run, as recorded in the run history. */
public enum RunTrigger {
  STARTUP, SCHEDULE, MANUAL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
