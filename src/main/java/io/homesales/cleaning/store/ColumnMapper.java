package io.homesales.cleaning.store;

import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.TupleMapper;
import java.util.Map;
import java.util.function.Function;

/**
 * Maps a value to a SQL template's named parameters through one accessor per name. The template's parameter
 * order is fixed, so the names are resolved to accessors on the first call and reused: a record costs an
 * array of values, not a map. One instance serves one template.
 */
final class ColumnMapper<T> implements TupleMapper<T> {

  private final Map<String, Function<T, Object>> byName;
  private Function<T, Object>[] byPosition;

  ColumnMapper(Map<String, Function<T, Object>> byName) {
    this.byName = Map.copyOf(byName);
  }

  @Override
  public Tuple map(Function<Integer, String> mapping, int size, T value) {
    Function<T, Object>[] accessors = byPosition;
    if (accessors == null) {
      accessors = resolve(mapping, size);
      byPosition = accessors;
    }
    Object[] values = new Object[size];
    for (int i = 0; i < size; i++) {
      values[i] = accessors[i].apply(value);
    }
    return Tuple.wrap(values);
  }

  @SuppressWarnings("unchecked")
  private Function<T, Object>[] resolve(Function<Integer, String> mapping, int size) {
    Function<T, Object>[] accessors = new Function[size];
    for (int i = 0; i < size; i++) {
      String name = mapping.apply(i);
      accessors[i] = byName.get(name);
      if (accessors[i] == null) {
        throw new IllegalArgumentException("no value for the template's parameter " + name);
      }
    }
    return accessors;
  }
}
