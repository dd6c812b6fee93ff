package io.homesales.cleaning.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Contract section 3: streams the ids of unprocessed events, newest first ({@code received_at DESC, id DESC}),
 * at most a run's limit, a page at a time. A server-side cursor in the run's lock transaction holds the
 * selection ({@link RunLock#select}); the records themselves are written on other connections of the pool.
 */
public final class UnprocessedIds {

  public static final String SELECT = """
      SELECT r.id
        FROM raw_home_sale_events r
       WHERE NOT EXISTS (SELECT 1 FROM home_sales_processed p WHERE p.id = r.id)
       ORDER BY r.received_at DESC, r.id DESC
       LIMIT $1""";

  private final Cursor cursor;
  private boolean read;

  private UnprocessedIds(Cursor cursor) {
    this.cursor = cursor;
  }

  static Future<UnprocessedIds> open(SqlConnection connection, int limit) {
    return connection.prepare(SELECT).map(statement -> new UnprocessedIds(statement.cursor(Tuple.of(limit))));
  }

  /** The next page of at most {@code size} ids; empty when the selection is exhausted. */
  public Future<List<Long>> next(int size) {
    if (read && !cursor.hasMore()) { // hasMore may only be asked after a read
      return Future.succeededFuture(List.of());
    }
    read = true;
    return cursor.read(size).map(rows -> {
      List<Long> ids = new ArrayList<>(rows.size());
      for (Row row : rows) {
        ids.add(row.getLong(0));
      }
      return ids;
    });
  }

  public Future<Void> close() {
    return cursor.close();
  }
}
