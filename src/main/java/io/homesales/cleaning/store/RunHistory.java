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

  private final Pool pool;

  public RunHistory(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> started(UUID runId, String trigger, OffsetDateTime startedAt, String host) {
    return pool.preparedQuery(INSERT).execute(Tuple.of(runId, trigger, startedAt, host)).mapEmpty();
  }

  public Future<Void> finished(UUID runId, OffsetDateTime finishedAt, String status, int selected, int cleaned,
      int rejected, int failed, String error) {
    return pool.preparedQuery(FINISH)
        .execute(Tuple.from(Arrays.asList(runId, finishedAt, status, selected, cleaned, rejected, failed, error)))
        .mapEmpty();
  }
}
