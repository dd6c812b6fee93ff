package io.homesales.cleaning.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Contract section 3: streams the ids of unprocessed events, newest first ({@code received_at DESC, id DESC}),
 * at most a run's limit, a page at a time. A server-side cursor on one pooled connection holds the
 * selection; the records themselves are written on other connections of the pool.
 */
public final class UnprocessedIds {

  static final String SELECT = """
      SELECT r.id
        FROM raw_home_sale_events r
       WHERE NOT EXISTS (SELECT 1 FROM home_sales_processed p WHERE p.id = r.id)
       ORDER BY r.received_at DESC, r.id DESC
       LIMIT $1""";

  private final SqlConnection connection;
  private final Transaction transaction;
  private final Cursor cursor;
  private boolean read;

  private UnprocessedIds(SqlConnection connection, Transaction transaction, Cursor cursor) {
    this.connection = connection;
    this.transaction = transaction;
    this.cursor = cursor;
  }

  /** Opens the selection of at most {@code limit} ids. Close it when done, whatever happened. */
  public static Future<UnprocessedIds> open(Pool pool, int limit) {
    return pool.getConnection().compose(connection -> connection.begin()
        .compose(tx -> connection.prepare(SELECT)
            .map(statement -> new UnprocessedIds(connection, tx, statement.cursor(Tuple.of(limit)))))
        .onFailure(err -> connection.close()));
  }

  /** The next page of at most {@code size} ids; empty when the selection is exhausted. */
  public Future<List<Long>> next(int size) {
    if (exhausted()) {
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

  /** True once every selected id has been read ({@link Cursor#hasMore} may only be asked after a read). */
  private boolean exhausted() {
    return read && !cursor.hasMore();
  }

  /** Releases the cursor, ends its read-only transaction and returns the connection to the pool. */
  public Future<Void> close() {
    return cursor.close()
        .transform(ar -> transaction.rollback())
        .transform(ar -> connection.close());
  }
}
