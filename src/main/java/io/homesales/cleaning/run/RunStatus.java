package io.homesales.cleaning.run;

import java.util.Arrays;
import java.util.Locale;

/**
 * A run's status, the one vocabulary for it: written as its {@link #label()} only where it leaves the job, in the
 * run history's {@code status} column, the JSON answers and the metrics' {@code status} tag.
 */
public enum RunStatus {
  /** Started and not yet ended; or, in the history, ended by a process that died (then marked failed later). */
  RUNNING,
  /** Every record it took was written. */
  SUCCEEDED,
  /** A fault ended it, or a bug left records unprocessed: the next run takes what it did not write. */
  FAILED,
  /** Another process held the job's lock: this run did nothing. */
  SKIPPED,
  /** Stopped by shutdown or a cancel between two records. */
  INTERRUPTED;

  private final String label = name().toLowerCase(Locale.ROOT);

  /** As the history, the JSON and the metrics write it: {@code succeeded}. */
  public String label() {
    return label;
  }

  /** The status a label names; an {@link IllegalArgumentException} for any other text. */
  public static RunStatus of(String label) {
    return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a run status: " + label));
  }

  @Override
  public String toString() {
    return label;
  }
}
