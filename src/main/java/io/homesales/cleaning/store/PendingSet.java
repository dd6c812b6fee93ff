package io.homesales.cleaning.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * The job's to-do list, {@code cleaning_job_pending}: the ids of raw events known to be unprocessed.
 * Selecting a page from it costs the same whatever the size of the processed history, where the
 * anti-join must probe every processed event newer than the first unprocessed one (1.4 to 2.4 s when
 * 1,900,000 processed events are newer).
 *
 * <p>{@link #refresh} brings it up to date before a run, in one repeatable-read transaction (one snapshot):
 * <ol>
 *   <li>feed: the unprocessed events received since {@link #LOOK_BACK} before the watermark, or with an id
 *       above the highest seen (two index range scans);
 *   <li>check: every raw event must now be processed or pending. Both sets are disjoint (a record's write
 *       deletes its pending row in the same statement) and both lie within the raw events, so comparing
 *       three counts proves it. Counting still reads every row, but costs a fraction of the anti-join
 *       (docs/performance.md has both), once per run;
 *   <li>rebuild from the anti-join when the check fails (an event stored late with an old time and a low
 *       id, a processed row deleted by hand, a raw event deleted upstream), when there is no watermark yet,
 *       and when the last rebuild is older than the caller's limit: a safety net for a coincidence the
 *       counts cannot see (an event deleted upstream while another arrives late);
 *   <li>move the watermark to the newest event of the snapshot.
 * </ol>
 */
public final class PendingSet {

  /**
   * How far below the watermark a feed looks again: an ingestion transaction that commits after a refresh
   * may hold events whose received_at is a little older than ones already seen.
   */
  public static final Duration LOOK_BACK = Duration.ofMinutes(10);

  static final String WATERMARK = """
      SELECT received_at, max_id, reconciled_at < now() - make_interval(secs => $1) AS rebuild_due
        FROM cleaning_job_watermark""";

  static final String FEED = """
      INSERT INTO cleaning_job_pending (id, received_at)
      SELECT r.id, r.received_at
        FROM raw_home_sale_events r
       WHERE (r.received_at >= $1 OR r.id > $2)
         AND NOT EXISTS (SELECT 1 FROM home_sales_processed p WHERE p.id = r.id)
      ON CONFLICT (id) DO NOTHING""";

  public static final String COUNTS = """
      SELECT (SELECT count(*) FROM raw_home_sale_events) AS raw,
             (SELECT count(*) FROM home_sales_processed) AS processed,
             (SELECT count(*) FROM cleaning_job_pending) AS pending,
             (SELECT max(received_at) FROM raw_home_sale_events) AS newest,
             (SELECT max(id) FROM raw_home_sale_events) AS max_id""";

  static final String PRUNE = """
      DELETE FROM cleaning_job_pending q
       WHERE NOT EXISTS (SELECT 1 FROM raw_home_sale_events r WHERE r.id = q.id)
          OR EXISTS (SELECT 1 FROM home_sales_processed p WHERE p.id = q.id)""";

  /** The definition of unprocessed (docs/data-rules.md section 3), in full: one hash anti-join. */
  static final String REBUILD = """
      INSERT INTO cleaning_job_pending (id, received_at)
      SELECT r.id, r.received_at
        FROM raw_home_sale_events r
       WHERE NOT EXISTS (SELECT 1 FROM home_sales_processed p WHERE p.id = r.id)
      ON CONFLICT (id) DO NOTHING""";

  static final String MOVE_WATERMARK = """
      INSERT INTO cleaning_job_watermark AS w (singleton, received_at, max_id, reconciled_at)
      VALUES (true, $1, $2, now())
      ON CONFLICT (singleton) DO UPDATE
         SET received_at = GREATEST(w.received_at, EXCLUDED.received_at),
             max_id = GREATEST(w.max_id, EXCLUDED.max_id),
             reconciled_at = CASE WHEN $3 THEN now() ELSE w.reconciled_at END""";

  /** What a refresh did; {@code rebuiltBecause} is null when the feed alone was enough. */
  public record Refresh(int fed, long raw, long processed, long pending, String rebuiltBecause, int added,
      int removed, long millis) {

    Refresh took(long elapsedMillis) {
      return new Refresh(fed, raw, processed, pending, rebuiltBecause, added, removed, elapsedMillis);
    }
  }

  /** What a rebuild changed. */
  private record Rebuilt(int added, int removed) {
    static final Rebuilt NOTHING = new Rebuilt(0, 0);
  }

  /** The check's counts, and the snapshot's newest event for the watermark. */
  private record Counts(long raw, long processed, long pending, OffsetDateTime newest, Long maxId) {
    static Counts of(Row row) {
      return new Counts(row.getLong("raw"), row.getLong("processed"), row.getLong("pending"),
          row.getOffsetDateTime("newest"), row.getLong("max_id"));
    }
  }

  private final Pool pool;

  public PendingSet(Pool pool) {
    this.pool = pool;
  }

  /**
   * Feeds, checks and if need be rebuilds the pending set, in one transaction; a rebuild is forced when the
   * last one is older than {@code rebuildEvery}.
   */
  public Future<Refresh> refresh(Duration rebuildEvery) {
    long start = System.nanoTime();
    return pool.withTransaction(connection -> connection
        .query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute()
        .compose(v -> connection.preparedQuery(WATERMARK).execute(Tuple.of(rebuildEvery.toSeconds())))
        .compose(rows -> refresh(connection, rows.size() == 0 ? null : rows.iterator().next(), rebuildEvery)))
        .map(refresh -> refresh.took((System.nanoTime() - start) / 1_000_000));
  }

  private static Future<Refresh> refresh(SqlConnection connection, Row watermark, Duration rebuildEvery) {
    return feed(connection, watermark).compose(fed -> connection.query(COUNTS).execute().compose(rows -> {
      Counts counts = Counts.of(rows.iterator().next());
      String because = watermark == null ? "first run"
          : counts.raw() != counts.processed() + counts.pending()
              ? "raw " + counts.raw() + " <> processed " + counts.processed() + " + pending " + counts.pending()
          : watermark.getBoolean("rebuild_due") ? "last rebuild older than " + rebuildEvery
          : null;
      Future<Rebuilt> rebuilt = because == null ? Future.succeededFuture(Rebuilt.NOTHING) : rebuild(connection);
      return rebuilt.compose(changes -> connection.preparedQuery(MOVE_WATERMARK)
          .execute(Tuple.of(counts.newest(), counts.maxId(), because != null))
          .map(v -> new Refresh(fed, counts.raw(), counts.processed(),
              counts.pending() + changes.added() - changes.removed(), because, changes.added(), changes.removed(), 0)));
    }));
  }

  /** The unprocessed events received since a little before the watermark, or above its highest id. */
  private static Future<Integer> feed(SqlConnection connection, Row watermark) {
    if (watermark == null || watermark.getOffsetDateTime("received_at") == null) {
      return Future.succeededFuture(0); // no event seen yet: the check decides
    }
    OffsetDateTime from = watermark.getOffsetDateTime("received_at").minus(LOOK_BACK);
    return connection.preparedQuery(FEED).execute(Tuple.of(from, watermark.getLong("max_id")))
        .map(rows -> rows.rowCount());
  }

  /** The pending set made equal to the anti-join that defines unprocessed. */
  private static Future<Rebuilt> rebuild(SqlConnection connection) {
    return connection.query(PRUNE).execute().compose(pruned -> connection.query(REBUILD).execute()
        .map(added -> new Rebuilt(added.rowCount(), pruned.rowCount())));
  }
}
