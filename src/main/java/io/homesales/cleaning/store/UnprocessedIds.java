package io.homesales.cleaning.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Contract section 3: the ids of unprocessed events, newest first ({@code received_at DESC, id DESC}), at
 * most a run's limit, a page at a time. Each page is one short query that resumes after the last key of
 * the page before (keyset pagination), so that it starts where the previous one stopped and sees a fresh
 * snapshot. A single cursor held for the whole run was measured to slow down as the run's own writes
 * accumulated (12 ms a page at first, 415 ms after 60,000 records) and held a lock on
 * {@code home_sales_processed} for the whole run.
 */
public final class UnprocessedIds {

  /** The first page: the newest unprocessed events. */
  public static final String SELECT = """
      SELECT r.id, r.received_at
        FROM raw_home_sale_events r
       WHERE NOT EXISTS (SELECT 1 FROM home_sales_processed p WHERE p.id = r.id)
       ORDER BY r.received_at DESC, r.id DESC
       LIMIT $1""";

  /** The next page: the newest unprocessed events older than the last one taken. */
  public static final String SELECT_AFTER = """
      SELECT r.id, r.received_at
        FROM raw_home_sale_events r
       WHERE (r.received_at, r.id) < ($2, $3)
         AND NOT EXISTS (SELECT 1 FROM home_sales_processed p WHERE p.id = r.id)
       ORDER BY r.received_at DESC, r.id DESC
       LIMIT $1""";

  private final Pool pool;
  private final int limit;
  private int taken;
  private boolean exhausted;
  private OffsetDateTime lastReceivedAt;
  private long lastId;

  public UnprocessedIds(Pool pool, int limit) {
    this.pool = pool;
    this.limit = limit;
  }

  /** The next page of at most {@code size} ids; empty once the run's limit or the backlog is reached. */
  public Future<List<Long>> next(int size) {
    int wanted = Math.min(size, limit - taken);
    if (exhausted || wanted <= 0) {
      return Future.succeededFuture(List.of());
    }
    Future<RowSet<Row>> rows = lastReceivedAt == null
        ? pool.preparedQuery(SELECT).execute(Tuple.of(wanted))
        : pool.preparedQuery(SELECT_AFTER).execute(Tuple.of(wanted, lastReceivedAt, lastId));
    return rows.map(page -> {
      List<Long> ids = new ArrayList<>(page.size());
      for (Row row : page) {
        ids.add(row.getLong(0));
        lastReceivedAt = row.getOffsetDateTime(1);
        lastId = row.getLong(0);
      }
      taken += ids.size();
      exhausted = ids.size() < wanted;
      return ids;
    });
  }
}
