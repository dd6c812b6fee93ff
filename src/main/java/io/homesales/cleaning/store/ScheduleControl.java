package io.homesales.cleaning.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.Map;

/** Whether the schedule is paused: one row, shared by every process and kept across restarts. */
public final class ScheduleControl {

  static final String PAUSED = "SELECT paused FROM cleaning_job_control";

  static final String SET = """
      INSERT INTO cleaning_job_control AS c (singleton, paused, changed_at, changed_by)
      VALUES (true, #{paused}, now(), #{by})
      ON CONFLICT (singleton) DO UPDATE SET paused = EXCLUDED.paused, changed_at = now(), changed_by = EXCLUDED.changed_by""";

  private final Pool pool;

  public ScheduleControl(Pool pool) {
    this.pool = pool;
  }

  public Future<Boolean> paused() {
    return pool.query(PAUSED).execute().map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean(0));
  }

  public Future<Void> setPaused(boolean paused, String by) {
    return SqlTemplate.forUpdate(pool, SET).execute(Map.of("paused", paused, "by", by)).mapEmpty();
  }
}
