package io.homesales.cleaning.core;

/** The kinds of field problem of docs/data-rules.md section 5, as written after the colon of a reason. */
public enum Problem {
  MISSING("missing"),
  TYPE("type"),
  FORMAT("format"),
  RANGE("range"),
  CONFLICT("conflict");

  private final String label;

  Problem(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
