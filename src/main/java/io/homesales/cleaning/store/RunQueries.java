package io.homesales.cleaning.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.RowMapper;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the run history: pages of runs newest first (keyset pagination, optionally filtered), one run with its
 * rejections by reason, and a downsampled series for charts. Every query walks an index of
 * {@code cleaning_job_runs} in its order and stops at its limit, so its cost does not grow with the history.
 */
public final class RunQueries {

  /** One row of {@code cleaning_job_runs}. */
  public record RunRow(UUID runId, String trigger, String status, boolean dryRun, OffsetDateTime startedAt,
      OffsetDateTime finishedAt, int selected, int cleaned, int rejected, int failed, String error, String note,
      String host, OffsetDateTime completeThrough, String quality) {}

  static final RowMapper<RunRow> RUN_ROW = row -> new RunRow(row.getUUID("run_id"), row.getString("triggered_by"),
      row.getString("status"), row.getBoolean("dry_run"), row.getOffsetDateTime("started_at"),
      row.getOffsetDateTime("finished_at"), row.getInteger("selected"), row.getInteger("cleaned"),
      row.getInteger("rejected"), row.getInteger("failed"), row.getString("error"), row.getString("note"),
      row.getString("host"), row.getOffsetDateTime("complete_through"), row.getString("quality"));

  private static final String COLUMNS = """
      run_id, triggered_by, status, dry_run, started_at, finished_at, selected, cleaned, rejected, failed, error,
      note, host, complete_through, quality""";

  static final String ONE = "SELECT " + COLUMNS + " FROM cleaning_job_runs WHERE run_id = #{run_id}";

  static final String REASONS = """
      SELECT reason, records FROM cleaning_job_run_reasons WHERE run_id = #{run_id} ORDER BY records DESC, reason""";

  static final String LATEST_FINISHED = "SELECT " + COLUMNS
      + " FROM cleaning_job_runs WHERE status <> 'running' ORDER BY started_at DESC, run_id DESC LIMIT 1";

  /**
   * A page of runs. Each filter adds a condition; the statement for each combination of filters is built
   * from these constants once (no value is ever spliced into SQL), so that each combination gets its own
   * plan: with a status or a trigger, PostgreSQL walks that column's index.
   */
  private static final String PAGE_HEAD = "SELECT " + COLUMNS + " FROM cleaning_job_runs WHERE true";
  private static final String BEFORE = " AND (started_at, run_id) < (#{before_started_at}, #{before_run_id})";
  private static final String STATUS = " AND status = #{status}";
  private static final String TRIGGER = " AND triggered_by = #{trigger}";
  private static final String FROM = " AND started_at >= #{from}";
  private static final String TO = " AND started_at < #{to}";
  private static final String PAGE_TAIL = " ORDER BY started_at DESC, run_id DESC LIMIT #{limit}";

  /** The real runs that did some work, in a time range: what a series shows. */
  private static final String SERIES_RUNS = " FROM cleaning_job_runs WHERE started_at >= #{from} AND started_at < #{to}"
      + " AND NOT dry_run AND status NOT IN ('running', 'skipped')";

  static final String SERIES_COUNT = "SELECT count(*) FROM (SELECT 1" + SERIES_RUNS + " LIMIT #{points} + 1) runs";

  /** Each run a point of its own, when they are few. */
  static final String SERIES_EACH = """
      SELECT started_at AS first_started_at, 1 AS runs, selected, cleaned, rejected, failed,
             (status = 'failed')::int AS failed_runs,
             extract(epoch FROM finished_at - started_at) * 1000 AS max_duration_ms,
             extract(epoch FROM finished_at - started_at) * 1000 AS mean_duration_ms""" + SERIES_RUNS
      + " ORDER BY started_at";

  /**
   * Runs started in [from, to), real runs only, downsampled to at most {@code points} buckets of equal width:
   * a bucket holds its runs' count, summed records and longest and mean durations. A chart over 30 days reads
   * a few hundred rows, whatever the number of runs.
   */
  static final String SERIES = """
      SELECT width_bucket(extract(epoch FROM started_at), extract(epoch FROM #{from}::timestamptz),
                          extract(epoch FROM #{to}::timestamptz), #{points}) AS bucket,
             min(started_at) AS first_started_at, count(*) AS runs,
             sum(selected) AS selected, sum(cleaned) AS cleaned, sum(rejected) AS rejected, sum(failed) AS failed,
             count(*) FILTER (WHERE status = 'failed') AS failed_runs,
             max(extract(epoch FROM finished_at - started_at) * 1000) AS max_duration_ms,
             avg(extract(epoch FROM finished_at - started_at) * 1000) AS mean_duration_ms""" + SERIES_RUNS
      + " GROUP BY 1 ORDER BY 1";

  private final Pool pool;
  private final Map<Integer, String> pageStatements = new HashMap<>();

  public RunQueries(Pool pool) {
    this.pool = pool;
  }

  /** Where a page of runs starts and what it keeps; every field but {@code limit} may be null. */
  public record PageRequest(OffsetDateTime beforeStartedAt, UUID beforeRunId, String status, String trigger,
      OffsetDateTime from, OffsetDateTime to, int limit) {}

  /** Runs newest first; one more than the limit is read, to tell whether a next page exists. */
  public Future<List<RunRow>> page(PageRequest request) {
    Map<String, Object> parameters = new HashMap<>();
    int combination = 0;
    if (request.beforeStartedAt() != null) {
      combination |= 1;
      parameters.put("before_started_at", request.beforeStartedAt());
      parameters.put("before_run_id", request.beforeRunId());
    }
    if (request.status() != null) {
      combination |= 2;
      parameters.put("status", request.status());
    }
    if (request.trigger() != null) {
      combination |= 4;
      parameters.put("trigger", request.trigger());
    }
    if (request.from() != null) {
      combination |= 8;
      parameters.put("from", request.from());
    }
    if (request.to() != null) {
      combination |= 16;
      parameters.put("to", request.to());
    }
    parameters.put("limit", request.limit() + 1);
    String sql = pageStatements.computeIfAbsent(combination, RunQueries::pageStatement);
    return SqlTemplate.forQuery(pool, sql).mapTo(RUN_ROW).execute(parameters).map(Rows::list);
  }

  private static String pageStatement(int combination) {
    return PAGE_HEAD
        + ((combination & 1) != 0 ? BEFORE : "")
        + ((combination & 2) != 0 ? STATUS : "")
        + ((combination & 4) != 0 ? TRIGGER : "")
        + ((combination & 8) != 0 ? FROM : "")
        + ((combination & 16) != 0 ? TO : "")
        + PAGE_TAIL;
  }

  /** One run, or null. */
  public Future<RunRow> one(UUID runId) {
    return SqlTemplate.forQuery(pool, ONE).mapTo(RUN_ROW).execute(Map.of("run_id", runId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  /** A run's rejections by reason, most frequent first. */
  public Future<Map<String, Integer>> reasons(UUID runId) {
    return SqlTemplate.forQuery(pool, REASONS).execute(Map.of("run_id", runId)).map(rows -> {
      Map<String, Integer> reasons = new LinkedHashMap<>();
      for (Row row : rows) {
        reasons.put(row.getString("reason"), row.getInteger("records"));
      }
      return reasons;
    });
  }

  /** The newest run that has ended, or null. */
  public Future<RunRow> latestFinished() {
    return SqlTemplate.forQuery(pool, LATEST_FINISHED).mapTo(RUN_ROW).execute(Map.of())
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  /** One point of the series: the runs of one bucket. */
  public record SeriesPoint(OffsetDateTime startedAt, long runs, long selected, long cleaned, long rejected,
      long failed, long failedRuns, double maxDurationMs, double meanDurationMs) {}

  /** Each run, when there are at most {@code points} of them in the range; buckets of runs otherwise. */
  public Future<List<SeriesPoint>> series(OffsetDateTime from, OffsetDateTime to, int points) {
    Map<String, Object> range = Map.of("from", from, "to", to, "points", points);
    return SqlTemplate.forQuery(pool, SERIES_COUNT).execute(range)
        .compose(count -> count.iterator().next().getLong(0) <= points ? series(SERIES_EACH, range)
            : series(SERIES, range));
  }

  private Future<List<SeriesPoint>> series(String sql, Map<String, Object> range) {
    return SqlTemplate.forQuery(pool, sql)
        .mapTo(row -> new SeriesPoint(row.getOffsetDateTime("first_started_at"), row.getLong("runs"),
            row.getLong("selected"), row.getLong("cleaned"), row.getLong("rejected"), row.getLong("failed"),
            row.getLong("failed_runs"), Rows.doubleOf(row, "max_duration_ms"), Rows.doubleOf(row, "mean_duration_ms")))
        .execute(range)
        .map(Rows::list);
  }

}
