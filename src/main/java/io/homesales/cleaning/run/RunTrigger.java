package io.homesales.cleaning.run;

import java.util.Locale;

/**
 * What started a run, as recorded in the run history: the verticle's start, its timer, a request (event
 * bus, HTTP, {@code run-once}), or a re-processing request that asked for a run at once.
 */
public enum RunTrigger {
  STARTUP, SCHEDULE, MANUAL, REPROCESS;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
