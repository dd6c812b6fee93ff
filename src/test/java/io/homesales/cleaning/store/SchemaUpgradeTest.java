package io.homesales.cleaning.store;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.run.RunOnce;
import io.homesales.cleaning.run.RunStatus;
import io.homesales.cleaning.run.RunSummary;
import io.homesales.cleaning.run.RunTrigger;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.support.Invariants;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code init-schema} on a database made by release 1's DDL: the new columns, the CHECKs that accept the new
 * values, the new tables and the view appear in place, and what release 1 wrote stays and keeps working.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class SchemaUpgradeTest {

  @Test
  void initSchemaBringsARelease1DatabaseUpToDateInPlace(Vertx vertx, TestDatabase db) throws IOException {
    // A database as release 1 left it: its tables, a run, a processed row.
    db.execute(TestDatabase.DROP_JOB_SCHEMA);
    db.execute(release(1));
    db.execute("TRUNCATE raw_home_sale_events, zip_population, public_schools, mortgage_rates");
    Sample.loadEnrichment(db);
    Sample.loadEvents(db, SampleData.events().subList(0, 200));
    db.execute("INSERT INTO cleaning_job_runs (run_id, triggered_by, started_at, finished_at, status, selected,"
        + " cleaned, rejected, host) VALUES ('00000000-0000-0000-0000-000000000001', 'schedule', now() - interval"
        + " '1 day', now() - interval '1 day', 'succeeded', 1, 0, 1, 'old@host');"
        + " INSERT INTO home_sales_processed (id, outcome, reasons) VALUES (1, 'rejected', ARRAY['price:range']);");
    assertEquals(0, db.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'home_sales_processed'"
        + " AND column_name = 'run_id'"));

    await(Schema.applyJobTables(db.pool()));
    await(Schema.applyJobTables(db.pool())); // and again: idempotent

    assertEquals(1, db.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'home_sales_processed'"
        + " AND column_name = 'run_id'"));
    assertEquals(3, db.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'cleaning_job_runs'"
        + " AND column_name IN ('dry_run', 'note', 'complete_through')"));
    assertEquals(Schema.VERSION, db.count("SELECT version FROM cleaning_job_schema"));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_status"));
    // The old rows are there, with the new columns' defaults; the new trigger value is accepted.
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE NOT dry_run AND host = 'old@host'"));
    assertEquals(1, db.count("SELECT count(*) FROM home_sales_processed WHERE id = 1 AND run_id IS NULL"));
    db.execute("INSERT INTO cleaning_job_runs (run_id, triggered_by, started_at, status, host)"
        + " VALUES ('00000000-0000-0000-0000-000000000002', 'reprocess', now(), 'interrupted', 'test')");

    RunSummary summary = await(RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false));
    assertEquals(RunStatus.SUCCEEDED, summary.status(), summary.toString());
    assertEquals(199, summary.selected(), "every event but the one release 1 processed");
    assertEquals(199, db.count("SELECT count(*) FROM home_sales_processed WHERE run_id = $1", summary.runId()));
    Invariants.assertHold(db);
  }

  @Test
  void initSchemaBringsARelease2DatabaseUpToDateInPlace(Vertx vertx, TestDatabase db) throws IOException {
    // A database as release 2 left it: a paused schedule, a finished run with its reasons, its processed rows.
    db.execute(TestDatabase.DROP_JOB_SCHEMA);
    db.execute(release(2));
    db.execute("TRUNCATE raw_home_sale_events, zip_population, public_schools, mortgage_rates");
    Sample.loadEnrichment(db);
    Sample.loadEvents(db, SampleData.events().subList(0, 300));
    db.execute("INSERT INTO cleaning_job_runs (run_id, triggered_by, started_at, finished_at, status, selected,"
        + " cleaned, rejected, host) VALUES ('00000000-0000-0000-0000-000000000001', 'schedule', now() - interval"
        + " '1 day', now() - interval '1 day', 'succeeded', 250, 249, 1, 'old@host');"
        + " INSERT INTO cleaning_job_run_reasons VALUES ('00000000-0000-0000-0000-000000000001', 'price:range', 1);"
        + " INSERT INTO home_sales_processed (id, outcome, reasons, run_id) VALUES (1, 'rejected', ARRAY['price:range'],"
        + " '00000000-0000-0000-0000-000000000001');"
        + " INSERT INTO cleaning_job_control (singleton, paused, changed_at, changed_by) VALUES (true, true, now(), 'op')");

    await(Schema.applyJobTables(db.pool()));
    await(Schema.applyJobTables(db.pool())); // and again: idempotent

    assertEquals(Schema.VERSION, db.count("SELECT version FROM cleaning_job_schema"));
    assertEquals(4, db.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'cleaning_job_runs'"
        + " AND column_name IN ('quality', 'breaker', 'requeue_request', 'requeue_error')"));
    assertEquals(1, db.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'cleaning_job_status'"
        + " AND column_name = 'quality_hold'"));
    // What release 2 wrote stays: the schedule is still paused and not held; the old run is not judged.
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_status WHERE schedule_paused AND quality_hold IS NULL"));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE quality IS NULL AND NOT breaker"));
    // The old run counts toward a baseline like a new one.
    assertEquals(1, await(GateStore.baseline(db.pool(), 20, 200)).size());

    RunSummary summary = await(RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false));
    assertEquals(RunStatus.SUCCEEDED, summary.status(), summary.toString());
    assertEquals(299, summary.selected(), "every event but the one release 2 processed");
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE run_id = $1 AND quality = 'ok'",
        summary.runId()));
    assertTrue(db.count("SELECT count(*) FROM cleaning_job_run_gates WHERE run_id = $1", summary.runId()) >= 1);
    Invariants.assertHold(db);
  }

  private static String release(int number) throws IOException {
    try (InputStream in = SchemaUpgradeTest.class.getResourceAsStream("release-" + number + "/02_job.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
