package io.homesales.cleaning.run;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.support.Invariants;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One run against a real PostgreSQL: selection, pages, writes, reasons, invariants, dry run. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class CleaningRunTest {

  private final TestDatabase db;

  CleaningRunTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void emptyTables() {
    db.truncateAll();
    Sample.loadEnrichment(db);
  }

  private RunSummary runOnce(Vertx vertx, JobSettings settings) {
    return await(RunOnce.run(vertx, settings, RunTrigger.MANUAL, false));
  }

  @Test
  void theWholeSampleIsCleanedOrRejectedAndTheInvariantsHold(Vertx vertx) {
    Sample.loadEvents(db, SampleData.events());
    RunSummary summary = runOnce(vertx, db.settings());

    assertEquals(RunStatus.SUCCEEDED, summary.status(), summary.toString());
    assertEquals(3000, summary.selected());
    assertEquals(2993, summary.cleaned());
    assertEquals(7, summary.rejected());
    assertEquals(0, summary.errored());
    assertEquals(2993, db.count("SELECT count(*) FROM home_sales_clean"));
    assertEquals(3000, db.count("SELECT count(*) FROM home_sales_processed"));
    assertEquals(6, db.count("SELECT count(*) FROM home_sales_processed WHERE reasons = ARRAY['yr_renovated:range']"));
    assertEquals(1, db.count("SELECT count(*) FROM home_sales_processed WHERE reasons = ARRAY['bedrooms:range']"));
    Invariants.assertHold(db);

    Row run = db.query("SELECT * FROM cleaning_job_runs WHERE run_id = $1", summary.runId()).get(0);
    assertEquals("succeeded", run.getString("status"));
    assertEquals("manual", run.getString("triggered_by"));
    assertEquals(3000, run.getInteger("selected"));
    assertEquals(2993, run.getInteger("cleaned"));
    assertEquals(7, run.getInteger("rejected"));
    assertNotNull(run.getOffsetDateTime("finished_at"));
    assertNull(run.getString("error"));

    // A second run finds nothing left to do.
    RunSummary again = runOnce(vertx, db.settings());
    assertEquals(0, again.selected());
    assertEquals(RunStatus.SUCCEEDED, again.status());
  }

  @Test
  void aCleanRowHoldsTheCleanRecord(Vertx vertx) {
    // The sample's first sale: "9212900260","20140527T000000",468000,2,1,1160,6000,"1",0,0,4,7,860,300,1942,0,"98115",47.69,-122.292
    Sample.loadEvents(db, SampleData.events().subList(0, 1));
    runOnce(vertx, db.settings());
    Row row = db.query("SELECT * FROM home_sales_clean WHERE id = 1").get(0);
    assertEquals("2014-05-27", row.getLocalDate("sale_date").toString());
    assertEquals("468000.00", row.getBigDecimal("price").toPlainString());
    assertEquals("98115", row.getString("zip_code"));
    assertEquals((short) 2, row.getShort("bedrooms"));
    assertEquals("1.00", row.getBigDecimal("bathrooms").toPlainString());
    assertEquals(1160, row.getInteger("sqft_living"));
    assertEquals(6000, row.getInteger("sqft_lot"));
    assertEquals("1.0", row.getBigDecimal("floors").toPlainString());
    assertEquals(false, row.getBoolean("waterfront"));
    assertEquals((short) 1942, row.getShort("yr_built"));
    assertNull(row.getShort("yr_renovated"));
    assertEquals(47.69, row.getDouble("latitude"));
    assertEquals(-122.292, row.getDouble("longitude"));
    assertEquals("403.45", row.getBigDecimal("price_per_sqft").toPlainString()); // 468000 / 1160 = 403.448...
    assertNull(row.getDouble("school_avg_rating"));
    assertTrue(row.getInteger("school_count") > 0);
    // 2014-05-27's newest weekly rate on or before it, within 13 days: 2014-05-22, 4.14 (FRED MORTGAGE30US).
    assertEquals("4.140", row.getBigDecimal("mortgage_rate_30yr").toPlainString());
    assertEquals(SampleData.events().get(0).receivedAt().toInstant(), row.getOffsetDateTime("received_at").toInstant());
  }

  @Test
  void newestFirstAndAtMostTheLimitPerRun(Vertx vertx) {
    // Ten events whose ids are not in time order; the job must go by received_at, then id, both descending.
    List<RawEvent> events = new ArrayList<>();
    String payload = SampleData.events().get(0).payload();
    OffsetDateTime t = OffsetDateTime.parse("2015-06-01T00:00:00Z");
    long[] ids = {5, 3, 9, 1, 7, 2, 10, 4, 8, 6};
    for (int i = 0; i < ids.length; i++) {
      // ids 8 and 6 share a timestamp with 4: the higher id is newer.
      OffsetDateTime received = i >= 7 ? t.plusMinutes(7) : t.plusMinutes(i);
      events.add(new RawEvent(ids[i], received, payload));
    }
    Sample.loadEvents(db, events);

    RunSummary first = runOnce(vertx, db.settings().withMaxRecordsPerRun(4).withBatchSize(3));
    assertEquals(4, first.selected());
    assertEquals(List.of(8L, 6L, 4L, 10L), processedInOrder());

    RunSummary second = runOnce(vertx, db.settings().withMaxRecordsPerRun(4).withBatchSize(3));
    assertEquals(4, second.selected());
    assertEquals(List.of(8L, 6L, 4L, 10L, 2L, 7L, 1L, 9L), processedInOrder());

    runOnce(vertx, db.settings().withMaxRecordsPerRun(4));
    assertEquals(List.of(8L, 6L, 4L, 10L, 2L, 7L, 1L, 9L, 3L, 5L), processedInOrder());
  }

  /** Processed ids in the order they were written (each record commits in its own transaction). */
  private List<Long> processedInOrder() {
    List<Long> ids = new ArrayList<>();
    for (Row row : db.query("SELECT id FROM home_sales_processed ORDER BY processed_at, id")) {
      ids.add(row.getLong(0));
    }
    return ids;
  }

  @Test
  void rejectedRecordsAreMarkedProcessedWithTheirSortedReasons(Vertx vertx) {
    OffsetDateTime t = OffsetDateTime.parse("2015-06-01T00:00:00Z");
    Sample.loadEvents(db, List.of(
        new RawEvent(1, t, "not json"),
        new RawEvent(2, t, "[1,2]"),
        new RawEvent(3, t, "{\"price\":\"free\",\"zip\":\"WA\",\"beds\":99}"),
        new RawEvent(4, t, "{\"date\":\"2014-10-13\",\"price\":221900,\"zipcode\":\"10001\",\"bedrooms\":3,"
            + "\"bathrooms\":1,\"sqft_living\":1180}")));
    RunSummary summary = runOnce(vertx, db.settings());
    assertEquals(4, summary.rejected());
    assertEquals(List.of("payload:not_json"), reasons(1));
    assertEquals(List.of("payload:not_object"), reasons(2));
    assertEquals(List.of("bathrooms:missing", "bedrooms:range", "price:type", "sale_date:missing",
        "sqft_living:missing", "zip_code:format"), reasons(3));
    assertEquals(List.of("enrichment:population", "enrichment:schools"), reasons(4));
    assertEquals(0, db.count("SELECT count(*) FROM home_sales_clean"));
    Invariants.assertHold(db);
  }

  private List<String> reasons(long id) {
    return List.of(db.query("SELECT reasons FROM home_sales_processed WHERE id = $1 AND outcome = 'rejected'", id)
        .get(0).getArrayOfStrings("reasons"));
  }

  @Test
  void aDryRunReportsWhatItWouldDoAndWritesNothingButItsRunRow(Vertx vertx) {
    Sample.loadEvents(db, SampleData.events().subList(0, 600));
    RunSummary dry = await(RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, true));
    assertTrue(dry.dryRun());
    assertEquals(600, dry.selected());
    assertEquals(600, dry.cleaned() + dry.rejected());
    assertEquals(0, db.count("SELECT count(*) FROM home_sales_clean"));
    assertEquals(0, db.count("SELECT count(*) FROM home_sales_processed"));
    // Its row in the run history says what it would have done, so that its id resolves.
    Row run = db.query("SELECT dry_run, status, selected, cleaned, rejected FROM cleaning_job_runs WHERE run_id = $1",
        dry.runId()).get(0);
    assertTrue(run.getBoolean("dry_run"));
    assertEquals(RunStatus.SUCCEEDED.label(), run.getString("status"));
    assertEquals(dry.cleaned(), run.getInteger("cleaned"));
    assertEquals(dry.rejected(), run.getInteger("rejected"));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs"));
    // ... with its rejections by reason, and nothing in the data-quality history, which records decisions.
    assertTrue(db.count("SELECT coalesce(sum(records), 0) FROM cleaning_job_run_reasons WHERE run_id = $1",
        dry.runId()) >= dry.rejected());
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_outcomes_hourly"));
    // Not even the job's bookkeeping: a dry run selects with the contract's anti-join.
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_pending"));
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_watermark"));

    RunSummary real = runOnce(vertx, db.settings());
    assertEquals(dry.cleaned(), real.cleaned());
    assertEquals(dry.rejected(), real.rejected());
  }
}
