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
 * The ids of unprocessed events, newest first ({@code received_at DESC, id DESC}), at
 * most a run's limit, a page at a time. Each page is one short query that resumes after the last key of
 * the page before (keyset pagination), so that it starts where the previous one stopped and sees a fresh
 * snapshot. A single cursor held for the whole run was measured to slow down as the run's own writes
 * accumulated (12 ms a page at first, 415 ms after 60,000 records) and held a lock on
 * {@code home_sales_processed} for the whole run.
 *
 * <p>A run reads the pages from the job's pending set ({@link PendingSet}, refreshed just before), whose
 * cost does not grow with the processed history. A dry run, which writes nothing and so cannot keep that
 * set, reads them with the anti-join that defines unprocessed (docs/data-rules.md section 3) over the raw events.
 */
public final class UnprocessedIds {

  /**
   * The first page from the pending set: an index scan that stops after the page's rows. Whether each row
   * is still unprocessed and still a raw event (stale rows, see {@link PendingSet}) is answered by two
   * primary-key probes per row, in LATERAL subqueries with LIMIT 1, which the planner can neither hash nor
   * turn into a join over the whole table. Both simpler shapes were measured to go wrong: as a WHERE filter,
   * the planner estimated the anti-join at one row and chose a hash join over every pending row and a sort
   * (1.6 s a page in the middle of a 1,000,000-record run); as EXISTS in the select list, it hashed the whole
   * processed and raw tables for every page (134 ms at 100,000 events, growing with the history).
   */
  public static final String FROM_PENDING = """
      SELECT q.id, q.received_at, done.id IS NULL AND raw.id IS NOT NULL AS takeable
        FROM cleaning_job_pending q
        LEFT JOIN LATERAL (SELECT p.id FROM home_sales_processed p WHERE p.id = q.id LIMIT 1) done ON true
        LEFT JOIN LATERAL (SELECT r.id FROM raw_home_sale_events r WHERE r.id = q.id LIMIT 1) raw ON true
       ORDER BY q.received_at DESC, q.id DESC
       LIMIT $1""";

  /** The next page from the pending set: older than the last row of the page before. */
  public static final String FROM_PENDING_AFTER = """
      SELECT q.id, q.received_at, done.id IS NULL AND raw.id IS NOT NULL AS takeable
        FROM cleaning_job_pending q
        LEFT JOIN LATERAL (SELECT p.id FROM home_sales_processed p WHERE p.id = q.id LIMIT 1) done ON true
        LEFT JOIN LATERAL (SELECT r.id FROM raw_home_sale_events r WHERE r.id = q.id LIMIT 1) raw ON true
       WHERE (q.received_at, q.id) < ($2, $3)
       ORDER BY q.received_at DESC, q.id DESC
       LIMIT $1""";

  /** The first page by the definition of docs/data-rules.md section 3: the newest unprocessed events. */
  public static final String FROM_RAW = """
      SELECT r.id, r.received_at, true AS takeable
        FROM raw_home_sale_events r
       WHERE NOT EXISTS (SELECT 1 FROM home_sales_processed p WHERE p.id = r.id)
       ORDER BY r.received_at DESC, r.id DESC
       LIMIT $1""";

  /** The next page by the same definition: the newest unprocessed events older than the last one taken. */
  public static final String FROM_RAW_AFTER = """
      SELECT r.id, r.received_at, true AS takeable
        FROM raw_home_sale_events r
       WHERE (r.received_at, r.id) < ($2, $3)
         AND NOT EXISTS (SELECT 1 FROM home_sales_processed p WHERE p.id = r.id)
       ORDER BY r.received_at DESC, r.id DESC
       LIMIT $1""";

  private final Pool pool;
  private final String first;
  private final String after;
  private final int limit;
  private int taken;
  private boolean exhausted;
  private OffsetDateTime lastReceivedAt;
  private long lastId;

  private UnprocessedIds(Pool pool, String first, String after, int limit) {
    this.pool = pool;
    this.first = first;
    this.after = after;
    this.limit = limit;
  }

  /** Pages from the pending set, which the run has just refreshed. */
  public static UnprocessedIds fromPendingSet(Pool pool, int limit) {
    return new UnprocessedIds(pool, FROM_PENDING, FROM_PENDING_AFTER, limit);
  }

  /** Pages by the anti-join that defines unprocessed, reading only: for dry runs. */
  public static UnprocessedIds byAntiJoin(Pool pool, int limit) {
    return new UnprocessedIds(pool, FROM_RAW, FROM_RAW_AFTER, limit);
  }

  /**
   * The next page of at most {@code size} ids; empty once the run's limit or the backlog is reached. A page
   * from the pending set may hold fewer ids than rows (stale rows are passed over), never none before the end.
   */
  public Future<List<Long>> next(int size) {
    int wanted = Math.min(size, limit - taken);
    if (exhausted || wanted <= 0) {
      return Future.succeededFuture(List.of());
    }
    Future<RowSet<Row>> rows = lastReceivedAt == null
        ? pool.preparedQuery(first).execute(Tuple.of(wanted))
        : pool.preparedQuery(after).execute(Tuple.of(wanted, lastReceivedAt, lastId));
    return rows.compose(page -> {
      List<Long> ids = new ArrayList<>(page.size());
      for (Row row : page) {
        if (row.getBoolean(2)) { // takeable
          ids.add(row.getLong(0));
        }
        lastReceivedAt = row.getOffsetDateTime(1);
        lastId = row.getLong(0);
      }
      taken += ids.size();
      exhausted = page.size() < wanted;
      return ids.isEmpty() && !exhausted ? next(size) : Future.succeededFuture(ids);
    });
  }
}
