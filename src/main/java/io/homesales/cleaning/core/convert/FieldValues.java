package io.homesales.cleaning.core.convert;

import io.homesales.cleaning.core.Field;
import io.homesales.cleaning.core.Problem;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The outcome of the pre-load step: each field's converted value (absent when missing and optional)
 * or its one problem.
 */
public final class FieldValues {

  private final EnumMap<Field, Object> values = new EnumMap<>(Field.class);
  private final EnumMap<Field, Problem> problems = new EnumMap<>(Field.class);

  void put(Field field, Object value) {
    values.put(field, value);
  }

  void fail(Field field, Problem problem) {
    problems.put(field, problem);
  }

  /** The converted value, or null when the field is absent or has a problem. */
  @SuppressWarnings("unchecked")
  public <T> T get(Field field) {
    return (T) values.get(field);
  }

  public Map<Field, Problem> problems() {
    return Collections.unmodifiableMap(problems);
  }
}
