package io.homesales.cleaning.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What readiness asks the database: that it answers, the schema's release, and how the last runs ended. */
public final class HealthQueries {

  static final String PING = "SELECT 1";

  static final String SCHEMA = """
      SELECT (SELECT version FROM cleaning_job_schema) AS version
       WHERE to_regclass('cleaning_job_schema') IS NOT NULL""";

  /** Runs that decided something: skipped and interrupted runs are not failures, dry runs change nothing. */
  static final String LAST_FINISHED = """
      SELECT run_id, status, error FROM cleaning_job_runs
       WHERE status IN ('succeeded', 'failed') AND NOT dry_run
       ORDER BY started_at DESC, run_id DESC LIMIT #{limit}""";

  private final Pool pool;

  public HealthQueries(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> ping() {
    return pool.query(PING).execute().mapEmpty();
  }

  /** The schema's version; 0 when the job's tables predate versioning or are missing. */
  public Future<Integer> schemaVersion() {
    // to_regclass keeps a missing table from being an error, which would abort the statement.
    return pool.query(SCHEMA).execute().map(rows -> {
      if (rows.size() == 0) {
        return 0;
      }
      Integer version = rows.iterator().next().getInteger("version");
      return version == null ? 0 : version;
    });
  }

  /** A finished run's status and error. */
  public record Finished(String runId, String status, String error) {}

  public Future<List<Finished>> lastFinished(int limit) {
    return SqlTemplate.forQuery(pool, LAST_FINISHED).execute(Map.of("limit", limit)).map(rows -> {
      List<Finished> list = new ArrayList<>();
      for (Row row : rows) {
        list.add(new Finished(row.getUUID("run_id").toString(), row.getString("status"), row.getString("error")));
      }
      return list;
    });
  }
}
