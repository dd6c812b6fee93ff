package io.homesales.cleaning.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the data-quality history: the job's decisions by the hour they were made (added by each run as it
 * ends, see {@link RunHistory}), summed into hours or days, and samples of the events rejected for a reason.
 * Nothing here scans {@code home_sales_processed}: a 30-day question reads at most 720 hours, and samples
 * read a few runs' rejected rows through an index.
 */
public final class QualityQueries {

  static final String OUTCOMES = """
      SELECT date_trunc(#{bucket}, hour, 'UTC') AS start, sum(cleaned) AS cleaned, sum(rejected) AS rejected
        FROM cleaning_job_outcomes_hourly
       WHERE hour >= #{from} AND hour < #{to}
       GROUP BY 1 ORDER BY 1""";

  static final String REASONS = """
      SELECT date_trunc(#{bucket}, hour, 'UTC') AS start, reason, sum(records) AS records
        FROM cleaning_job_reasons_hourly
       WHERE hour >= #{from} AND hour < #{to}
       GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2""";

  /**
   * The newest rejected events with a reason, without reading whole runs: the newest real runs that gave it,
   * from their stored counts, and of those only as many as the limit needs (the counts say how many rows each
   * holds); then, per run, its rejected rows newest first through their own index, stopping at the run's
   * count or the limit. A frequent reason costs about the limit's rows; a rare one at most the rejected rows
   * of the runs needed. Runs never overlap in time, so run order then row order is the newest-first order.
   * Rows written before runs were recorded on them (release 1) are not found.
   */
  static final String SAMPLES = """
      SELECT p.id, raw.received_at, p.reasons, left(raw.payload, 2000) AS payload,
             length(raw.payload) AS payload_length, p.processed_at, p.run_id
        FROM (SELECT run_id, records, started_at,
                     sum(records) OVER (ORDER BY started_at DESC, run_id DESC) - records AS newer
                FROM (SELECT rr.run_id, rr.records, r.started_at
                        FROM cleaning_job_run_reasons rr
                        JOIN cleaning_job_runs r ON r.run_id = rr.run_id AND NOT r.dry_run
                       WHERE rr.reason = #{reason}
                       ORDER BY r.started_at DESC, r.run_id DESC
                       LIMIT #{limit}) newest) runs
        CROSS JOIN LATERAL (
              SELECT p.id, p.reasons, p.processed_at, p.run_id
                FROM home_sales_processed p
               WHERE p.run_id = runs.run_id AND p.outcome = 'rejected' AND p.reasons @> ARRAY[#{reason}]::text[]
               ORDER BY p.processed_at DESC, p.id DESC
               LIMIT least(#{limit}, runs.records)) p
        JOIN raw_home_sale_events raw ON raw.id = p.id
       WHERE runs.newer < #{limit}
       ORDER BY runs.started_at DESC, runs.run_id DESC, p.processed_at DESC, p.id DESC
       LIMIT #{limit}""";

  private final Pool pool;

  public QualityQueries(Pool pool) {
    this.pool = pool;
  }

  /** One bucket's outcomes. */
  public record Outcomes(OffsetDateTime start, long cleaned, long rejected) {}

  /** One bucket's count of one reason. */
  public record ReasonCount(OffsetDateTime start, String reason, long records) {}

  /** {@code bucket} is {@code hour} or {@code day} (UTC). */
  public Future<List<Outcomes>> outcomes(OffsetDateTime from, OffsetDateTime to, String bucket) {
    return SqlTemplate.forQuery(pool, OUTCOMES)
        .mapTo(row -> new Outcomes(row.getOffsetDateTime("start"), Rows.longOf(row, "cleaned"), Rows.longOf(row, "rejected")))
        .execute(Map.of("from", from, "to", to, "bucket", bucket))
        .map(Rows::list);
  }

  public Future<List<ReasonCount>> reasons(OffsetDateTime from, OffsetDateTime to, String bucket) {
    return SqlTemplate.forQuery(pool, REASONS)
        .mapTo(row -> new ReasonCount(row.getOffsetDateTime("start"), row.getString("reason"),
            Rows.longOf(row, "records")))
        .execute(Map.of("from", from, "to", to, "bucket", bucket))
        .map(Rows::list);
  }

  /** A rejected event: its payload cut to 2,000 characters ({@code payloadLength} says how long it was). */
  public record Sample(long id, OffsetDateTime receivedAt, List<String> reasons, String payload, int payloadLength,
      OffsetDateTime processedAt, UUID runId) {}

  public Future<List<Sample>> samples(String reason, int limit) {
    return SqlTemplate.forQuery(pool, SAMPLES)
        .mapTo(row -> new Sample(row.getLong("id"), row.getOffsetDateTime("received_at"),
            List.of(row.getArrayOfStrings("reasons")), row.getString("payload"), row.getInteger("payload_length"),
            row.getOffsetDateTime("processed_at"), row.getUUID("run_id")))
        .execute(Map.of("reason", reason, "limit", limit))
        .map(Rows::list);
  }
}
