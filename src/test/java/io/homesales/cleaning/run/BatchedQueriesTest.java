package io.homesales.cleaning.run;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pages and batching, counted by the database itself (pg_stat_statements): per run one refresh of the
 * pending set; per page one selection query, one query for the events and one per enrichment table, never
 * one per record; one write per record.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class BatchedQueriesTest {

  @Test
  void eachPageCostsOneQueryPerTableAndEachRecordOneWrite(Vertx vertx, TestDatabase db) {
    db.truncateAll();
    Sample.loadEnrichment(db);
    Sample.loadEvents(db, SampleData.events().subList(0, 1_200));
    db.query("SELECT pg_stat_statements_reset()");

    RunSummary summary = await(RunOnce.run(vertx, db.settings().withBatchSize(500), RunTrigger.MANUAL, false));

    assertEquals(1_200, summary.selected());
    int pages = 3; // 500 + 500 + 200
    assertEquals(pages, calls(db, "FROM raw_home_sale_events%WHERE id = ANY"), "event loads");
    assertEquals(pages, calls(db, "FROM zip_population"), "population queries");
    assertEquals(pages, calls(db, "FROM public_schools"), "school queries");
    assertEquals(pages, calls(db, "FROM mortgage_rates"), "rate queries");
    assertEquals(pages, calls(db, "FROM cleaning_job_pending q%ORDER BY"), "one selection query per page");
    assertEquals(1, calls(db, "SELECT (SELECT count(*) FROM raw_home_sale_events)"), "one pending-set check per run");
    assertEquals(summary.cleaned(), calls(db, "INSERT INTO home_sales_clean"), "one statement per clean record");
    assertEquals(summary.rejected(), calls(db, "INSERT INTO home_sales_processed (id, outcome, reasons, run_id)"),
        "one statement per rejection");
  }

  @Test
  void largePayloadsComeInBoundedGroupsAndKeepTheirOutcome(Vertx vertx, TestDatabase db) {
    db.truncateAll();
    Sample.loadEnrichment(db);
    String sale = "{\"date\":\"2014-10-13\",\"price\":221900,\"zipcode\":\"98178\",\"bedrooms\":3,"
        + "\"bathrooms\":1,\"sqft_living\":1180,\"notes\":\"%s\"}";
    OffsetDateTime t = OffsetDateTime.parse("2016-01-01T00:00:00Z");
    List<RawEvent> events = new ArrayList<>();
    events.add(new RawEvent(1, t, sale.formatted("small")));
    events.add(new RawEvent(2, t.plusSeconds(1), sale.formatted("\u00e9".repeat(40_000))));   // 80 KB: not inline
    events.add(new RawEvent(3, t.plusSeconds(2), "{\"notes\":\"" + "x".repeat(1_000_001) + "\"}")); // too large
    for (int i = 4; i <= 9; i++) {
      events.add(new RawEvent(i, t.plusSeconds(i), sale.formatted("\u00e9".repeat(900_000)))); // 1.8 MB each
    }
    Sample.loadEvents(db, events);
    db.query("SELECT pg_stat_statements_reset()");

    RunSummary summary = await(RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false));

    assertEquals(RunStatus.SUCCEEDED, summary.status(), summary.toString());
    assertEquals(8, summary.cleaned());
    assertEquals(List.of("payload:too_large"), List.of(db.query(
        "SELECT reasons FROM home_sales_processed WHERE id = 3").get(0).getArrayOfStrings("reasons")));
    assertEquals(1, calls(db, "octet_length(payload) AS bytes"), "one page");
    // 80 KB + 1 MB + 6 x 1.8 MB in groups of at most 8 MB: [80 KB, 1 MB, 3 x 1.8 MB] then [3 x 1.8 MB].
    assertEquals(2, calls(db, "SELECT id, left(payload, $_) AS payload"), "large payloads in 8 MB groups");
  }

  /** Executions of the job's statements whose normalised text matches {@code %pattern%} (SQL LIKE). */
  private static long calls(TestDatabase db, String pattern) {
    return db.count("""
        SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND query LIKE $1 AND query NOT LIKE '%pg_stat_statements%'""", "%" + pattern + "%");
  }
}
