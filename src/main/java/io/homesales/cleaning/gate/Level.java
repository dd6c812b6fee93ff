package io.homesales.cleaning.gate;

import java.util.Locale;

/** A gate's verdict, in increasing order of gravity. */
public enum Level {
  /** Below its warn limit, or not judged (too small a sample). */
  OK,
  /** At or above its warn limit. */
  WARN,
  /** At or above its fail limit: with {@code hold}, the breaker. */
  FAIL;

  private final String label = name().toLowerCase(Locale.ROOT);

  public String label() {
    return label;
  }

  public static Level of(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return label;
  }
}
