package io.homesales.cleaning.job;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.run.RunInProgressException;
import io.homesales.cleaning.run.RunOnce;
import io.homesales.cleaning.run.RunStatus;
import io.homesales.cleaning.run.RunSummary;
import io.homesales.cleaning.run.RunTrigger;
import io.homesales.cleaning.sample.EventGenerator;
import io.homesales.cleaning.support.Blocker;
import io.homesales.cleaning.support.Invariants;
import io.homesales.cleaning.support.OutputTables;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Re-cleaning on a real PostgreSQL: every selector matches what SQL says it should, a dry run changes nothing, a
 * real one moves the records from processed to pending in one transaction and the next run cleans them again;
 * the audit trail, the lock, bad input.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class ReprocessTest {

  private final TestDatabase db;
  private Pool pool;
  private Reprocessor reprocessor;
  private UUID firstRun;

  ReprocessTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void twoRuns(Vertx vertx) {
    db.truncateAll();
    Sample.loadEnrichment(db);
    Sample.loadEvents(db, new EventGenerator(41).events(1, 600));
    firstRun = await(RunOnce.run(vertx, db.settings().withMaxRecordsPerRun(250), RunTrigger.MANUAL, false)).runId();
    await(RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false));
    pool = db.pool(vertx, 2);
    reprocessor = new Reprocessor(pool);
  }

  @AfterEach
  void close() {
    await(pool.close());
  }

  private JsonObject reprocess(JsonObject body) {
    return await(reprocessor.apply(ReprocessRequest.fromJson(body, "test")));
  }

  private long matched(JsonObject selectors) {
    return reprocess(selectors.copy().put("dryRun", true)).getLong("matched");
  }

  /** Equal counts, where SQL finds some of the 600 records but not all: otherwise equality would tell little. */
  private static void assertSelects(long expected, long matched) {
    assertTrue(expected > 0 && expected < 600, "SQL selects " + expected + " of 600");
    assertEquals(expected, matched);
  }

  @Test
  void eachSelectorMatchesWhatSqlSays() {
    assertSelects(db.count("SELECT count(*) FROM home_sales_processed WHERE 'enrichment:schools' = ANY(reasons)"),
        matched(new JsonObject().put("reason", "enrichment:schools")));
    assertSelects(db.count("SELECT count(*) FROM home_sales_processed WHERE EXISTS"
            + " (SELECT 1 FROM unnest(reasons) r WHERE r LIKE 'enrichment:%' OR r = 'price:range')"),
        matched(new JsonObject().put("reason", new JsonArray().add("enrichment:*").add("price:range"))));
    assertSelects(db.count("SELECT count(*) FROM home_sales_processed WHERE outcome = 'cleaned'"),
        matched(new JsonObject().put("outcome", "cleaned")));
    assertEquals(3, matched(new JsonObject().put("ids", new JsonArray().add(1).add(2).add(3).add(99_999))));
    assertSelects(db.count("SELECT count(*) FROM home_sales_processed WHERE id BETWEEN 100 AND 199"),
        matched(new JsonObject().put("idRange", "100-199")));
    Row middle = db.query("SELECT received_at FROM raw_home_sale_events ORDER BY received_at OFFSET 300 LIMIT 1").get(0);
    String from = middle.getOffsetDateTime(0).toString();
    assertSelects(db.count("SELECT count(*) FROM raw_home_sale_events WHERE received_at >= $1",
        middle.getOffsetDateTime(0)), matched(new JsonObject().put("receivedFrom", from)));
    assertSelects(db.count("SELECT count(*) FROM raw_home_sale_events WHERE received_at < $1",
        middle.getOffsetDateTime(0)), matched(new JsonObject().put("receivedTo", from)));
    assertSelects(db.count("SELECT count(*) FROM home_sales_clean WHERE sale_date BETWEEN '2014-06-01' AND '2014-08-31'"),
        matched(new JsonObject().put("saleDateFrom", "2014-06-01").put("saleDateTo", "2014-08-31")));
    assertEquals(250, matched(new JsonObject().put("run", firstRun.toString())));
    // Combined, every selector must match.
    assertSelects(db.count("SELECT count(*) FROM home_sales_processed WHERE outcome = 'rejected' AND run_id = $1",
        firstRun), matched(new JsonObject().put("outcome", "rejected").put("run", firstRun.toString())));
    assertEquals(600, matched(new JsonObject().put("all", true)));
  }

  @Test
  void aDryRunAnswersWithASampleAndChangesNothingButTheAuditTrail() {
    var before = OutputTables.of(db);
    JsonObject answer = reprocess(new JsonObject().put("reason", "enrichment:*").put("dryRun", true).put("sample", 5));
    assertTrue(answer.getLong("matched") > 5, answer.encode());
    assertEquals(0, answer.getLong("requeued"));
    JsonArray sample = answer.getJsonArray("sample");
    assertEquals(5, sample.size());
    List<Long> newest = new ArrayList<>();
    db.query("SELECT id FROM home_sales_processed WHERE EXISTS (SELECT 1 FROM unnest(reasons) r WHERE r LIKE"
        + " 'enrichment:%') ORDER BY id DESC LIMIT 5").forEach(r -> newest.add(r.getLong(0)));
    List<Long> shown = new ArrayList<>();
    sample.forEach(s -> shown.add(((JsonObject) s).getLong("id")));
    assertEquals(newest, shown);
    assertTrue(sample.getJsonObject(0).getJsonArray("reasons").encode().contains("enrichment:"));
    assertEquals(before, OutputTables.of(db));
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_pending"));
    Row audit = db.query("SELECT requested_by, selectors::text, dry_run, matched, requeued FROM cleaning_job_reprocess")
        .get(0);
    assertEquals("test", audit.getString(0));
    assertEquals(new JsonObject().put("reason", new JsonArray().add("enrichment:*")), new JsonObject(audit.getString(1)));
    assertTrue(audit.getBoolean(2));
    assertEquals(answer.getLong("matched"), audit.getLong(3));
  }

  @Test
  void aRealReprocessRequeuesInOneTransactionAndTheNextRunCleansThemNewestFirst(Vertx vertx) {
    long matched = db.count("SELECT count(*) FROM home_sales_processed WHERE outcome = 'cleaned' AND run_id = $1",
        firstRun);
    var before = OutputTables.of(db);
    long cleanBefore = db.count("SELECT count(*) FROM home_sales_clean");
    long hourlyBefore = db.count("SELECT sum(cleaned) FROM cleaning_job_outcomes_hourly");
    JsonObject answer = reprocess(new JsonObject().put("outcome", "cleaned").put("run", firstRun.toString()));
    assertEquals(matched, answer.getLong("matched"));
    assertEquals(matched, answer.getLong("requeued"));
    assertEquals(cleanBefore - matched, db.count("SELECT count(*) FROM home_sales_clean"));
    assertEquals(matched, db.count("SELECT count(*) FROM cleaning_job_pending"));
    Invariants.assertHold(db);
    assertEquals(db.count("SELECT count(*) FROM raw_home_sale_events"),
        db.count("SELECT count(*) FROM home_sales_processed") + db.count("SELECT count(*) FROM cleaning_job_pending"),
        "every event is processed or pending: the pending set's count check holds");
    assertEquals(hourlyBefore, db.count("SELECT sum(cleaned) FROM cleaning_job_outcomes_hourly"),
        "the data-quality history is history: re-processing does not rewrite it");

    RunSummary again = await(RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false));
    assertEquals(RunStatus.SUCCEEDED, again.status(), again.toString());
    assertEquals(matched, again.selected());
    assertEquals(matched, again.cleaned());
    assertEquals(before, OutputTables.of(db), "the same outputs again");
    Invariants.assertHold(db);
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_reprocess WHERE NOT dry_run AND requeued = $1",
        matched));
  }

  @Test
  void aLateMortgageRateFixesTheRecordsRejectedForItsWeek(Vertx vertx) {
    // Sales whose week had no rate: take weeks out, clean, put them back, re-clean what it rejected. Some
    // generated sales have no rate with every week there (dates outside the table): those stay rejected.
    long withEveryRate = db.count(
        "SELECT count(*) FROM home_sales_processed WHERE 'enrichment:mortgage_rate' = ANY(reasons)");
    db.execute("CREATE TABLE saved_rates AS SELECT * FROM mortgage_rates WHERE week_of BETWEEN '2014-09-01' AND"
        + " '2014-10-31'; DELETE FROM mortgage_rates WHERE week_of BETWEEN '2014-09-01' AND '2014-10-31';"
        + " TRUNCATE home_sales_clean, home_sales_processed, cleaning_job_runs CASCADE;"
        + " TRUNCATE cleaning_job_pending, cleaning_job_watermark");
    await(RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false));
    long missingRate = db.count(
        "SELECT count(*) FROM home_sales_processed WHERE 'enrichment:mortgage_rate' = ANY(reasons)") - withEveryRate;
    assertTrue(missingRate > 10, "sales whose week was taken out: " + missingRate);
    db.execute("INSERT INTO mortgage_rates SELECT * FROM saved_rates; DROP TABLE saved_rates");

    JsonObject answer = reprocess(new JsonObject().put("reason", "enrichment:mortgage_rate"));
    assertTrue(answer.getLong("requeued") >= missingRate);
    RunSummary again = await(RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false));
    assertEquals(withEveryRate,
        db.count("SELECT count(*) FROM home_sales_processed WHERE 'enrichment:mortgage_rate' = ANY(reasons)"));
    assertTrue(again.cleaned() >= missingRate, again.toString());
    Invariants.assertHold(db);
  }

  @Test
  void whileARunIsInFlightItIsRefusedAsBusyAndNothingChanges(Vertx vertx) {
    Sample.loadEvents(db, new EventGenerator(42).events(5_000, 20));
    long held = db.count("SELECT max(id) FROM raw_home_sale_events");
    var before = OutputTables.of(db);
    Future<RunSummary> run;
    try (Blocker blocker = Blocker.atEvent(db, held)) {
      run = RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false);
      blocker.awaitJobWaiting();
      RuntimeException busy = assertThrows(RuntimeException.class, () -> reprocess(new JsonObject().put("all", true)));
      assertTrue(busy instanceof RunInProgressException, busy.toString());
      assertTrue(busy.getMessage().startsWith("busy:"), busy.getMessage());
      assertEquals(before, OutputTables.of(db));
      assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_reprocess"));
    }
    await(run);
  }

  @Test
  void badInputIsRefusedNamingTheParameterAndChangesNothing(Vertx vertx) {
    // Through the deployed job's event-bus address, where a request that got past its checks would reach the
    // database: each refusal must leave the tables and the audit trail as they were.
    String address = "test.cleaning-job.reprocess";
    await(vertx.deployVerticle(new CleaningJobVerticle(), new DeploymentOptions().setConfig(db.config()
        .put("runOnStart", false).put("intervalSeconds", 0).put("reprocessAddress", address))));
    var before = OutputTables.of(db);
    long processed = db.count("SELECT count(*) FROM home_sales_processed");
    assertTrue(processed > 0, "the runs before left processed records that a reprocess could have moved");
    record Bad(JsonObject body, String parameter) {}
    for (Bad bad : List.of(
        new Bad(new JsonObject(), "all"),
        new Bad(new JsonObject().put("all", true).put("outcome", "cleaned"), "all"),
        new Bad(new JsonObject().put("reason", "price:too_high"), "reason"),
        new Bad(new JsonObject().put("reason", "colour:*"), "reason"),
        new Bad(new JsonObject().put("reason", "price:r*"), "reason"),
        new Bad(new JsonObject().put("outcome", "lost"), "outcome"),
        new Bad(new JsonObject().put("ids", new JsonArray().add("one")), "ids"),
        new Bad(new JsonObject().put("idRange", "20-10"), "idRange"),
        new Bad(new JsonObject().put("idRange", "10..20"), "idRange"),
        new Bad(new JsonObject().put("receivedFrom", "yesterday"), "receivedFrom"),
        new Bad(new JsonObject().put("receivedFrom", "2015-02-01T00:00:00Z").put("receivedTo", "2015-01-01T00:00:00Z"),
            "receivedFrom"),
        new Bad(new JsonObject().put("saleDateFrom", "2015-13-01"), "saleDateFrom"),
        new Bad(new JsonObject().put("saleDateFrom", "2015-02-01").put("saleDateTo", "2015-01-01"), "saleDateFrom"),
        new Bad(new JsonObject().put("run", "last"), "run"),
        new Bad(new JsonObject().put("all", true).put("dryRun", true).put("runNow", true), "runNow"),
        new Bad(new JsonObject().put("all", "yes"), "all"),
        new Bad(new JsonObject().put("everything", true), "everything"))) {
      Throwable refused = await(vertx.eventBus().request(address, bad.body())
          .transform(sent -> Future.succeededFuture(sent.failed() ? sent.cause() : null)));
      assertTrue(refused instanceof ReplyException, bad + " was not refused: " + refused);
      ReplyException reply = (ReplyException) refused;
      assertEquals(400, reply.failureCode(), bad + ": " + reply.getMessage());
      assertEquals(bad.parameter(), new JsonObject(reply.getMessage()).getString("parameter"),
          bad + ": " + reply.getMessage());
    }
    assertEquals(before, OutputTables.of(db));
    assertEquals(Set.of(), Set.copyOf(db.query("SELECT request_id FROM cleaning_job_reprocess")));
    // The same address does move records when asked properly, so the refusals above were not a dead address.
    JsonObject done = await(vertx.eventBus().<JsonObject>request(address,
        new JsonObject().put("outcome", "cleaned").put("dryRun", true))).body();
    assertTrue(done.getLong("matched") > 0, done.encode());
  }
}
