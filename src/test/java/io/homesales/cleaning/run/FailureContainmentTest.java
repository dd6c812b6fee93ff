package io.homesales.cleaning.run;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.gate.GateMode;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.support.Blocker;
import io.homesales.cleaning.support.Invariants;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** OpenApiDocument section 5 against a real PostgreSQL: which database errors reject a record, which end a run. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class FailureContainmentTest {

  private final TestDatabase db;

  FailureContainmentTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void load() {
    db.truncateAll();
    Sample.loadEnrichment(db);
    Sample.loadEvents(db, SampleData.events().subList(0, 300));
  }

  @AfterEach
  void restoreSchema() {
    db.execute("ALTER TABLE home_sales_clean DROP CONSTRAINT IF EXISTS test_price_cap;"
        + " ALTER TABLE home_sales_clean ALTER COLUMN zip_code TYPE text");
  }

  private RunSummary runOnce(Vertx vertx) {
    return await(RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false));
  }

  @Test
  void aClass23ErrorRejectsTheRecordAndItsNeighboursAreCleaned(Vertx vertx) {
    db.execute("ALTER TABLE home_sales_clean ADD CONSTRAINT test_price_cap CHECK (price < 500000)");
    // A clean row written by someone else for a cheap sale: the job's insert hits the primary key (23505).
    long taken = db.count("SELECT min(id) FROM raw_home_sale_events WHERE (payload::json->>'price')::numeric < 400000");
    db.execute("INSERT INTO home_sales_clean SELECT " + taken + ", now(), '2014-01-01', 1000, '98001', 1, 1, 100, NULL, NULL,"
        + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1, NULL, NULL, 1, NULL, 4.0, 10");
    long expensive = db.count("SELECT count(*) FROM raw_home_sale_events WHERE (payload::json->>'price')::numeric >= 500000");
    assertTrue(expensive > 50, "the sample has expensive sales: " + expensive);

    RunSummary summary = runOnce(vertx);

    assertEquals(RunStatus.SUCCEEDED, summary.status(), summary.toString());
    assertEquals(300, summary.selected());
    assertEquals(300, summary.cleaned() + summary.rejected());
    assertEquals(List.of("database:23505"), reasons(taken));
    long capped = db.count("SELECT count(*) FROM home_sales_processed WHERE reasons = ARRAY['database:23514']");
    assertTrue(capped >= expensive - 2, "expensive sales rejected by the CHECK: " + capped);
    assertEquals(0, db.count("SELECT count(*) FROM home_sales_clean WHERE price >= 500000"));
    assertEquals(summary.cleaned(), db.count("SELECT count(*) FROM home_sales_processed WHERE outcome = 'cleaned'"));
    // Each is rejected once and not taken again.
    assertEquals(0, runOnce(vertx).selected());
  }

  @Test
  void aClass22ErrorRejectsTheRecordWithItsSqlState(Vertx vertx) {
    // Too narrow for a zip code: every clean insert raises 22001 (string data right truncation).
    db.execute("ALTER TABLE home_sales_clean ALTER COLUMN zip_code TYPE varchar(3)");
    // With the gates off: a run that rejects every record is what they stop (QualityGatesTest); this test is about
    // each record's containment.
    RunSummary summary = await(RunOnce.run(vertx, db.settings().withGates(db.settings().gates().withMode(GateMode.OFF)),
        RunTrigger.MANUAL, false));
    assertEquals(RunStatus.SUCCEEDED, summary.status(), summary.toString());
    assertEquals(0, summary.cleaned());
    assertEquals(300, summary.rejected());
    assertEquals(db.count("SELECT count(*) FROM home_sales_processed"),
        db.count("SELECT count(*) FROM home_sales_processed WHERE reasons = ARRAY['database:22001']")
            + db.count("SELECT count(*) FROM home_sales_processed WHERE NOT ('database:22001' = ANY(reasons))"));
    assertTrue(db.count("SELECT count(*) FROM home_sales_processed WHERE reasons = ARRAY['database:22001']") > 250);
    Invariants.assertHold(db);
  }

  @Test
  void aLostConnectionFailsTheRunLeavesTheRecordUnprocessedAndTheNextRunCompletes(Vertx vertx) {
    // The 150th newest event is the one whose write the connection loss interrupts.
    long victim = db.count("SELECT id FROM raw_home_sale_events ORDER BY received_at DESC, id DESC OFFSET 149 LIMIT 1");
    Future<RunSummary> run;
    try (Blocker blocker = Blocker.atEvent(db, victim)) {
      run = RunOnce.run(vertx, db.settings().withBatchSize(100), RunTrigger.MANUAL, false);
      blocker.awaitJobWaiting();
      blocker.terminateJobConnections();
      RunSummary failed = await(run);
      assertEquals(RunStatus.FAILED, failed.status());
      assertTrue(failed.error() != null && !failed.error().isBlank());
      assertEquals(149, failed.cleaned() + failed.rejected(), failed.toString());
    }
    assertEquals(0, db.count("SELECT count(*) FROM home_sales_processed WHERE id = $1", victim));
    assertEquals(149, db.count("SELECT count(*) FROM home_sales_processed"));
    Invariants.assertHold(db);

    RunSummary next = runOnce(vertx);
    assertEquals(RunStatus.SUCCEEDED, next.status(), next.toString());
    assertEquals(151, next.selected());
    assertEquals(1, db.count("SELECT count(*) FROM home_sales_processed WHERE id = $1", victim));
    assertEquals(300, db.count("SELECT count(*) FROM home_sales_processed"));
    Invariants.assertHold(db);
  }

  @Test
  void anUnreachableDatabaseFailsTheRunWithoutThrowing(Vertx vertx) {
    JobSettings nowhere = JobSettings.fromJson(db.config().put("port", 1));
    RunSummary summary = await(RunOnce.run(vertx, nowhere, RunTrigger.MANUAL, false));
    assertEquals(RunStatus.FAILED, summary.status());
    assertTrue(summary.error().contains("Connection refused") || summary.error().contains("connect"), summary.error());
  }

  private List<String> reasons(long id) {
    return List.of(db.query("SELECT reasons FROM home_sales_processed WHERE id = $1", id).get(0)
        .getArrayOfStrings("reasons"));
  }

}
