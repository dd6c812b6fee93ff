package io.homesales.cleaning.bench;

import static io.homesales.cleaning.bench.BenchServer.await;

import io.homesales.cleaning.store.PendingSet;
import io.homesales.cleaning.store.UnprocessedIds;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page selection on 2,000,000 events of which 1,900,000 are processed, newest and oldest unprocessed: the
 * pending set's refreshes (the rebuild a first run does, then a scheduled run's feed and check), its page query,
 * and for comparison the contract's anti-join (what a dry run uses). Plans printed.
 */
final class SelectionBenchmark {

  private SelectionBenchmark() {}

  static void run(Pool pool) {
    await(pool.query("""
        TRUNCATE raw_home_sale_events, home_sales_processed, home_sales_clean;
        INSERT INTO raw_home_sale_events
          SELECT g, timestamptz '2016-01-01' + g * interval '1 second', '{}' FROM generate_series(1, 2000000) g;
        """).execute());
    PendingSet pending = new PendingSet(pool);
    List<String> summary = new ArrayList<>();
    for (String scenario : List.of("easy: the 100,000 unprocessed are the newest",
        "hard: the 100,000 unprocessed are the oldest")) {
      boolean easy = scenario.startsWith("easy");
      await(pool.query("TRUNCATE home_sales_processed, cleaning_job_pending, cleaning_job_watermark;"
          + " INSERT INTO home_sales_processed (id, outcome, reasons)"
          + " SELECT g, 'rejected', ARRAY['payload:not_object'] FROM generate_series("
          + (easy ? "1, 1900000" : "100001, 2000000") + ") g").execute());
      await(pool.query("VACUUM ANALYZE").execute()); // alone: VACUUM cannot run in a multi-statement query
      PendingSet.Refresh rebuild = await(pending.refresh(Duration.ofHours(1)));
      PendingSet.Refresh steady = await(pending.refresh(Duration.ofHours(1)));
      // A later page: after the 50,000th pending event, as in the middle of a run.
      Row middle = await(pool.query("SELECT received_at, id FROM cleaning_job_pending"
          + " ORDER BY received_at DESC, id DESC OFFSET 50000 LIMIT 1").execute()).iterator().next();
      String pendingPlan = explain(pool, UnprocessedIds.FROM_PENDING, "int", "500");
      String laterPlan = explain(pool, UnprocessedIds.FROM_PENDING_AFTER, "int, timestamptz, bigint",
          "500, '" + middle.getOffsetDateTime(0) + "', " + middle.getLong(1));
      String rawPlan = explain(pool, UnprocessedIds.FROM_RAW, "int", "500");
      System.out.printf("selection, %s%n  pending set rebuilt (%s): %,d added in %,d ms; a later run's refresh"
          + " (feed and count check): %,d ms%n  first page from the pending set:%n    %s%n  a later page (after"
          + " 50,000):%n    %s%n  first page by the contract's anti-join (dry runs):%n    %s%n", scenario,
          rebuild.rebuiltBecause(), rebuild.added(), rebuild.millis(), steady.millis(),
          pendingPlan.replace("\n", "\n    "), laterPlan.replace("\n", "\n    "), rawPlan.replace("\n", "\n    "));
      summary.add(String.format(Locale.ROOT, "selection %s: first page %s ms, later page %s ms (pending set);"
          + " %s ms (anti-join); refresh %d ms, rebuild %d ms", easy ? "easy" : "hard", executionTime(pendingPlan),
          executionTime(laterPlan), executionTime(rawPlan), steady.millis(), rebuild.millis()));
    }
    summary.forEach(System.out::println);
  }

  /**
   * EXPLAIN (ANALYZE, BUFFERS) of a query as the job runs it: a prepared statement, planned generically (the
   * client caches its statements, and PostgreSQL switches a cached statement to a generic plan, which cannot
   * see the LIMIT's value), after one warming execution (as a scheduled run finds the cache).
   */
  private static String explain(Pool pool, String query, String types, String arguments) {
    return await(pool.withConnection(connection -> connection
        .query("SET plan_cache_mode = force_generic_plan; PREPARE page(" + types + ") AS " + query).execute()
        .compose(v -> connection.query("EXECUTE page(" + arguments + ")").execute())
        .compose(v -> connection.query("EXPLAIN (ANALYZE, BUFFERS) EXECUTE page(" + arguments + ")").execute())
        .compose(rows -> connection.query("DEALLOCATE page; RESET plan_cache_mode").execute().map(v -> {
          List<String> plan = new ArrayList<>();
          for (Row row : rows) {
            plan.add(row.getString(0));
          }
          return String.join("\n", plan);
        }))));
  }

  private static String executionTime(String plan) {
    Matcher time = Pattern.compile("Execution Time: ([0-9.]+) ms").matcher(plan);
    return time.find() ? time.group(1) : "?";
  }
}
