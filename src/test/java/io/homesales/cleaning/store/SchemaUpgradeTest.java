package io.homesales.cleaning.store;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
    db.execute("DROP VIEW cleaning_job_status; DROP TABLE home_sales_clean, home_sales_processed, cleaning_job_runs,"
        + " cleaning_job_run_reasons, cleaning_job_outcomes_hourly, cleaning_job_reasons_hourly, cleaning_job_pending,"
        + " cleaning_job_watermark, cleaning_job_control, cleaning_job_reprocess, cleaning_job_schema");
    db.execute(release1());
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

  private static String release1() throws IOException {
    try (InputStream in = SchemaUpgradeTest.class.getResourceAsStream("release-1/02_job.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
