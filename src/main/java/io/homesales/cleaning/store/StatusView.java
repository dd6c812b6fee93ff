package io.homesales.cleaning.store;

import io.homesales.cleaning.gate.GateMode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The view {@code cleaning_job_status} (sql/02_job.sql): readiness, backlog, last success, the schedule's state
 * and the quality gates' hold, computed by the database when queried. The job reads its status from it, and so do {@code await} and
 * downstream SQL jobs: one definition for all of them.
 */
public final class StatusView {

  static final String SELECT = """
      SELECT checked_at, complete_through, backlog_events, oldest_unprocessed_at, last_success_run_id,
             last_success_started_at, last_success_finished_at, schedule_paused, quality_hold, quality_held_at
        FROM cleaning_job_status""";

  /** One reading of the view. */
  public record Reading(OffsetDateTime checkedAt, OffsetDateTime completeThrough, long backlogEvents,
      OffsetDateTime oldestUnprocessedAt, UUID lastSuccessRunId, OffsetDateTime lastSuccessStartedAt,
      OffsetDateTime lastSuccessFinishedAt, boolean schedulePaused, String qualityHold, OffsetDateTime qualityHeldAt) {

    /** Whether the database has a hold of the quality gates (docs/quality-gates.md), whatever the mode. */
    public boolean held() {
      return qualityHold != null;
    }

    /**
     * Whether the quality gates hold the job under {@code mode}: a hold left from {@code hold} mode does not count
     * under {@code warn} or {@code off}, where runs ignore it.
     */
    public boolean heldUnder(GateMode mode) {
      return held() && mode == GateMode.HOLD;
    }

    /** The oldest unprocessed event's age when the view was read, in whole seconds; 0 when none waits. */
    public long backlogAgeSeconds() {
      return oldestUnprocessedAt == null ? 0 : Duration.between(oldestUnprocessedAt, checkedAt).toSeconds();
    }

    /** Whether the oldest unprocessed event was at least {@code limit} old when the view was read. */
    public boolean backlogAtLeast(Duration limit) {
      return backlogAgeSeconds() * 1000 >= limit.toMillis();
    }


    static Reading of(Row row) {
      return new Reading(row.getOffsetDateTime("checked_at"), row.getOffsetDateTime("complete_through"),
          row.getLong("backlog_events"), row.getOffsetDateTime("oldest_unprocessed_at"),
          row.getUUID("last_success_run_id"), row.getOffsetDateTime("last_success_started_at"),
          row.getOffsetDateTime("last_success_finished_at"), row.getBoolean("schedule_paused"),
          row.getString("quality_hold"), row.getOffsetDateTime("quality_held_at"));
    }
  }

  private final Pool pool;

  public StatusView(Pool pool) {
    this.pool = pool;
  }

  public Future<Reading> read() {
    return pool.query(SELECT).execute().map(rows -> Reading.of(rows.iterator().next()));
  }
}
