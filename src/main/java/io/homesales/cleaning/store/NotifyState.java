package io.homesales.cleaning.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.Map;

/**
 * What each notification subject last told ({@code cleaning_job_notify_state}): a change of state is one
 * statement, and only the process whose statement changes it is told so, so that one message goes per change
 * whatever the number of processes.
 */
public final class NotifyState {

  static final String MOVE = """
      WITH old AS (SELECT state FROM cleaning_job_notify_state WHERE subject = #{subject}),
      moved AS (
        INSERT INTO cleaning_job_notify_state AS s (subject, state, changed_at) VALUES (#{subject}, #{state}, now())
        ON CONFLICT (subject) DO UPDATE SET state = EXCLUDED.state, changed_at = now()
         WHERE s.state IS DISTINCT FROM EXCLUDED.state
        RETURNING 1)
      SELECT (SELECT state FROM old) AS previous, (SELECT count(*) FROM moved) AS moved""";

  private NotifyState() {}

  /** A move: whether this call changed the state, and what it was before (null: never recorded). */
  public record Move(boolean changed, String previous) {}

  public static Future<Move> move(SqlClient client, String subject, String state) {
    return SqlTemplate.forQuery(client, MOVE).execute(Map.of("subject", subject, "state", state)).map(rows -> {
      Row row = rows.iterator().next();
      return new Move(row.getLong("moved") > 0, row.getString("previous"));
    });
  }
}
