package io.homesales.cleaning.run;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.gate.GateMode;
import io.homesales.cleaning.job.ReprocessRequest;
import io.homesales.cleaning.job.Reprocessor;
import io.homesales.cleaning.sample.EventGenerator;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.support.Invariants;
import io.homesales.cleaning.support.OutputTables;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The quality gates at their defaults (docs/quality-gates.md): they trip on a renamed key and on an emptied
 * enrichment table, stop the run within the minimum sample, put back what it rejected and hold the job until a
 * probe passes; and they never trip on the shipped sample, on generated events, or on a feed where one reason
 * normally rejects 60% of records.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class QualityGatesTest {

  private static final String RENAME = "UPDATE raw_home_sale_events SET payload = replace(payload, '\"price\"',"
      + " '\"sale_amount\"')";
  private static final String RENAME_BACK = "UPDATE raw_home_sale_events SET payload = replace(payload,"
      + " '\"sale_amount\"', '\"price\"')";

  private static RunSummary run(Vertx vertx, JobSettings settings) {
    return await(RunOnce.run(vertx, settings, RunTrigger.MANUAL, false));
  }

  private static long held(TestDatabase db) {
    return db.count("SELECT count(*) FROM cleaning_job_control WHERE held_at IS NOT NULL");
  }

  @Test
  void aRenamedKeyTripsWithinTheMinimumSamplePutsBackItsRejectionsAndHoldsUntilTheFeedIsFixed(Vertx vertx,
      TestDatabase db) {
    db.truncateAll();
    Sample.loadAll(db);
    db.execute(RENAME);

    RunSummary tripped = run(vertx, db.settings());
    assertEquals(RunStatus.FAILED, tripped.status(), tripped.toString());
    assertTrue(tripped.error().startsWith("gate reason:price:missing failed"), tripped.error());
    assertTrue(tripped.error().contains("the job is held"), tripped.error());
    int minSample = db.settings().gates().minSample();
    assertTrue(tripped.cleaned() + tripped.rejected() >= minSample, tripped.toString());
    // Stopped within the minimum sample, give or take the writes already in flight.
    assertTrue(tripped.cleaned() + tripped.rejected() <= minSample + 2 * db.settings().pipeline(), tripped.toString());
    assertEquals(0, db.count("SELECT count(*) FROM home_sales_processed WHERE 'price:missing' = ANY(reasons)"),
        "every price:missing rejection is put back");
    assertEquals(3_000, db.count("SELECT count(*) FROM cleaning_job_pending")
        + db.count("SELECT count(*) FROM home_sales_processed"), "nothing lost: every event processed or pending");
    assertEquals(1, held(db));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE quality = 'fail' AND breaker"
        + " AND requeue_request IS NOT NULL"));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_reprocess WHERE requested_by = 'breaker'"
        + " AND requeued >= " + minSample));
    assertTrue(db.count("SELECT count(*) FROM cleaning_job_status WHERE quality_hold LIKE 'gate reason:price:missing"
        + " failed%'") == 1, "the view carries the verdict");
    Invariants.assertHold(db);

    long processed = db.count("SELECT count(*) FROM home_sales_processed");
    RunSummary probed = run(vertx, db.settings());
    assertEquals(RunStatus.SKIPPED, probed.status(), probed.toString());
    assertTrue(probed.error().contains("the probe of the " + minSample + " newest pending records failed too"),
        probed.error());
    assertEquals(processed, db.count("SELECT count(*) FROM home_sales_processed"), "a held run writes nothing");
    assertEquals(1, held(db));

    db.execute(RENAME_BACK);
    RunSummary fixed = run(vertx, db.settings());
    assertEquals(RunStatus.SUCCEEDED, fixed.status(), fixed.toString());
    assertEquals(0, held(db));
    assertEquals(2_993, db.count("SELECT count(*) FROM home_sales_processed WHERE outcome = 'cleaned'"));
    assertEquals(7, db.count("SELECT count(*) FROM home_sales_processed WHERE outcome = 'rejected'"));
    assertEquals(List.of("held", "resolved"), db.query("SELECT action FROM cleaning_job_gate_actions ORDER BY acted_at")
        .stream().map(row -> row.getString(0)).toList());
    Invariants.assertHold(db);
    Set<String> afterTheBreak = OutputTables.of(db);

    db.truncateAll();
    Sample.loadAll(db);
    assertEquals(RunStatus.SUCCEEDED, run(vertx, db.settings()).status());
    assertEquals(OutputTables.of(db), afterTheBreak, "the same output as a database that never saw the rename");
  }

  @Test
  void withWarnAGateReportsAndNothingElseChanges(Vertx vertx, TestDatabase db) {
    db.truncateAll();
    Sample.loadAll(db);
    db.execute(RENAME);
    RunSummary warned = run(vertx, db.settings().withGates(db.settings().gates().withMode(GateMode.WARN)));
    assertEquals(RunStatus.SUCCEEDED, warned.status(), warned.toString());
    assertEquals(3_000, warned.rejected(), "every record taken and written, as without gates");
    assertEquals(0, held(db));
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_reprocess"), "nothing put back");
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE quality = 'fail' AND NOT breaker"),
        "the verdict is stored");
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_run_gates WHERE gate = 'reason:price:missing'"
        + " AND verdict = 'fail' AND sample = 3000"));
    // No later run owes the breaker anything for it.
    assertEquals(RunStatus.SUCCEEDED, run(vertx, db.settings()).status());
    assertEquals(3_000, db.count("SELECT count(*) FROM home_sales_processed WHERE 'price:missing' = ANY(reasons)"));
  }

  @ParameterizedTest
  @CsvSource({"mortgage_rates, enrichment:mortgage_rate", "zip_population, enrichment:population"})
  void anEmptiedEnrichmentTableTripsAndNothingIsLeftRejectedForIt(String table, String reason, Vertx vertx,
      TestDatabase db) {
    db.truncateAll();
    Sample.loadAll(db);
    db.execute("TRUNCATE " + table);
    RunSummary tripped = run(vertx, db.settings());
    assertEquals(RunStatus.FAILED, tripped.status(), tripped.toString());
    assertTrue(tripped.error().startsWith("gate reason:" + reason + " failed"), tripped.error());
    assertEquals(1, held(db));
    assertEquals(0, db.count("SELECT count(*) FROM home_sales_processed WHERE $1 = ANY(reasons)", reason));
    assertEquals(3_000, db.count("SELECT count(*) FROM cleaning_job_pending"), "every record waits for the table");
  }

  @Test
  void aProbeJudgesFewerPendingRecordsOnTheirOwnAndKeepsTheHoldWhenItJudgedNothing(Vertx vertx, TestDatabase db) {
    db.truncateAll();
    Sample.loadEnrichment(db);
    hold(db);
    // Nothing pending: the probe judged nothing, and the hold stays.
    RunSummary empty = run(vertx, db.settings());
    assertEquals(RunStatus.SKIPPED, empty.status(), empty.toString());
    assertTrue(empty.error().contains("the probe judged nothing (no record is pending)"), empty.error());
    assertEquals(1, held(db));

    // 150 broken records, fewer than the minimum sample: judged as a sample of their own size, they fail.
    Sample.loadEvents(db, SampleData.events().subList(0, 150));
    db.execute(RENAME);
    RunSummary broken = run(vertx, db.settings());
    assertEquals(RunStatus.SKIPPED, broken.status(), broken.toString());
    assertTrue(broken.error().contains("the probe of the 150 newest pending records failed too: gate"
        + " reason:price:missing failed"), broken.error());
    assertEquals(0, db.count("SELECT count(*) FROM home_sales_processed"));
    assertEquals(1, held(db));

    // Fixed: the same 150 pass, the hold ends, and they are written (fewer than the sample: the run is not judged).
    db.execute(RENAME_BACK);
    RunSummary fixed = run(vertx, db.settings());
    assertEquals(RunStatus.SUCCEEDED, fixed.status(), fixed.toString());
    assertEquals(150, fixed.selected());
    assertEquals(0, held(db));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE run_id = $1 AND quality IS NULL",
        fixed.runId()), "a run of fewer records than the minimum sample is not judged");
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_run_gates WHERE run_id = $1 AND phase = 'run'",
        fixed.runId()));
  }

  /** The job held as the breaker leaves it, by a run that is not in the history. */
  private static void hold(TestDatabase db) {
    db.execute("INSERT INTO cleaning_job_control (singleton, paused, held_at, hold_verdict, hold_gates)"
        + " VALUES (true, false, now(), 'gate reason:price:missing failed: (set by the test)',"
        + " ARRAY['reason:price:missing'])");
  }

  @Test
  void aRunARequestStartedIsNotBrokenByTheReasonsItsRecordsWereRequeuedFor(Vertx vertx, TestDatabase db) {
    db.truncateAll();
    Sample.loadAll(db);
    db.execute("CREATE TEMP TABLE zips AS SELECT * FROM zip_population; TRUNCATE zip_population");
    JobSettings off = db.settings().withGates(db.settings().gates().withMode(GateMode.OFF));
    assertEquals(3_000, run(vertx, off).rejected());
    // A partial fix upstream: a few zips come back; the operator re-cleans what the missing zips rejected.
    db.execute("INSERT INTO zip_population SELECT * FROM zips ORDER BY zip_code LIMIT 3; DROP TABLE zips");
    JsonObject answer = await(new Reprocessor(db.pool()).apply(ReprocessRequest.fromJson(new JsonObject()
        .put("reason", new JsonArray().add("enrichment:population")).put("runNow", true), "test")));
    RunSummary again = await(RunOnce.start(vertx, db.settings(), Reprocessor.followUp(answer)).result());
    assertEquals(RunStatus.SUCCEEDED, again.status(), "judged, but not broken by the reason it re-cleans: " + again);
    assertTrue(again.rejected() > 2_700, again.toString());
    assertEquals(0, held(db));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE run_id = $1 AND quality = 'fail'"
        + " AND NOT breaker", again.runId()), "its verdict says what it saw");
    // The same records re-cleaned with another reason broken meanwhile: that gate still breaks the run.
    db.execute(RENAME);
    JsonObject more = await(new Reprocessor(db.pool()).apply(ReprocessRequest.fromJson(new JsonObject()
        .put("reason", new JsonArray().add("enrichment:population")).put("runNow", true), "test")));
    RunSummary broken = await(RunOnce.start(vertx, db.settings(), Reprocessor.followUp(more)).result());
    assertEquals(RunStatus.FAILED, broken.status(), broken.toString());
    assertTrue(broken.error().startsWith("gate reason:price:missing failed"), broken.error());
    assertEquals(1, held(db));
    // Held on price:missing, a request re-cleaning price:missing cannot end the hold: its probe has no leniency.
    JsonObject lenient = await(new Reprocessor(db.pool()).apply(ReprocessRequest.fromJson(new JsonObject()
        .put("reason", new JsonArray().add("price:missing")).put("runNow", true), "test")));
    long processed = db.count("SELECT count(*) FROM home_sales_processed");
    RunSummary probed = await(RunOnce.start(vertx, db.settings(), Reprocessor.followUp(lenient)).result());
    assertEquals(RunStatus.SKIPPED, probed.status(), probed.toString());
    assertEquals(1, held(db));
    assertEquals(processed, db.count("SELECT count(*) FROM home_sales_processed"), "it wrote nothing");
  }

  @Test
  void theShippedSampleNeverTrips(Vertx vertx, TestDatabase db) {
    db.truncateAll();
    Sample.loadAll(db);
    RunSummary run = run(vertx, db.settings());
    assertEquals(RunStatus.SUCCEEDED, run.status(), run.toString());
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE quality = 'ok'"));
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_run_gates WHERE verdict <> 'ok'"));
  }

  @Test
  void generatedEventsNeverTripRunAfterRun(Vertx vertx, TestDatabase db) {
    db.truncateAll();
    Sample.loadEnrichment(db);
    EventGenerator generator = new EventGenerator(7);
    for (int i = 0; i < 8; i++) {
      Sample.loadEvents(db, generator.events(1 + i * 400L, 400));
      RunSummary run = run(vertx, db.settings());
      assertEquals(RunStatus.SUCCEEDED, run.status(), "run " + i + ": " + run);
    }
    double share = db.count("SELECT sum(rejected) FROM cleaning_job_runs") / 3_200.0;
    assertTrue(share > 0.2 && share < 0.4, "generated events reject about 30%: " + share);
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_run_gates WHERE verdict <> 'ok'"),
        "no gate warned or failed");
    assertTrue(db.count("SELECT max(baseline_runs) FROM cleaning_job_run_gates") >= 5, "the last runs had a baseline");
  }

  @Test
  void aFeedWhereOneReasonNormallyRejectsSixtyPercentNeverTripsOnItsFirstRunNorItsFiftieth(Vertx vertx,
      TestDatabase db) {
    db.truncateAll();
    Sample.loadEnrichment(db);
    List<RawEvent> sample = SampleData.events();
    // 49 runs of such a feed, run with the gates off to build the history quickly, then judged at the 50th.
    JobSettings quiet = db.settings().withGates(db.settings().gates().withMode(GateMode.WARN));
    int perRun = 250;
    for (int i = 0; i < 50; i++) {
      Sample.loadEvents(db, sixtyPercentWithoutBedrooms(sample, i * perRun % 2_750, perRun, 1 + i * (long) perRun));
      RunSummary run = run(vertx, i == 0 || i == 49 ? db.settings() : quiet);
      assertEquals(RunStatus.SUCCEEDED, run.status(), "run " + (i + 1) + ": " + run);
    }
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_run_gates WHERE verdict <> 'ok'"),
        "no gate warned or failed in 50 runs");
    assertEquals(20, db.count("SELECT max(baseline_runs) FROM cleaning_job_run_gates"),
        "the 50th was judged against a baseline of 20 runs");
    assertNull(db.query("SELECT quality_hold FROM cleaning_job_status").get(0).getString(0));
  }

  /** {@code count} sample events from {@code from}, six in ten without their bedrooms (bedrooms:missing). */
  private static List<RawEvent> sixtyPercentWithoutBedrooms(List<RawEvent> sample, int from, int count, long firstId) {
    List<RawEvent> events = new ArrayList<>();
    OffsetDateTime base = OffsetDateTime.parse("2015-06-01T00:00:00Z").plusMinutes(firstId);
    for (int i = 0; i < count; i++) {
      String payload = sample.get(from + i).payload();
      if (i % 10 < 6) {
        payload = payload.replace("\"bedrooms\"", "\"bedroom_count\"");
      }
      events.add(new RawEvent(firstId + i, base.plusSeconds(i), payload));
    }
    return events;
  }
}
