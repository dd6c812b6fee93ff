package io.homesales.cleaning.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Re-cleaning: the processed records a selection matches are put back in the job's to-do list, in one statement
 * (so in one transaction): their processed and clean rows are deleted and their events inserted into the pending
 * set, and the request is recorded in the audit trail. The invariants of docs/data-rules.md section 2 hold at every
 * instant, since other sessions see the records either processed or pending; the pending set's count check
 * ({@code raw = processed + pending}) holds too. Set-based: a few joins over the processed table, whatever the
 * number of records. The caller holds the job's lock, on the connection it passes.
 */
public final class Reprocessing {

  /**
   * What to re-clean; a null field selects nothing by itself, and the fields given must all match. Reasons:
   * a record matches when any of its reasons is one of {@code exactReasons} or begins with one of
   * {@code reasonPrefixes}.
   */
  public record Selection(List<String> exactReasons, List<String> reasonPrefixes, String outcome, List<Long> ids,
      Long idFrom, Long idTo, OffsetDateTime receivedFrom, OffsetDateTime receivedTo, LocalDate saleDateFrom,
      LocalDate saleDateTo, UUID runId) {}

  /** What a request matched and did; {@code sample}: the newest matches, by id, with their reasons. */
  public record Result(UUID requestId, long matched, long requeued, JsonArray sample) {}

  private static final String MATCH_HEAD = """
      SELECT p.id, p.outcome, p.reasons, r.received_at
        FROM home_sales_processed p
        JOIN raw_home_sale_events r ON r.id = p.id
       WHERE true""";
  private static final String REASONS = """
       AND EXISTS (SELECT 1 FROM unnest(p.reasons) AS given(reason)
                    WHERE given.reason = ANY(#{exact_reasons}::text[])
                       OR EXISTS (SELECT 1 FROM unnest(#{reason_prefixes}::text[]) AS prefix(text)
                                   WHERE starts_with(given.reason, prefix.text)))""";
  private static final String OUTCOME = " AND p.outcome = #{outcome}";
  private static final String IDS = " AND p.id = ANY(#{ids}::bigint[])";
  private static final String ID_RANGE = " AND p.id BETWEEN #{id_from} AND #{id_to}";
  private static final String RECEIVED_FROM = " AND r.received_at >= #{received_from}";
  private static final String RECEIVED_TO = " AND r.received_at < #{received_to}";
  private static final String SALE_DATES = """
       AND EXISTS (SELECT 1 FROM home_sales_clean c
                    WHERE c.id = p.id AND c.sale_date BETWEEN #{sale_date_from} AND #{sale_date_to})""";
  private static final String RUN = " AND p.run_id = #{run_id}";

  private static final String SAMPLE = """
      (SELECT coalesce(json_agg(json_build_object('id', s.id, 'outcome', s.outcome, 'reasons', s.reasons)
                                ORDER BY s.id DESC), '[]')
         FROM (SELECT id, outcome, reasons FROM m ORDER BY id DESC LIMIT #{sample}) s)""";

  private static final String DRY_RUN_TAIL = """
      ,
      audit AS (
        INSERT INTO cleaning_job_reprocess (request_id, requested_at, requested_by, selectors, dry_run, matched, requeued)
        SELECT #{request_id}, now(), #{requested_by}, #{selectors}::jsonb, true, (SELECT count(*) FROM m), 0)
      SELECT (SELECT count(*) FROM m) AS matched, 0::bigint AS requeued, %s AS sample""".formatted(SAMPLE);

  private static final String REQUEUE_TAIL = """
      ,
      cleaned AS (DELETE FROM home_sales_clean c USING m WHERE c.id = m.id),
      processed AS (DELETE FROM home_sales_processed p USING m WHERE p.id = m.id),
      queued AS (
        INSERT INTO cleaning_job_pending (id, received_at) SELECT id, received_at FROM m
        ON CONFLICT (id) DO NOTHING
        RETURNING 1),
      audit AS (
        INSERT INTO cleaning_job_reprocess (request_id, requested_at, requested_by, selectors, dry_run, matched, requeued)
        SELECT #{request_id}, now(), #{requested_by}, #{selectors}::jsonb, false, (SELECT count(*) FROM m),
               (SELECT count(*) FROM queued))
      SELECT (SELECT count(*) FROM m) AS matched, (SELECT count(*) FROM queued) AS requeued, %s AS sample"""
      .formatted(SAMPLE);

  static final String LINK_RUN = "UPDATE cleaning_job_reprocess SET run_id = #{run_id} WHERE request_id = #{request_id}";

  static final String AUDIT = """
      SELECT request_id, requested_at, requested_by, selectors, dry_run, matched, requeued, run_id
        FROM cleaning_job_reprocess ORDER BY requested_at DESC, request_id DESC LIMIT #{limit}""";

  private Reprocessing() {}

  /**
   * Matches the selection and, unless {@code dryRun}, re-queues what it matched; records the request either
   * way. One statement on {@code connection}, which holds the job's lock.
   */
  public static Future<Result> apply(SqlConnection connection, Selection selection, boolean dryRun, int sample,
      String requestedBy, JsonObject selectors) {
    UUID requestId = UUID.randomUUID();
    Map<String, Object> parameters = new HashMap<>();
    String sql = "WITH m AS (" + match(selection, parameters) + ")" + (dryRun ? DRY_RUN_TAIL : REQUEUE_TAIL);
    parameters.put("sample", sample);
    parameters.put("request_id", requestId);
    parameters.put("requested_by", requestedBy);
    parameters.put("selectors", selectors); // as JSON: a string would be stored as a JSON string
    return SqlTemplate.forQuery(connection, sql).execute(parameters).map(rows -> {
      Row row = rows.iterator().next();
      Object sampled = row.getValue("sample");
      return new Result(requestId, row.getLong("matched"), row.getLong("requeued"),
          sampled instanceof JsonArray array ? array : new JsonArray(String.valueOf(sampled)));
    });
  }

  /** Records the run a request started at once. */
  public static Future<Void> linkRun(SqlConnection connection, UUID requestId, UUID runId) {
    return SqlTemplate.forUpdate(connection, LINK_RUN).execute(Map.of("run_id", runId, "request_id", requestId))
        .mapEmpty();
  }

  /**
   * The selection's conditions: each selector present adds its condition (a constant, on a line of its own), and
   * its values go in as parameters.
   */
  private static String match(Selection s, Map<String, Object> parameters) {
    StringBuilder sql = new StringBuilder(MATCH_HEAD);
    if (s.exactReasons() != null || s.reasonPrefixes() != null) {
      sql.append('\n').append(REASONS);
      parameters.put("exact_reasons", (s.exactReasons() == null ? List.<String>of() : s.exactReasons())
          .toArray(String[]::new));
      parameters.put("reason_prefixes", (s.reasonPrefixes() == null ? List.<String>of() : s.reasonPrefixes())
          .toArray(String[]::new));
    }
    if (s.outcome() != null) {
      sql.append('\n').append(OUTCOME);
      parameters.put("outcome", s.outcome());
    }
    if (s.ids() != null) {
      sql.append('\n').append(IDS);
      parameters.put("ids", s.ids().toArray(Long[]::new));
    }
    if (s.idFrom() != null) {
      sql.append('\n').append(ID_RANGE);
      parameters.put("id_from", s.idFrom());
      parameters.put("id_to", s.idTo());
    }
    if (s.receivedFrom() != null) {
      sql.append('\n').append(RECEIVED_FROM);
      parameters.put("received_from", s.receivedFrom());
    }
    if (s.receivedTo() != null) {
      sql.append('\n').append(RECEIVED_TO);
      parameters.put("received_to", s.receivedTo());
    }
    if (s.saleDateFrom() != null || s.saleDateTo() != null) {
      sql.append('\n').append(SALE_DATES);
      parameters.put("sale_date_from", s.saleDateFrom() == null ? LocalDate.of(1900, 1, 1) : s.saleDateFrom());
      parameters.put("sale_date_to", s.saleDateTo() == null ? LocalDate.of(9999, 12, 31) : s.saleDateTo());
    }
    if (s.runId() != null) {
      sql.append('\n').append(RUN);
      parameters.put("run_id", s.runId());
    }
    return sql.toString();
  }

  /** One request of the audit trail. */
  public record Audited(UUID requestId, OffsetDateTime requestedAt, String requestedBy, JsonObject selectors,
      boolean dryRun, long matched, long requeued, UUID runId) {}

  /** The newest requests first. */
  public static Future<List<Audited>> audit(SqlClient client, int limit) {
    return SqlTemplate.forQuery(client, AUDIT).execute(Map.of("limit", limit)).map(rows -> {
      List<Audited> list = new ArrayList<>();
      for (Row row : rows) {
        Object selectors = row.getValue("selectors");
        list.add(new Audited(row.getUUID("request_id"), row.getOffsetDateTime("requested_at"),
            row.getString("requested_by"), selectors instanceof JsonObject json ? json
                : new JsonObject(String.valueOf(selectors)), row.getBoolean("dry_run"), row.getLong("matched"),
            row.getLong("requeued"), row.getUUID("run_id")));
      }
      return list;
    });
  }
}
