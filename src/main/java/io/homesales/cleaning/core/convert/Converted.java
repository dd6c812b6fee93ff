package io.homesales.cleaning.core.convert;

import io.homesales.cleaning.core.Problem;

/** The result of converting one raw value for a field: a typed value, or the field's problem. */
public sealed interface Converted {

  /**
   * A converted value. Two values are "the same" for the conflict rule when they are {@code equals}:
   * numbers are {@link io.homesales.cleaning.core.parse.ExactNumber} (exact, canonical), prices are
   * already rounded to cents, dates are {@link java.time.LocalDate}, zips their 5 digits.
   */
  record Value(Object value) implements Converted {}

  record Failed(Problem problem) implements Converted {}

  Failed TYPE = new Failed(Problem.TYPE);
  Failed FORMAT = new Failed(Problem.FORMAT);
}
