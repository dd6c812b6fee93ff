package io.homesales.cleaning.settings;

import java.util.List;

/** Settings that cannot be used, each problem naming its variable or key. */
public final class SettingsException extends RuntimeException {

  private final List<String> problems;

  public SettingsException(List<String> problems) {
    super("invalid settings: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
