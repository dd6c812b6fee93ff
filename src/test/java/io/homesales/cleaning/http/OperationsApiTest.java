package io.homesales.cleaning.http;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.run.RunOnce;
import io.homesales.cleaning.run.RunStatus;
import io.homesales.cleaning.run.RunSummary;
import io.homesales.cleaning.run.RunTrigger;
import io.homesales.cleaning.sample.EventGenerator;
import io.homesales.cleaning.support.Blocker;
import io.homesales.cleaning.support.Http;
import io.homesales.cleaning.support.Http.Answer;
import io.homesales.cleaning.support.JobUnderTest;
import io.homesales.cleaning.support.OpenApiDocument;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operations API over real HTTP, on a real PostgreSQL: every endpoint on data whose counts SQL gives, each
 * answer checked against the OpenAPI document; the writes' token rules; forced runs, cancel and pause.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class OperationsApiTest {

  private final TestDatabase db;
  private Vertx vertx;
  private OpenApiDocument contract;
  private JobUnderTest job;

  OperationsApiTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void history(Vertx vertx) {
    this.vertx = vertx;
    this.contract = OpenApiDocument.load(vertx);
    db.truncateAll();
    Sample.loadEnrichment(db);
    Sample.loadEvents(db, new EventGenerator(3).events(1, 400)); // clean records and every kind of defect
    job = JobUnderTest.start(vertx, db);
    // Two real runs (150, then the 250 left) and a dry run between them.
    startAndWait(new JsonObject().put("maxRecords", 150).put("note", "first"));
    startAndWait(new JsonObject().put("dryRun", true));
    startAndWait(new JsonObject());
  }

  @AfterEach
  void stop() {
    job.close();
  }

  /** Starts a run through the API and waits until it has ended, in the history and in the job. */
  private String startAndWait(JsonObject body) {
    Answer started = contract.check(job.authorized().post("/api/v1/runs", body.encode()), "startRun");
    assertEquals(202, started.status(), started.toString());
    String runId = started.json().getString("runId");
    job.awaitEnded(db, runId);
    return runId;
  }

  private List<Row> runsInOrder() {
    return db.query("SELECT run_id, status, triggered_by, dry_run, selected, cleaned, rejected FROM cleaning_job_runs"
        + " ORDER BY started_at DESC, run_id DESC");
  }

  @Test
  void statusSaysIdleWithTheLastRunTheBacklogAndNoSecret() {
    Sample.loadEvents(db, new EventGenerator(4).events(1_000, 25)); // a backlog of 25, not yet in the pending set
    OffsetDateTime loaded = OffsetDateTime.now();
    startAndWait(new JsonObject().put("dryRun", true)); // the status's backlog is read again when a run ends
    JsonObject status = contract.check(job.http().get("/api/v1/status"), "getStatus").json();

    assertEquals("idle", status.getString("state"));
    assertNull(status.getValue("currentRun"));
    assertEquals(runsInOrder().get(0).getUUID("run_id").toString(), status.getJsonObject("lastRun").getString("runId"));
    String lastSuccess = db.query("SELECT run_id FROM cleaning_job_runs WHERE status = 'succeeded' AND NOT dry_run"
        + " ORDER BY started_at DESC LIMIT 1").get(0).getUUID(0).toString();
    assertEquals(lastSuccess, status.getJsonObject("lastSuccess").getString("runId"));
    JsonObject backlog = status.getJsonObject("backlog");
    assertEquals(db.count("SELECT count(*) FROM raw_home_sale_events r WHERE NOT EXISTS"
        + " (SELECT 1 FROM home_sales_processed p WHERE p.id = r.id)"), backlog.getLong("count"));
    assertEquals(25, backlog.getLong("count"));
    OffsetDateTime oldest = db.query("SELECT min(received_at) FROM raw_home_sale_events WHERE id >= 1000").get(0)
        .getOffsetDateTime(0);
    assertEquals(oldest.toInstant(), OffsetDateTime.parse(backlog.getString("oldestReceivedAt")).toInstant());
    assertEquals(oldest.toInstant(), OffsetDateTime.parse(status.getString("completeThrough")).toInstant());
    assertTrue(backlog.getLong("oldestAgeSeconds") > 0);
    assertTrue(OffsetDateTime.parse(backlog.getString("asOf")).isAfter(loaded), backlog.encode());
    assertNotNull(status.getString("nextRunAt"));
    JsonObject settings = status.getJsonObject("settings");
    assertEquals(500, settings.getInteger("batchSize"));
    String text = status.encode();
    assertFalse(text.contains("password") || text.contains(JobUnderTest.TOKEN), text);
  }

  @Test
  void runsArePagedNewestFirstWithAnOpaqueCursorAndFiltered() {
    List<Row> expected = runsInOrder();
    assertEquals(3, expected.size());
    List<String> seen = new ArrayList<>();
    String path = "/api/v1/runs?limit=2";
    for (int page = 0; path != null; page++) {
      JsonObject body = contract.check(job.http().get(path), "listRuns").json();
      body.getJsonArray("runs").forEach(run -> seen.add(((JsonObject) run).getString("runId")));
      String next = body.getString("next");
      path = next == null ? null : "/api/v1/runs?limit=2&before=" + next;
      assertTrue(page < 3);
    }
    assertEquals(expected.stream().map(row -> row.getUUID("run_id").toString()).toList(), seen);

    JsonObject newest = job.http().get("/api/v1/runs?limit=1").json().getJsonArray("runs").getJsonObject(0);
    Row row = expected.get(0);
    assertEquals(row.getString("status"), newest.getString("status"));
    assertEquals(row.getInteger("cleaned"), newest.getInteger("cleaned"));
    assertEquals(row.getInteger("rejected"), newest.getInteger("rejected"));
    assertEquals("manual", newest.getString("trigger"));

    JsonArray dry = job.http().get("/api/v1/runs?status=succeeded&trigger=manual").json().getJsonArray("runs");
    assertEquals(3, dry.size());
    OffsetDateTime future = OffsetDateTime.now().plusDays(1);
    assertEquals(0, job.http().get("/api/v1/runs?from=" + future).json().getJsonArray("runs").size());
    assertEquals(3, job.http().get("/api/v1/runs?to=" + future).json().getJsonArray("runs").size());
    assertEquals(0, job.http().get("/api/v1/runs?status=failed").json().getJsonArray("runs").size());

    // Filters that must leave something out: the oldest run relabelled as a failed scheduled one, and a window
    // that ends between the oldest run and the next.
    Row oldest = expected.get(expected.size() - 1);
    db.execute("UPDATE cleaning_job_runs SET status = 'failed', triggered_by = 'schedule' WHERE run_id = '"
        + oldest.getUUID("run_id") + "'");
    List<String> newerTwo = expected.subList(0, 2).stream().map(r -> r.getUUID("run_id").toString()).toList();
    assertEquals(newerTwo, runIds("/api/v1/runs?status=succeeded"));
    assertEquals(newerTwo, runIds("/api/v1/runs?trigger=manual"));
    assertEquals(List.of(oldest.getUUID("run_id").toString()), runIds("/api/v1/runs?status=failed&trigger=schedule"));
    assertEquals(List.of(), runIds("/api/v1/runs?status=failed&trigger=manual"));
    String cut = db.query("SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
        + " FROM cleaning_job_runs WHERE run_id = '" + expected.get(1).getUUID("run_id") + "'").get(0).getString(0);
    assertEquals(List.of(oldest.getUUID("run_id").toString()), runIds("/api/v1/runs?to=" + cut));
    assertEquals(newerTwo, runIds("/api/v1/runs?from=" + cut));
  }

  private List<String> runIds(String path) {
    List<String> ids = new ArrayList<>();
    job.http().get(path).json().getJsonArray("runs").forEach(run -> ids.add(((JsonObject) run).getString("runId")));
    return ids;
  }

  @Test
  void aRunShowsItsRejectionsByReasonAsSqlCountsThem() {
    for (Row run : runsInOrder()) {
      String runId = run.getUUID("run_id").toString();
      JsonObject detail = contract.check(job.http().get("/api/v1/runs/" + runId), "getRun").json();
      assertEquals(run.getInteger("selected"), detail.getInteger("selected"));
      Map<String, Integer> reasons = new TreeMap<>();
      detail.getJsonObject("rejectionsByReason").forEach(e -> reasons.put(e.getKey(), (Integer) e.getValue()));
      if (run.getBoolean("dry_run")) {
        assertTrue(detail.getBoolean("dryRun"));
        int sum = reasons.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(sum >= detail.getInteger("rejected") && detail.getInteger("rejected") > 0, detail.encode());
      } else {
        Map<String, Integer> sql = new TreeMap<>();
        db.query("SELECT reason, count(*)::int FROM home_sales_processed, unnest(reasons) AS reason"
            + " WHERE run_id = $1 GROUP BY reason", run.getUUID("run_id"))
            .forEach(r -> sql.put(r.getString(0), r.getInteger(1)));
        assertEquals(sql, reasons, runId);
        assertFalse(sql.isEmpty());
      }
    }
    Answer missing = contract.check(job.http().get("/api/v1/runs/" + java.util.UUID.randomUUID()), "getRun");
    assertEquals(404, missing.status());
  }

  @Test
  void theSeriesAndTheQualityAgreeWithSql() {
    JsonObject series = contract.check(job.http().get("/api/v1/runs/series"), "runSeries").json();
    long cleaned = 0;
    long runs = 0;
    for (Object point : series.getJsonArray("points")) {
      cleaned += ((JsonObject) point).getLong("cleaned");
      runs += ((JsonObject) point).getLong("runs");
    }
    assertEquals(2, runs, "real runs only");
    assertEquals(db.count("SELECT count(*) FROM home_sales_clean"), cleaned);

    for (String bucket : List.of("hour", "day")) {
      JsonObject quality = contract.check(job.http().get("/api/v1/quality?bucket=" + bucket), "getQuality").json();
      JsonObject totals = quality.getJsonObject("totals");
      assertEquals(db.count("SELECT count(*) FROM home_sales_processed WHERE outcome = 'cleaned'"),
          totals.getLong("cleaned"));
      assertEquals(db.count("SELECT count(*) FROM home_sales_processed WHERE outcome = 'rejected'"),
          totals.getLong("rejected"));
      Map<String, Long> byReason = new TreeMap<>();
      db.query("SELECT reason, count(*) FROM home_sales_processed, unnest(reasons) AS reason GROUP BY reason")
          .forEach(r -> byReason.put(r.getString(0), r.getLong(1)));
      Map<String, Long> shown = new TreeMap<>();
      totals.getJsonObject("byReason").forEach(e -> shown.put(e.getKey(), ((Number) e.getValue()).longValue()));
      assertEquals(byReason, shown);
      Map<String, Long> byField = new TreeMap<>();
      db.query("SELECT split_part(reason, ':', 1), count(*) FROM home_sales_processed, unnest(reasons) AS reason"
          + " GROUP BY 1").forEach(r -> byField.put(r.getString(0), r.getLong(1)));
      Map<String, Long> shownFields = new TreeMap<>();
      totals.getJsonObject("byField").forEach(e -> shownFields.put(e.getKey(), ((Number) e.getValue()).longValue()));
      assertEquals(byField, shownFields);
      long bucketed = 0;
      for (Object b : quality.getJsonArray("buckets")) {
        bucketed += ((JsonObject) b).getLong("rejected");
      }
      assertEquals(totals.getLong("rejected"), bucketed);
    }
  }

  @Test
  void samplesNeedTheTokenAndShowTheNewestEventsOfAReason() {
    String reason = db.query("SELECT reason FROM home_sales_processed, unnest(reasons) AS reason GROUP BY reason"
        + " ORDER BY count(*) DESC, reason LIMIT 1").get(0).getString(0);
    assertEquals(401, job.http().get("/api/v1/quality/samples?reason=" + reason).status());
    Answer answer = contract.check(job.authorized().get("/api/v1/quality/samples?limit=5&reason=" + reason),
        "getSamples");
    JsonArray samples = answer.json().getJsonArray("samples");
    assertEquals(5, samples.size());
    List<Long> newest = new ArrayList<>();
    db.query("SELECT id FROM home_sales_processed WHERE $1 = ANY(reasons) ORDER BY processed_at DESC, id DESC LIMIT 5",
        reason).forEach(r -> newest.add(r.getLong(0)));
    List<Long> shown = new ArrayList<>();
    samples.forEach(s -> {
      JsonObject sample = (JsonObject) s;
      shown.add(sample.getLong("id"));
      assertTrue(sample.getJsonArray("reasons").contains(reason));
      assertTrue(sample.getString("payload").length() <= 2_000);
    });
    assertEquals(newest, shown);

    // Every reason, rare or frequent, at a limit smaller than one run's share and at one larger than all of
    // them: the same newest-first ids as SQL over the whole table.
    List<String> reasons = db.query("SELECT DISTINCT unnest(reasons) FROM home_sales_processed").stream()
        .map(r -> r.getString(0)).toList();
    assertTrue(reasons.size() > 3, reasons.toString());
    for (String each : reasons) {
      for (int limit : new int[] {3, 100}) {
        List<Long> expected = db.query("SELECT id FROM home_sales_processed WHERE $1 = ANY(reasons)"
            + " ORDER BY processed_at DESC, id DESC LIMIT $2", each, limit).stream().map(r -> r.getLong(0)).toList();
        List<Long> got = new ArrayList<>();
        job.authorized().get("/api/v1/quality/samples?limit=" + limit + "&reason=" + each).json()
            .getJsonArray("samples").forEach(x -> got.add(((JsonObject) x).getLong("id")));
        assertEquals(expected, got, each + " limit " + limit);
      }
    }
  }

  @Test
  void aForcedRunNeedsTheTokenAndItsUrlResolves() {
    assertEquals(401, job.http().post("/api/v1/runs", "{}").status());
    Answer wrong = job.http().withToken("not-the-token-at-all-0000").post("/api/v1/runs", "{}");
    assertEquals(401, wrong.status());
    assertEquals("Bearer realm=\"cleaning-job\"", wrong.header("WWW-Authenticate"));
    assertEquals(401, contract.check(wrong, "startRun").status());

    Sample.loadEvents(db, new EventGenerator(5).events(2_000, 40));
    Answer started = contract.check(job.authorized().post("/api/v1/runs", "{\"note\": \"by hand\"}"), "startRun");
    assertEquals(202, started.status());
    String url = started.json().getString("url");
    assertEquals("/api/v1/runs/" + started.json().getString("runId"), url);
    assertEquals(url, started.header("Location"));
    job.awaitEnded(db, started.json().getString("runId"));
    JsonObject run = job.http().get(url).json();
    assertEquals("succeeded", run.getString("status"));
    assertEquals(40, run.getInteger("selected"));
    assertEquals("by hand", run.getString("note"));

    // With a trailing slash, the same route: the URL still names the run.
    Answer slash = job.authorized().post("/api/v1/runs/", "{\"dryRun\": true}");
    assertEquals(202, slash.status(), slash.toString());
    assertEquals("/api/v1/runs/" + slash.json().getString("runId"), slash.json().getString("url"));
  }

  @Test
  void withoutAConfiguredTokenWritesAndSamplesAreClosed() {
    job.close();
    job = JobUnderTest.start(vertx, db, new JsonObject(), null, true);
    for (Answer closed : List.of(job.http().post("/api/v1/runs", "{}"),
        job.http().withToken("anything-anything-anything").post("/api/v1/runs", "{}"),
        job.http().put("/api/v1/schedule", "{\"paused\": true}"),
        job.http().get("/api/v1/quality/samples?reason=price:range"))) {
      assertEquals(403, closed.status(), closed.toString());
      assertTrue(closed.json().getString("error").contains("CLEANING_JOB_API_TOKEN"), closed.toString());
    }
    assertEquals(200, job.http().get("/api/v1/status").status());
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_runs WHERE status = 'running'"));
  }

  @Test
  void whileARunIsInFlightAForcedRunIsAConflictNamingIt() {
    Sample.loadEvents(db, new EventGenerator(6).events(3_000, 30));
    long held = db.count("SELECT max(id) FROM raw_home_sale_events");
    try (Blocker blocker = Blocker.atEvent(db, held)) {
      Answer started = job.authorized().post("/api/v1/runs", "{}");
      assertEquals(202, started.status());
      blocker.awaitJobWaiting();
      String runId = started.json().getString("runId");

      Answer busy = contract.check(job.authorized().post("/api/v1/runs", "{}"), "startRun");
      assertEquals(409, busy.status(), busy.toString());
      assertEquals(runId, busy.json().getString("runId"));

      JsonObject status = contract.check(job.http().get("/api/v1/status"), "getStatus").json();
      assertEquals("running", status.getString("state"));
      assertEquals(runId, status.getJsonObject("currentRun").getString("runId"));
    }
  }

  @Test
  void whileAnotherProcessRunsAForcedRunIsAConflictNamingItsRun() {
    Sample.loadEvents(db, new EventGenerator(7).events(3_000, 30));
    long held = db.count("SELECT max(id) FROM raw_home_sale_events");
    try (Blocker blocker = Blocker.atEvent(db, held)) {
      // Another process: a run of its own pool, as run-once would, holding the job's advisory lock.
      Future<RunSummary> other = RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false);
      blocker.awaitJobWaiting();
      String otherId = db.query("SELECT run_id FROM cleaning_job_runs WHERE status = 'running'").get(0).getUUID(0)
          .toString();
      Answer busy = contract.check(job.authorized().post("/api/v1/runs", "{}"), "startRun");
      assertEquals(409, busy.status(), busy.toString());
      assertEquals(otherId, busy.json().getString("runId"));
      assertTrue(busy.json().getString("error").contains("another process"), busy.toString());
      blocker.release();
      assertEquals(RunStatus.SUCCEEDED, await(other).status());
    }
  }

  @Test
  void cancelStopsTheRunInFlightWhichEndsInterrupted() {
    Sample.loadEvents(db, new EventGenerator(8).events(3_000, 30));
    long held = db.count("SELECT max(id) FROM raw_home_sale_events");
    String runId;
    try (Blocker blocker = Blocker.atEvent(db, held)) {
      runId = job.authorized().post("/api/v1/runs", "{}").json().getString("runId");
      blocker.awaitJobWaiting();
      assertEquals(401, job.http().post("/api/v1/runs/" + runId + "/cancel", null).status());
      Answer cancelled = contract.check(job.authorized().post("/api/v1/runs/" + runId + "/cancel", null), "cancelRun");
      assertEquals(202, cancelled.status(), cancelled.toString());
      assertTrue(cancelled.json().getBoolean("cancelling"));
    }
    job.awaitEnded(db, runId);
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE run_id = '" + runId + "' AND status = 'interrupted'"));
    assertTrue(db.count("SELECT count(*) FROM home_sales_processed WHERE id >= 3000") < 30, "the rest waits");

    Answer ended = contract.check(job.authorized().post("/api/v1/runs/" + runId + "/cancel", null), "cancelRun");
    assertEquals(409, ended.status());
    Answer unknown = contract.check(job.authorized().post("/api/v1/runs/" + java.util.UUID.randomUUID()
        + "/cancel", null), "cancelRun");
    assertEquals(404, unknown.status());
  }

  @Test
  void aPausedScheduleStartsNothingSurvivesARestartAndStillTakesForcedRuns() {
    Answer paused = contract.check(job.authorized().put("/api/v1/schedule", "{\"paused\": true}"), "setSchedule");
    assertEquals(200, paused.status(), paused.toString());
    assertTrue(paused.json().getBoolean("paused"));
    assertEquals("paused", job.http().get("/api/v1/status").json().getString("state"));
    assertNull(job.http().get("/api/v1/status").json().getValue("nextRunAt"));

    // A restart with a one-second schedule: still paused, and no scheduled run starts.
    job.close();
    job = JobUnderTest.start(vertx, db, new JsonObject().put("intervalSeconds", 1), JobUnderTest.TOKEN, true);
    JsonObject status = contract.check(job.http().get("/api/v1/status"), "getStatus").json();
    assertEquals("paused", status.getString("state"));
    assertTrue(status.getJsonObject("schedule").getBoolean("paused"));
    Blocker.sleep(2_500);
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_runs WHERE triggered_by = 'schedule'"));
    assertEquals(202, job.authorized().post("/api/v1/runs", "{}").status(), "a forced run still runs");

    assertFalse(job.authorized().put("/api/v1/schedule", "{\"paused\": false}").json().getBoolean("paused"));
    db.awaitCount("SELECT count(*) FROM cleaning_job_runs WHERE triggered_by = 'schedule'", 1);
  }

  @Test
  void reprocessingNeedsTheTokenAnswersWhatItMatchedAndIsAudited() {
    JsonObject dry = new JsonObject().put("reason", "enrichment:*").put("dryRun", true);
    assertEquals(401, contract.check(job.http().post("/api/v1/reprocess", dry.encode()), "reprocess").status());
    Answer answer = contract.check(job.authorized().post("/api/v1/reprocess", dry.encode()), "reprocess");
    assertEquals(200, answer.status(), answer.toString());
    long enrichment = db.count("SELECT count(*) FROM home_sales_processed WHERE EXISTS (SELECT 1 FROM unnest(reasons) r"
        + " WHERE r LIKE 'enrichment:%')");
    assertEquals(enrichment, answer.json().getLong("matched"));
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_pending"), "a dry run changes nothing");

    Answer bad = contract.check(job.authorized().post("/api/v1/reprocess", "{}"), "reprocess");
    assertEquals(400, bad.status());
    assertEquals("all", bad.json().getString("parameter"));
    Answer typo = job.authorized().post("/api/v1/reprocess", "{\"reason\": \"enrichment:school\"}");
    assertEquals(400, typo.status());
    assertEquals("reason", typo.json().getString("parameter"));

    Answer requeued = contract.check(job.authorized().post("/api/v1/reprocess",
        new JsonObject().put("reason", "enrichment:*").put("runNow", true).encode()), "reprocess");
    assertEquals(200, requeued.status(), requeued.toString());
    assertEquals(enrichment, requeued.json().getLong("requeued"));
    String runId = requeued.json().getString("runId");
    job.awaitEnded(db, runId);
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE run_id = '" + runId + "' AND status = 'succeeded'"
        + " AND triggered_by = 'reprocess'"));
    assertEquals(enrichment, db.count("SELECT selected FROM cleaning_job_runs WHERE run_id = '" + runId + "'"));

    JsonArray audit = contract.check(job.http().get("/api/v1/reprocess"), "listReprocessRequests").json()
        .getJsonArray("requests");
    assertEquals(2, audit.size());
    JsonObject newest = audit.getJsonObject(0);
    assertEquals(runId, newest.getString("runId"));
    assertTrue(newest.getString("requestedBy").startsWith("api:127.0.0.1"), newest.encode());
    assertEquals(new JsonObject().put("reason", new JsonArray().add("enrichment:*")), newest.getJsonObject("selectors"));
    assertTrue(audit.getJsonObject(1).getBoolean("dryRun"));
  }

  @Test
  void theOpenApiDocumentIsServedAndDescribesEveryEndpoint() {
    Answer answer = job.http().get("/api/v1/openapi.json");
    assertEquals(200, answer.status());
    JsonObject paths = answer.json().getJsonObject("paths");
    for (String path : List.of("/api/v1/status", "/api/v1/runs", "/api/v1/runs/series", "/api/v1/runs/{runId}",
        "/api/v1/runs/{runId}/cancel", "/api/v1/schedule", "/api/v1/quality", "/api/v1/quality/samples",
        "/api/v1/reprocess", "/health/live", "/health/ready")) {
      assertTrue(paths.containsKey(path), path);
    }
  }

  /** What every bad input answers: its status, and the parameter the error names. */
  private record Bad(String method, String path, String body, int status, String parameter) {}

  @Test
  void everyBadInputGetsItsStatusAndAJsonErrorNamingTheParameter() {
    String runId = runsInOrder().get(0).getUUID("run_id").toString();
    String cursor = job.http().get("/api/v1/runs?limit=1").json().getString("next");
    List<Bad> cases = List.of(
        new Bad("GET", "/api/v1/runs?limit=abc", null, 400, "limit"),
        new Bad("GET", "/api/v1/runs?limit=0", null, 400, "limit"),
        new Bad("GET", "/api/v1/runs?limit=501", null, 400, "limit"),
        new Bad("GET", "/api/v1/runs?limit=99999999999999999999", null, 400, "limit"),
        new Bad("GET", "/api/v1/runs?before=not-a-cursor", null, 400, "before"),
        new Bad("GET", "/api/v1/runs?before=" + cursor.substring(1), null, 400, "before"),
        new Bad("GET", "/api/v1/runs?status=sleeping", null, 400, "status"),
        new Bad("GET", "/api/v1/runs?trigger=cron", null, 400, "trigger"),
        new Bad("GET", "/api/v1/runs?from=yesterday", null, 400, "from"),
        new Bad("GET", "/api/v1/runs?to=2026-13-01T00:00:00Z", null, 400, "to"),
        new Bad("GET", "/api/v1/runs?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", null, 400, "from"),
        new Bad("GET", "/api/v1/runs?limit=1&limit=2", null, 400, "limit"),
        new Bad("GET", "/api/v1/runs?colour=red", null, 400, "colour"),
        new Bad("GET", "/api/v1/runs/not-a-uuid", null, 400, "runId"),
        new Bad("GET", "/api/v1/runs/series?points=0", null, 400, "points"),
        new Bad("GET", "/api/v1/runs/series?points=5001", null, 400, "points"),
        new Bad("GET", "/api/v1/runs/series?from=2026-01-01", null, 400, "from"),
        new Bad("GET", "/api/v1/quality?bucket=week", null, 400, "bucket"),
        new Bad("GET", "/api/v1/quality/samples", null, 400, "reason"),
        new Bad("GET", "/api/v1/quality/samples?reason=price:too_high", null, 400, "reason"),
        new Bad("GET", "/api/v1/quality/samples?reason=price:range&limit=101", null, 400, "limit"),
        new Bad("GET", "/api/v1/status?verbose=true", null, 400, "verbose"),
        new Bad("POST", "/api/v1/runs", "{\"dryRun\": tru", 400, "body"),
        new Bad("POST", "/api/v1/runs", "[1, 2]", 400, "body"),
        new Bad("POST", "/api/v1/runs", "{\"dryrun\": true}", 400, "dryrun"),
        new Bad("POST", "/api/v1/runs", "{\"wait\": true}", 400, "wait"),
        new Bad("POST", "/api/v1/runs", "{\"dryRun\": \"yes\"}", 400, "dryRun"),
        new Bad("POST", "/api/v1/runs", "{\"maxRecords\": \"10\"}", 400, "maxRecords"),
        new Bad("POST", "/api/v1/runs", "{\"maxRecords\": 0}", 400, "maxRecords"),
        new Bad("POST", "/api/v1/runs", "{\"maxRecords\": 1.5}", 400, "maxRecords"),
        new Bad("POST", "/api/v1/runs", "{\"note\": 42}", 400, "note"),
        new Bad("POST", "/api/v1/runs", "{\"note\": \"" + "n".repeat(1_001) + "\"}", 400, "note"),
        new Bad("POST", "/api/v1/runs/" + runId + "/cancel", "{\"now\": true}", 400, "now"),
        new Bad("POST", "/api/v1/runs/nope/cancel", null, 400, "runId"),
        new Bad("PUT", "/api/v1/schedule", "{}", 400, "paused"),
        new Bad("PUT", "/api/v1/schedule", "{\"paused\": \"yes\"}", 400, "paused"),
        new Bad("PUT", "/api/v1/schedule", "{\"paused\": true, \"until\": \"monday\"}", 400, "until"),
        new Bad("POST", "/api/v1/runs", "{\"note\": \"" + "x".repeat(70_000) + "\"}", 413, null),
        new Bad("GET", "/api/v1/nothing-here", null, 404, null),
        new Bad("GET", "/nothing-here", null, 404, null),
        new Bad("DELETE", "/api/v1/runs", null, 405, null),
        new Bad("POST", "/api/v1/status", "{}", 405, null));
    for (Bad bad : cases) {
      Answer answer = job.authorized().send(bad.method(), bad.path(), bad.body(), Map.of());
      assertEquals(bad.status(), answer.status(), bad + " answered " + answer);
      assertTrue(answer.header("content-type").startsWith("application/json"), bad + " " + answer.headers());
      JsonObject error = answer.json();
      assertEquals(bad.status(), error.getInteger("status"), bad.toString());
      assertFalse(error.getString("error").isBlank());
      assertEquals(bad.parameter(), error.getString("parameter"), bad + " answered " + answer);
    }
    assertEquals("'paused' must be true or false (got \"maybe\")", job.authorized()
        .put("/api/v1/schedule", "{\"paused\": \"maybe\"}").json().getString("error"), "not 'is required'");
    assertEquals("'paused' is required: true or false", job.authorized().put("/api/v1/schedule", "{}").json()
        .getString("error"));
    assertEquals("GET, HEAD, POST", job.authorized().send("DELETE", "/api/v1/runs", null, Map.of()).header("Allow"));
    assertEquals(3, db.count("SELECT count(*) FROM cleaning_job_runs"), "no bad request started a run");
  }

  @Test
  void withoutPublicReadsEverythingButHealthAndTheDashboardNeedsTheToken() {
    job.close();
    job = JobUnderTest.start(vertx, db, new JsonObject(), JobUnderTest.TOKEN, false);
    for (String path : List.of("/api/v1/status", "/api/v1/runs", "/api/v1/quality", "/api/v1/openapi.json",
        "/metrics")) {
      assertEquals(401, job.http().get(path).status(), path);
      assertEquals(200, job.authorized().get(path).status(), path);
    }
    for (String path : List.of("/health/live", "/health/ready", "/", "/assets/app.js", "/assets/style.css")) {
      assertEquals(200, job.http().get(path).status(), path);
    }
  }

  @Test
  void healthIsLiveAndReadyWithEveryCheckNamed() {
    Answer live = contract.check(job.http().get("/health/live"), "live");
    assertEquals(200, live.status());
    Answer ready = contract.check(job.http().get("/health/ready"), "ready");
    assertEquals(200, ready.status(), ready.toString());
    List<String> checks = new ArrayList<>();
    ready.json().getJsonArray("checks").forEach(c -> checks.add(((JsonObject) c).getString("id")));
    assertEquals(List.of("database", "schema", "recentRuns", "quality"), checks);

    // The job gone from the event bus: not live, not ready.
    job.stopJob();
    assertEquals(503, contract.check(job.http().get("/health/live"), "live").status());
    assertEquals(503, contract.check(job.http().get("/health/ready"), "ready").status());
  }

  @Test
  void readinessFailsWhenTheLastRunsAllFailedOrTheBacklogIsTooOld() {
    job.close();
    job = JobUnderTest.start(vertx, db, new JsonObject().put("readyMaxFailedRuns", 2).put("maxBacklogAge", "PT1H"),
        JobUnderTest.TOKEN, true);
    assertEquals(200, job.http().get("/health/ready").status());
    // Two failed runs in a row: every write refused with an error that is not the record's fault.
    try {
      Sample.loadEvents(db, new EventGenerator(9).events(4_000, 5));
      db.execute("CREATE OR REPLACE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS"
          + " $$ BEGIN RAISE EXCEPTION 'test: writes refused' USING ERRCODE = '40001'; END $$;"
          + " CREATE TRIGGER test_fail BEFORE INSERT ON home_sales_processed FOR EACH ROW EXECUTE FUNCTION test_fail()");
      for (int i = 0; i < 2; i++) {
        startAndWait(new JsonObject());
      }
      Answer notReady = contract.check(job.http().get("/health/ready"), "ready");
      assertEquals(503, notReady.status(), notReady.toString());
      JsonObject runsCheck = check(notReady, "recentRuns");
      assertEquals("DOWN", runsCheck.getString("status"));
      assertTrue(runsCheck.getString("reason").contains("test: writes refused"), runsCheck.encode());
    } finally {
      db.execute("DROP TRIGGER IF EXISTS test_fail ON home_sales_processed");
    }
    startAndWait(new JsonObject());
    assertEquals(200, job.http().get("/health/ready").status());

    // An unprocessed event received two hours ago: older than the limit.
    db.execute("INSERT INTO raw_home_sale_events VALUES (9999, now() - interval '2 hours', '{}')");
    Answer old = contract.check(job.http().get("/health/ready"), "ready");
    assertEquals(503, old.status(), old.toString());
    assertEquals("DOWN", check(old, "backlogAge").getString("status"));
  }

  private static JsonObject check(Answer answer, String id) {
    for (Object check : answer.json().getJsonArray("checks")) {
      if (id.equals(((JsonObject) check).getString("id"))) {
        return (JsonObject) check;
      }
    }
    throw new AssertionError("no check " + id + " in " + answer);
  }
}
