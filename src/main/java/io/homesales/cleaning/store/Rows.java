package io.homesales.cleaning.store;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/** Small conversions of query results shared by the stores. */
final class Rows {

  private Rows() {}

  static <T> List<T> list(RowSet<T> rows) {
    List<T> list = new ArrayList<>(rows.size());
    rows.forEach(list::add);
    return list;
  }

  /** A count or a sum, which PostgreSQL may answer as bigint or numeric; 0 for null. */
  static long longOf(Row row, String column) {
    Object value = row.getValue(column);
    return value == null ? 0 : ((Number) value).longValue();
  }

  /** A double that may come as numeric; 0 for null. */
  static double doubleOf(Row row, String column) {
    Object value = row.getValue(column);
    return value == null ? 0 : ((Number) value).doubleValue();
  }
}
