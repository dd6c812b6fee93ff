package io.homesales.cleaning.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The run-history table's writes: a row when a run starts, completed when it ends together with its
 * rejections by reason and the hourly data-quality history; runs left by dead processes; retention.
 * Reading the history is {@link RunQueries}.
 */
public final class RunHistory {

  static final String INSERT = """
      INSERT INTO cleaning_job_runs (run_id, triggered_by, started_at, status, host, dry_run, note)
      VALUES (#{run_id}, #{trigger}, #{started_at}, 'running', #{host}, #{dry_run}, #{note})""";

  static final String SKIPPED = """
      INSERT INTO cleaning_job_runs (run_id, triggered_by, started_at, finished_at, status, error, host, dry_run, note)
      VALUES (#{run_id}, #{trigger}, #{started_at}, #{finished_at}, 'skipped', #{error}, #{host}, #{dry_run}, #{note})""";

  /**
   * What every ending run adds, from the processed rows of the runs in {@code ended} (real runs only: a dry
   * run wrote none): its rejections by reason, and the hour-by-hour outcomes and reasons of the data-quality
   * history. Appended to the statements below, so that a run's end and its counts commit together.
   */
  private static final String COUNTS = """
      mine AS (
        SELECT p.run_id, date_trunc('hour', p.processed_at, 'UTC') AS hour, p.outcome, p.reasons
          FROM home_sales_processed p
          JOIN ended e ON e.run_id = p.run_id AND NOT e.dry_run),
      outcomes AS (
        INSERT INTO cleaning_job_outcomes_hourly AS o (hour, cleaned, rejected)
        SELECT hour, count(*) FILTER (WHERE outcome = 'cleaned'), count(*) FILTER (WHERE outcome = 'rejected')
          FROM mine GROUP BY hour
        ON CONFLICT (hour) DO UPDATE SET cleaned = o.cleaned + EXCLUDED.cleaned, rejected = o.rejected + EXCLUDED.rejected),
      reasons AS (
        SELECT run_id, hour, unnest(reasons) AS reason FROM mine),
      hourly AS (
        INSERT INTO cleaning_job_reasons_hourly AS h (hour, reason, records)
        SELECT hour, reason, count(*) FROM reasons GROUP BY hour, reason
        ON CONFLICT (hour, reason) DO UPDATE SET records = h.records + EXCLUDED.records),
      by_reason AS (
        INSERT INTO cleaning_job_run_reasons (run_id, reason, records)
        SELECT run_id, reason, count(*) FROM reasons GROUP BY run_id, reason)
      SELECT count(*) AS ended FROM ended""";

  static final String FINISH = """
      WITH ended AS (
        UPDATE cleaning_job_runs
           SET finished_at = #{finished_at}, status = #{status}, selected = #{selected}, cleaned = #{cleaned},
               rejected = #{rejected}, failed = #{failed}, error = #{error}, complete_through = #{complete_through}
         WHERE run_id = #{run_id} AND status = 'running'
         RETURNING run_id, dry_run),
      """ + COUNTS;

  /** A dry run wrote no rows: its rejections by reason are what it would have written. */
  static final String DRY_RUN_REASONS = """
      INSERT INTO cleaning_job_run_reasons (run_id, reason, records)
      SELECT #{run_id}, reason, records FROM unnest(#{reasons}::text[], #{records}::int[]) AS r(reason, records)""";

  /**
   * Called by the holder of the run lock: no other run can be in progress, so a row still {@code running}
   * was left by a process that died (or lost its database) before it could record its end. Its counts come
   * from the rows it wrote; how many it had selected is unknown, so it is taken as what it finished.
   */
  static final String ABANDON = """
      WITH ended AS (
        UPDATE cleaning_job_runs r
           SET status = 'failed', finished_at = now(),
               error = 'abandoned: the process running it stopped before recording its end',
               cleaned = (SELECT count(*) FROM home_sales_processed p WHERE p.run_id = r.run_id AND p.outcome = 'cleaned'),
               rejected = (SELECT count(*) FROM home_sales_processed p WHERE p.run_id = r.run_id AND p.outcome = 'rejected'),
               selected = (SELECT count(*) FROM home_sales_processed p WHERE p.run_id = r.run_id)
         WHERE status = 'running'
         RETURNING run_id, dry_run),
      """ + COUNTS;

  static final String IN_PROGRESS = """
      SELECT run_id, host FROM cleaning_job_runs WHERE status = 'running' ORDER BY started_at DESC LIMIT 1""";

  static final String COUNT_ABANDONED = "SELECT count(*) FROM cleaning_job_runs WHERE status = 'running'";

  /**
   * Retention: old runs (their reasons and gate verdicts go with them), old hours of the data-quality history, and
   * old entries of the gates' audit.
   */
  static final String PURGE = """
      WITH runs AS (
        DELETE FROM cleaning_job_runs WHERE started_at < now() - make_interval(secs => #{seconds}) AND status <> 'running'
        RETURNING 1),
      outcomes AS (DELETE FROM cleaning_job_outcomes_hourly WHERE hour < now() - make_interval(secs => #{seconds})),
      reasons AS (DELETE FROM cleaning_job_reasons_hourly WHERE hour < now() - make_interval(secs => #{seconds})),
      actions AS (DELETE FROM cleaning_job_gate_actions WHERE acted_at < now() - make_interval(secs => #{seconds}))
      SELECT count(*) FROM runs""";

  private final Pool pool;

  public RunHistory(Pool pool) {
    this.pool = pool;
  }

  /** A run as it starts. */
  public record Start(UUID runId, String trigger, OffsetDateTime startedAt, String host, boolean dryRun,
      String note) {
    Map<String, Object> parameters() {
      Map<String, Object> p = new HashMap<>();
      p.put("run_id", runId);
      p.put("trigger", trigger);
      p.put("started_at", startedAt);
      p.put("host", host);
      p.put("dry_run", dryRun);
      p.put("note", note);
      return p;
    }
  }

  /** A run as it ends. */
  public record End(UUID runId, OffsetDateTime finishedAt, String status, int selected, int cleaned, int rejected,
      int failed, String error, OffsetDateTime completeThrough) {}

  public Future<Void> started(Start start) {
    return SqlTemplate.forUpdate(pool, INSERT).execute(start.parameters()).mapEmpty();
  }

  /** A run that could not take the job's lock: one finished row. */
  public Future<Void> skipped(Start start, OffsetDateTime finishedAt, String reason) {
    Map<String, Object> p = start.parameters();
    p.put("finished_at", finishedAt);
    p.put("error", reason);
    return SqlTemplate.forUpdate(pool, SKIPPED).execute(p).mapEmpty();
  }

  /**
   * Completes a run's row with its counts and, in the same statement, stores its rejections by reason and
   * adds its decisions to the hourly history, both counted from its own rows. A dry run's reasons are given.
   */
  public Future<Void> finished(End end, boolean dryRun, Map<String, Integer> dryRunReasons) {
    Map<String, Object> p = new HashMap<>();
    p.put("run_id", end.runId());
    p.put("finished_at", end.finishedAt());
    p.put("status", end.status());
    p.put("selected", end.selected());
    p.put("cleaned", end.cleaned());
    p.put("rejected", end.rejected());
    p.put("failed", end.failed());
    p.put("error", end.error());
    p.put("complete_through", end.completeThrough());
    Future<?> finished = SqlTemplate.forQuery(pool, FINISH).execute(p);
    if (!dryRun || dryRunReasons.isEmpty()) {
      return finished.mapEmpty();
    }
    return finished.compose(v -> SqlTemplate.forUpdate(pool, DRY_RUN_REASONS).execute(Map.of(
        "run_id", end.runId(),
        "reasons", dryRunReasons.keySet().toArray(String[]::new),
        "records", dryRunReasons.values().toArray(Integer[]::new)))).mapEmpty();
  }

  /** A run recorded as running (by another process, when this one cannot take the lock). */
  public record InProgress(UUID runId, String host) {}

  /** The newest run recorded as running, or null. */
  public Future<InProgress> inProgress() {
    return pool.query(IN_PROGRESS).execute().map(rows -> rows.size() == 0 ? null
        : new InProgress(rows.iterator().next().getUUID("run_id"), rows.iterator().next().getString("host")));
  }

  /** Marks the runs left {@code running} by dead processes as failed, with their counts; answers how many. */
  public Future<Integer> abandonRunning() {
    // Most runs find none: a cheap look first, the statement with its counts only when there is one.
    return pool.query(COUNT_ABANDONED).execute().compose(rows -> rows.iterator().next().getLong(0) == 0
        ? Future.succeededFuture(0)
        : pool.query(ABANDON).execute().map(done -> done.iterator().next().getLong("ended").intValue()));
  }

  /** Deletes runs and hours older than {@code retention}; answers how many runs. */
  public Future<Integer> purge(Duration retention) {
    return SqlTemplate.forQuery(pool, PURGE).execute(Map.of("seconds", (double) retention.toSeconds()))
        .map(rows -> rows.iterator().next().getLong(0).intValue());
  }
}
