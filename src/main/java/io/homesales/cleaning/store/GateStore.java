package io.homesales.cleaning.store;

import io.homesales.cleaning.gate.Counts;
import io.homesales.cleaning.gate.GateResult;
import io.homesales.cleaning.gate.Gates;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The quality gates' tables (docs/quality-gates.md): the runs a baseline is taken over, each run's verdicts, the
 * hold and its audit, and the breaker's re-queue. Every write here is one statement, or one transaction on the
 * connection that holds the job's lock.
 */
public final class GateStore {

  /** A run's rejections by reason as JSON text, for {@link #counts}. */
  private static final String REASONS = """
      coalesce((SELECT json_object_agg(x.reason, x.records) FROM cleaning_job_run_reasons x
                 WHERE x.run_id = r.run_id), '{}'::json)::text AS reasons""";

  /**
   * When the last run that finished started (not abandoned, not dry; other than {@code run_id}, when given): the
   * runs abandoned after it took the same backlog, one after the other.
   */
  private static final String LAST_FINISHED = """
      last_finished AS (
        SELECT coalesce(max(started_at), '-infinity'::timestamptz) AS t FROM cleaning_job_runs
         WHERE status IN ('succeeded', 'failed', 'interrupted') AND NOT dry_run
           AND (error IS NULL OR error NOT LIKE 'abandoned:%') AND run_id IS DISTINCT FROM #{run_id})""";

  /**
   * The runs that count toward a baseline, newest first: finished, not dry, not started by a re-processing
   * request, neither failed by a gate nor stopped by the breaker (unless an operator accepted it), with at least a
   * minimum of records, and started no earlier than the last acceptance.
   */
  static final String BASELINE = """
      WITH since AS (
        SELECT coalesce((SELECT baseline_from FROM cleaning_job_control), '-infinity'::timestamptz) AS t),
      recent AS (
        SELECT r.run_id, r.cleaned + r.rejected AS done, r.rejected
          FROM cleaning_job_runs r, since
         WHERE r.status IN ('succeeded', 'failed', 'interrupted') AND NOT r.dry_run AND r.triggered_by <> 'reprocess'
           AND r.cleaned + r.rejected >= #{min_records} AND r.started_at >= since.t
           AND ((r.quality IS DISTINCT FROM 'fail' AND NOT r.breaker)
                OR EXISTS (SELECT 1 FROM cleaning_job_gate_actions a WHERE a.run_id = r.run_id AND a.action = 'accepted'))
         ORDER BY r.started_at DESC, r.run_id DESC
         LIMIT #{runs})
      SELECT r.done, r.rejected, %s
        FROM recent r""".formatted(REASONS);

  static final String RECORD = """
      WITH gates AS (
        INSERT INTO cleaning_job_run_gates (run_id, phase, gate, verdict, observed, records, sample, threshold, baseline,
                                            baseline_runs)
        SELECT #{run_id}, #{phase}, g.gate, g.verdict, g.observed, g.records, g.sample, g.threshold, g.baseline,
               g.baseline_runs
          FROM unnest(#{gates}::text[], #{verdicts}::text[], #{observed}::float8[], #{records}::bigint[],
                      #{samples}::bigint[], #{thresholds}::float8[], #{baselines}::float8[], #{baseline_runs}::int[])
               AS g(gate, verdict, observed, records, sample, threshold, baseline, baseline_runs)
        ON CONFLICT (run_id, phase, gate) DO NOTHING)
      UPDATE cleaning_job_runs SET quality = #{quality}, breaker = #{breaker} WHERE run_id = #{run_id} AND #{phase} = 'run'""";

  static final String HOLD = """
      SELECT held_at, held_run, hold_verdict, hold_gates FROM cleaning_job_control WHERE held_at IS NOT NULL""";

  /** The audit says {@code held} only when the job was not held already. */
  static final String SET_HOLD = """
      WITH before AS (SELECT held_at FROM cleaning_job_control),
      held AS (
        INSERT INTO cleaning_job_control AS c (singleton, paused, held_at, held_run, hold_verdict, hold_gates)
        VALUES (true, false, now(), #{run_id}, #{verdict}, #{gates}::text[])
        ON CONFLICT (singleton) DO UPDATE
          SET held_at = coalesce(c.held_at, now()), held_run = EXCLUDED.held_run, hold_verdict = EXCLUDED.hold_verdict,
              hold_gates = EXCLUDED.hold_gates
        RETURNING 1)
      INSERT INTO cleaning_job_gate_actions (action_id, action, acted_by, run_id, verdict)
      SELECT #{action_id}, 'held', #{by}, #{run_id}, #{verdict} FROM held
       WHERE (SELECT held_at FROM before) IS NULL""";

  /** Ends the hold; {@code accepted} also starts the baselines again from the held run. Answers the run it held. */
  static final String END_HOLD = """
      WITH old AS (SELECT held_run, hold_verdict FROM cleaning_job_control WHERE held_at IS NOT NULL FOR UPDATE),
      ended AS (
        UPDATE cleaning_job_control c
           SET held_at = NULL, held_run = NULL, hold_verdict = NULL, hold_gates = NULL,
               baseline_from = CASE WHEN #{action} = 'accepted'
                                    THEN coalesce((SELECT r.started_at FROM cleaning_job_runs r, old
                                                    WHERE r.run_id = old.held_run), c.baseline_from)
                                    ELSE c.baseline_from END
          FROM old
         RETURNING old.held_run, old.hold_verdict),
      audit AS (
        INSERT INTO cleaning_job_gate_actions (action_id, action, acted_by, run_id, verdict)
        SELECT #{action_id}, #{action}, #{by}, coalesce(#{run_id}, e.held_run), e.hold_verdict FROM ended e)
      SELECT held_run, hold_verdict FROM ended""";

  static final String MARK_REQUEUED = """
      UPDATE cleaning_job_runs
         SET requeue_request = #{request_id}, requeue_error = #{error}, error = coalesce(error, '') || #{note}
       WHERE run_id = #{run_id}""";

  /**
   * Runs the breaker owes: failed by a gate and not yet re-queued, or abandoned since the last run that finished
   * and never judged. Read under the job's lock when a run starts.
   */
  static final String OWED = """
      WITH %s
      SELECT r.run_id, r.breaker, r.cleaned + r.rejected AS done, r.rejected, %s,
             (SELECT array_agg(g.gate ORDER BY g.gate) FROM cleaning_job_run_gates g
               WHERE g.run_id = r.run_id AND g.phase = 'run' AND g.verdict = 'fail') AS failed_gates,
             (SELECT g.gate || ': ' || round((g.observed * 100)::numeric, 1) || '%% of ' || g.sample FROM cleaning_job_run_gates g
               WHERE g.run_id = r.run_id AND g.phase = 'run' AND g.verdict = 'fail' ORDER BY g.observed DESC LIMIT 1)
               AS verdict
        FROM cleaning_job_runs r, last_finished f
       WHERE NOT r.dry_run AND r.status <> 'running'
         AND ((r.breaker AND r.requeue_request IS NULL AND r.requeue_error IS NULL)
              OR (r.quality IS NULL AND r.error LIKE 'abandoned:%%' AND r.started_at >= f.t
                  AND r.requeue_request IS NULL AND r.requeue_error IS NULL AND r.triggered_by <> 'reprocess'))
       ORDER BY r.started_at""".formatted(LAST_FINISHED, REASONS);

  /**
   * The runs abandoned since the last run that finished (other than {@code run_id}, the one the breaker acts for),
   * whose rejections the breaker has not put back yet: they took the same backlog, one after the other.
   */
  static final String ABANDONED_SINCE = """
      WITH %s
      SELECT r.run_id FROM cleaning_job_runs r, last_finished f
       WHERE NOT r.dry_run AND r.status = 'failed' AND r.error LIKE 'abandoned:%%' AND r.started_at > f.t
         AND r.run_id IS DISTINCT FROM #{run_id} AND r.requeue_request IS NULL AND r.requeue_error IS NULL
       ORDER BY r.started_at""".formatted(LAST_FINISHED);

  static final String ACTIONS = """
      SELECT action_id, acted_at, action, acted_by, run_id, verdict
        FROM cleaning_job_gate_actions ORDER BY acted_at DESC, action_id DESC LIMIT #{limit}""";

  static final String RUN_GATES = """
      SELECT phase, gate, verdict, observed, records, sample, threshold, baseline, baseline_runs
        FROM cleaning_job_run_gates WHERE run_id = #{run_id}
       ORDER BY phase = 'run', CASE verdict WHEN 'fail' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END, gate""";

  private GateStore() {}

  /** The hold as the database has it. */
  public record Hold(OffsetDateTime heldAt, UUID runId, String verdict, List<String> gates) {
    public JsonObject toJson() {
      return new JsonObject().put("heldAt", heldAt == null ? null : heldAt.toString())
          .put("runId", runId == null ? null : runId.toString()).put("verdict", verdict)
          .put("gates", new JsonArray(gates));
    }
  }

  /** The counts of the last runs that count toward a baseline, newest first. */
  public static Future<List<Counts>> baseline(SqlClient client, int runs, int minRecords) {
    return SqlTemplate.forQuery(client, BASELINE).execute(Map.of("runs", runs, "min_records", minRecords))
        .map(rows -> {
          List<Counts> list = new ArrayList<>();
          for (Row row : rows) {
            list.add(counts(row));
          }
          return list;
        });
  }

  private static Counts counts(Row row) {
    JsonObject reasons = new JsonObject(row.getString("reasons"));
    Map<String, Long> byReason = new HashMap<>();
    reasons.forEach(e -> byReason.put(e.getKey(), ((Number) e.getValue()).longValue()));
    return new Counts(row.getLong("done"), row.getLong("rejected"), byReason);
  }

  /**
   * Stores a run's (or its probe's) verdicts, and for a run its overall quality and whether the breaker acts on it
   * (which {@link #owed} looks for until its re-queue is recorded).
   */
  public static Future<Void> record(SqlClient client, UUID runId, String phase, List<GateResult> results,
      String quality, boolean breaker) {
    Map<String, Object> p = new HashMap<>();
    p.put("breaker", breaker);
    p.put("run_id", runId);
    p.put("phase", phase);
    p.put("quality", quality);
    p.put("gates", results.stream().map(GateResult::gate).toArray(String[]::new));
    p.put("verdicts", results.stream().map(r -> r.level().label()).toArray(String[]::new));
    p.put("observed", results.stream().map(GateResult::observed).toArray(Double[]::new));
    p.put("records", results.stream().map(GateResult::count).toArray(Long[]::new));
    p.put("samples", results.stream().map(GateResult::sample).toArray(Long[]::new));
    p.put("thresholds", results.stream().map(r -> nullIfNaN(r.limit())).toArray(Double[]::new));
    p.put("baselines", results.stream().map(r -> nullIfNaN(r.baselineMean())).toArray(Double[]::new));
    p.put("baseline_runs", results.stream().map(GateResult::baselineRuns).toArray(Integer[]::new));
    return SqlTemplate.forUpdate(client, RECORD).execute(p).mapEmpty();
  }

  private static Double nullIfNaN(double value) {
    return Double.isNaN(value) ? null : value;
  }

  /** The hold, or null when the job is not held. */
  public static Future<Hold> hold(SqlClient client) {
    return client.query(HOLD).execute().map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      String[] gates = row.getArrayOfStrings("hold_gates");
      return new Hold(row.getOffsetDateTime("held_at"), row.getUUID("held_run"), row.getString("hold_verdict"),
          gates == null ? List.of() : List.of(gates));
    });
  }

  /** Holds the job (kept if already held: the newest verdict replaces the older), audited as {@code held}. */
  public static Future<Void> setHold(SqlClient client, UUID runId, String verdict, List<String> gates, String by) {
    Map<String, Object> p = new HashMap<>();
    p.put("run_id", runId);
    p.put("verdict", verdict);
    p.put("gates", gates.toArray(String[]::new));
    p.put("action_id", UUID.randomUUID());
    p.put("by", by);
    return SqlTemplate.forUpdate(client, SET_HOLD).execute(p).mapEmpty();
  }

  /**
   * Ends the hold, audited: {@code cleared} or {@code accepted} by an operator, {@code resolved} by a passing probe
   * (whose run is {@code runId}). Answers the hold that ended, or null when there was none.
   */
  public static Future<Hold> endHold(SqlClient client, String action, String by, UUID runId) {
    Map<String, Object> p = new HashMap<>();
    p.put("action", action);
    p.put("by", by);
    p.put("run_id", runId);
    p.put("action_id", UUID.randomUUID());
    return SqlTemplate.forQuery(client, END_HOLD).execute(p).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      return new Hold(null, row.getUUID("held_run"), row.getString("hold_verdict"), List.of());
    });
  }

  /** Records the breaker's re-queue of a run, or why it could not be made; {@code note} is added to its error. */
  public static Future<Void> markRequeued(SqlClient client, UUID runId, UUID requestId, String error, String note) {
    Map<String, Object> p = new HashMap<>();
    p.put("run_id", runId);
    p.put("request_id", requestId);
    p.put("error", error);
    p.put("note", note);
    return SqlTemplate.forUpdate(client, MARK_REQUEUED).execute(p).mapEmpty();
  }

  /**
   * A run the breaker owes: {@code failedGates} when a gate failed it and its re-queue is not done; null when it
   * was abandoned before being judged, to be judged on {@code counts}.
   */
  public record Owed(UUID runId, Counts counts, List<String> failedGates, String verdict) {}

  public static Future<List<Owed>> owed(SqlConnection connection) {
    Map<String, Object> p = new HashMap<>();
    p.put("run_id", null); // every finished run counts as the last one
    return SqlTemplate.forQuery(connection, OWED).execute(p).map(rows -> {
      List<Owed> list = new ArrayList<>();
      for (Row row : rows) {
        String[] failed = row.getArrayOfStrings("failed_gates");
        list.add(new Owed(row.getUUID("run_id"), counts(row),
            row.getBoolean("breaker") ? (failed == null ? List.of() : List.of(failed)) : null,
            row.getString("verdict")));
      }
      return list;
    });
  }

  public static Future<List<UUID>> abandonedSince(SqlClient client, UUID runId) {
    Map<String, Object> p = new HashMap<>();
    p.put("run_id", runId);
    return SqlTemplate.forQuery(client, ABANDONED_SINCE).execute(p).map(rows -> {
      List<UUID> runs = new ArrayList<>();
      rows.forEach(row -> runs.add(row.getUUID("run_id")));
      return runs;
    });
  }

  /** The gates' verdicts on a run, the probe's first, then the worst first. */
  public static Future<JsonArray> runGates(SqlClient client, UUID runId) {
    return SqlTemplate.forQuery(client, RUN_GATES).execute(Map.of("run_id", runId)).map(rows -> {
      JsonArray gates = new JsonArray();
      for (Row row : rows) {
        gates.add(new JsonObject().put("phase", row.getString("phase")).put("gate", row.getString("gate"))
            .put("verdict", row.getString("verdict")).put("observed", row.getDouble("observed"))
            .put("records", row.getLong("records")).put("sample", row.getLong("sample"))
            .put("threshold", row.getDouble("threshold")).put("baseline", row.getDouble("baseline"))
            .put("baselineRuns", row.getInteger("baseline_runs")));
      }
      return gates;
    });
  }

  /** The audit of holds, clears and acceptances, newest first. */
  public static Future<JsonArray> actions(SqlClient client, int limit) {
    return SqlTemplate.forQuery(client, ACTIONS).execute(Map.of("limit", limit)).map(rows -> {
      JsonArray list = new JsonArray();
      for (Row row : rows) {
        list.add(new JsonObject().put("actionId", row.getUUID("action_id").toString())
            .put("actedAt", row.getOffsetDateTime("acted_at").toString()).put("action", row.getString("action"))
            .put("actedBy", row.getString("acted_by"))
            .put("runId", row.getUUID("run_id") == null ? null : row.getUUID("run_id").toString())
            .put("verdict", row.getString("verdict")));
      }
      return list;
    });
  }

  /**
   * The reasons of the failing reason gates, which the breaker puts back; null when only the overall gate failed,
   * when it puts back every rejection.
   */
  public static List<String> reasonsOf(List<String> gates) {
    List<String> reasons = gates.stream().filter(g -> g.startsWith(Gates.REASON)).map(Gates::reasonOf).toList();
    return reasons.isEmpty() ? null : reasons;
  }
}
