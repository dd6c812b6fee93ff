package io.homesales.cleaning.job;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pages and batching, counted by the database itself (pg_stat_statements): per page one selection query,
 * one query for the events and one per enrichment table, never one per record; one write per record.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class BatchedQueriesTest {

  @Test
  void eachPageCostsOneQueryPerTableAndEachRecordOneWrite(Vertx vertx, TestDatabase db) {
    db.truncateAll();
    Sample.loadEnrichment(db);
    Sample.loadEvents(db, SampleData.events().subList(0, 1_200));
    db.query("SELECT pg_stat_statements_reset()");

    RunSummary summary = await(OneRun.run(vertx, db.settings().withBatchSize(500), RunTrigger.MANUAL, false));

    assertEquals(1_200, summary.selected());
    int pages = 3; // 500 + 500 + 200
    assertEquals(pages, calls(db, "FROM raw_home_sale_events%WHERE id = ANY"), "event loads");
    assertEquals(pages, calls(db, "FROM zip_population"), "population queries");
    assertEquals(pages, calls(db, "FROM public_schools"), "school queries");
    assertEquals(pages, calls(db, "FROM mortgage_rates"), "rate queries");
    assertEquals(pages, calls(db, "NOT EXISTS (SELECT%FROM home_sales_processed"), "one selection query per page");
    assertEquals(summary.cleaned(), calls(db, "INSERT INTO home_sales_clean"), "one statement per clean record");
    assertEquals(summary.rejected(), calls(db, "INSERT INTO home_sales_processed (id, outcome, reasons)"),
        "one statement per rejection");
  }

  /** Executions of the job's statements whose normalised text matches {@code %pattern%} (SQL LIKE). */
  private static long calls(TestDatabase db, String pattern) {
    return db.count("""
        SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND query LIKE $1 AND query NOT LIKE '%pg_stat_statements%'""", "%" + pattern + "%");
  }
}
