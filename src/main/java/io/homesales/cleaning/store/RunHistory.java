package io.homesales.cleaning.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;

/** The run-history table: a row when a run starts, completed when it ends. */
public final class RunHistory {

  static final String INSERT = """
      INSERT INTO cleaning_job_runs (run_id, triggered_by, started_at, status, host)
      VALUES ($1, $2, $3, 'running', $4)""";

  static final String FINISH = """
      UPDATE cleaning_job_runs
         SET finished_at = $2, status = $3, selected = $4, cleaned = $5, rejected = $6, failed = $7, error = $8
       WHERE run_id = $1""";

  static final String SKIPPED = """
      INSERT INTO cleaning_job_runs (run_id, triggered_by, started_at, finished_at, status, error, host)
      VALUES ($1, $2, $3, $4, 'skipped', $5, $6)""";

  /**
   * Called by the holder of the run lock: no other run can be in progress, so a row still {@code running}
   * was left by a process that died (or lost its database) before it could record its end.
   */
  static final String ABANDON = """
      UPDATE cleaning_job_runs
         SET status = 'failed', finished_at = now(),
             error = 'abandoned: the process running it stopped before recording its end'
       WHERE status = 'running'""";

  private final Pool pool;

  public RunHistory(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> started(UUID runId, String trigger, OffsetDateTime startedAt, String host) {
    return pool.preparedQuery(INSERT).execute(Tuple.of(runId, trigger, startedAt, host)).mapEmpty();
  }

  /** Marks the runs left {@code running} by dead processes as failed; answers how many. */
  public Future<Integer> abandonRunning() {
    return pool.query(ABANDON).execute().map(rows -> rows.rowCount());
  }

  public Future<Void> skipped(UUID runId, String trigger, OffsetDateTime startedAt, OffsetDateTime finishedAt,
      String reason, String host) {
    return pool.preparedQuery(SKIPPED).execute(Tuple.of(runId, trigger, startedAt, finishedAt, reason, host))
        .mapEmpty();
  }

  public Future<Void> finished(UUID runId, OffsetDateTime finishedAt, String status, int selected, int cleaned,
      int rejected, int failed, String error) {
    return pool.preparedQuery(FINISH)
        .execute(Tuple.from(Arrays.asList(runId, finishedAt, status, selected, cleaned, rejected, failed, error)))
        .mapEmpty();
  }
}
