package io.homesales.cleaning.bench;

import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.embedded.LocalPostgres;
import io.homesales.cleaning.sample.EventGenerator;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.store.PendingSet;
import io.homesales.cleaning.store.Schema;
import io.homesales.cleaning.store.UnprocessedIds;
import io.homesales.cleaning.store.UpstreamTables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job against the database's own ceiling, in one run (issue 5). On a throwaway database (a local
 * cluster with fsync on, or the server the {@code PG*} variables name):
 * <ol>
 *   <li>loads N generated events (70% clean, 30% with every kind of defect) and the enrichment tables;
 *   <li>runs the job once over all of them in a JVM of its own with the default heap, and reports
 *       records/s, wall time, peak heap and peak RSS;
 *   <li>measures the ceiling with pgbench: as many clients as the job writes records at once
 *       ({@code -Dbench.concurrency}, default 1), pipelined, 10 s, each transaction inserting one realistic
 *       clean row and its processed row;
 *   <li>prints {@code job R rec/s, ceiling C tx/s, ratio X}.
 * </ol>
 * With {@code -Dbench.selection=true} it also times the page selection on 2,000,000 events of which
 * 1,900,000 are processed, newest and oldest unprocessed, and prints both plans.
 * Run: {@code ./mvnw -q -Pbench test-compile exec:exec -Dbench.records=100000}.
 */
public final class JobBenchmark {

  private static final int LOAD_CHUNK = 20_000;

  private JobBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = Integer.getInteger("bench.records", 100_000);
    boolean selection = Boolean.getBoolean("bench.selection");
    int concurrency = Integer.getInteger("bench.concurrency", 1);
    Map<String, String> env = System.getenv();
    LocalPostgres local = env.containsKey("PGHOST") ? null : LocalPostgres.start(true);
    Vertx vertx = Vertx.vertx();
    try {
      PgConnectOptions admin = local == null ? PgConnectOptions.fromEnv()
          : new PgConnectOptions().setHost(local.host()).setPort(local.port()).setUser(local.user())
              .setDatabase(local.database());
      System.out.printf("server: %s:%d (%s)%n", admin.getHost(), admin.getPort(),
          local == null ? "from PG* variables" : "local cluster, fsync on");
      String database = "bench_" + System.currentTimeMillis();
      Pool adminPool = PgBuilder.pool().connectingTo(admin).using(vertx).build();
      await(adminPool.query("CREATE DATABASE " + database).execute());
      PgConnectOptions options = new PgConnectOptions(admin).setDatabase(database);
      Pool pool = PgBuilder.pool().connectingTo(options).using(vertx).build();

      long loadStart = System.nanoTime();
      load(pool, records);
      System.out.printf("loaded %,d events in %.1f s%n", records, (System.nanoTime() - loadStart) / 1e9);

      boolean statementStats = resetStatementStats(pool);
      JsonObject job = runJob(options, records, concurrency);
      JsonObject summary = job.getJsonObject("summary");
      double jobRate = job.getDouble("recordsPerSecond");
      System.out.printf("job: concurrency %d, %s, selected %,d, cleaned %,d, rejected %,d, wall %.1f s, %.0f records/s%n",
          concurrency, summary.getString("status"), summary.getInteger("selected"), summary.getInteger("cleaned"),
          summary.getInteger("rejected"), job.getDouble("wallSeconds"), jobRate);
      System.out.printf("job JVM: peak heap used %.0f MB, peak live heap after GC %.0f MB (max heap %.0f MB),"
          + " peak RSS %.0f MB%n", job.getLong("peakHeapBytes") / 1e6, job.getLong("peakLiveHeapBytes") / 1e6,
          job.getLong("maxHeapBytes") / 1e6, job.getLong("peakRssBytes") / 1e6);

      if (statementStats) {
        printStatementStats(pool);
      }
      Double ceiling = ceiling(pool, options, concurrency);
      if (selection) {
        selection(pool);
      }
      await(pool.close());
      await(adminPool.query("DROP DATABASE " + database).execute().eventually(adminPool::close));
      if (ceiling == null) {
        System.out.printf("job %.0f rec/s, ceiling unknown (pgbench not found), ratio unknown%n", jobRate);
      } else {
        System.out.printf(Locale.ROOT, "job %.0f rec/s, ceiling %.0f tx/s, ratio %.2f%n", jobRate, ceiling,
            jobRate / ceiling);
      }
    } finally {
      await(vertx.close());
      if (local != null) {
        local.close();
      }
    }
  }

  private static void load(Pool pool, int records) {
    UpstreamTables upstream = new UpstreamTables(pool);
    await(Schema.applyAll(pool)
        .compose(v -> upstream.insertPopulation(SampleData.zipPopulation()))
        .compose(v -> upstream.insertSchools(SampleData.schools()))
        .compose(v -> upstream.insertRates(SampleData.mortgageRates())));
    EventGenerator generator = new EventGenerator(1);
    for (int first = 1; first <= records; first += LOAD_CHUNK) {
      List<RawEvent> chunk = generator.events(first, Math.min(LOAD_CHUNK, records - first + 1));
      await(upstream.insertEvents(chunk));
    }
    await(pool.query("VACUUM ANALYZE").execute());
  }

  /** pg_stat_statements, where the server loads it (the local cluster does): false if it is not there. */
  private static boolean resetStatementStats(Pool pool) {
    try {
      await(pool.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").execute()
          .compose(v -> pool.query("SELECT pg_stat_statements_reset()").execute()));
      return true;
    } catch (RuntimeException unavailable) {
      System.out.println("statement times: pg_stat_statements is not available on this server");
      return false;
    }
  }

  /** What the run's statements cost inside the server, per kind: the page queries above all. */
  private static void printStatementStats(Pool pool) {
    for (Row row : await(pool.query("""
        SELECT CASE WHEN query LIKE '%FROM cleaning_job_pending q%' THEN 'page selection (pending set)'
                    WHEN query LIKE '%INSERT INTO home_sales_clean%' THEN 'clean record write'
                    WHEN query LIKE '%INSERT INTO home_sales_processed (id, outcome, reasons)%' THEN 'rejection write'
                    WHEN query LIKE '%left(payload%' THEN 'payload load'
                    WHEN query LIKE '%cleaning_job_watermark%' OR query LIKE '%count(*) FROM raw%'
                      OR query LIKE 'INSERT INTO cleaning_job_pending%' OR query LIKE 'DELETE FROM cleaning_job_pending%'
                      THEN 'pending set refresh' END AS kind,
               sum(calls)::bigint AS calls, sum(total_exec_time) / sum(calls) AS mean_ms, max(max_exec_time) AS max_ms
          FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
         GROUP BY 1 HAVING sum(calls) > 0 ORDER BY 1""").execute())) {
      if (row.getString("kind") != null) {
        System.out.printf(Locale.ROOT, "statement times: %-28s %,9d calls, mean %7.3f ms, max %8.1f ms%n",
            row.getString("kind"), row.getLong("calls"), row.getDouble("mean_ms"), row.getDouble("max_ms"));
      }
    }
  }

  /** The job, in a JVM of its own with the default heap, over every event. */
  private static JsonObject runJob(PgConnectOptions options, int records, int concurrency) throws Exception {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"),
        BenchmarkedRun.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.putAll(pgEnv(options));
    env.put("CLEANING_JOB_MAX_RECORDS_PER_RUN", Integer.toString(records));
    env.put("CLEANING_JOB_CONCURRENCY", Integer.toString(concurrency));
    File out = File.createTempFile("bench-job", ".json");
    Process process = builder.redirectOutput(out).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    if (!process.waitFor(6, TimeUnit.HOURS) || process.exitValue() != 0) {
      throw new IllegalStateException("the job's JVM failed: exit " + process.exitValue());
    }
    String json = Files.readString(out.toPath(), StandardCharsets.UTF_8).trim();
    return new JsonObject(json.substring(json.lastIndexOf("\n") + 1));
  }

  /**
   * pgbench, pipelined: per transaction one clean row and its processed row, into tables made like the
   * job's (same columns, keys and indexes). Null when pgbench is not installed.
   */
  static Double ceiling(Pool pool, PgConnectOptions options, int clients) throws Exception {
    String pgbench = findPgbench();
    if (pgbench == null) {
      System.out.println("ceiling: pgbench not found on PATH or in /usr/lib/postgresql/*/bin (set PGBENCH)");
      return null;
    }
    await(pool.query("""
        DROP TABLE IF EXISTS bench_clean, bench_processed; DROP SEQUENCE IF EXISTS bench_ids;
        CREATE TABLE bench_clean (LIKE home_sales_clean INCLUDING ALL);
        CREATE TABLE bench_processed (LIKE home_sales_processed INCLUDING ALL);
        CREATE SEQUENCE bench_ids;""").execute());
    Path script = Files.createTempFile("ceiling", ".sql");
    Files.writeString(script, """
        \\set price random(100000, 2000000)
        \\startpipeline
        BEGIN;
        INSERT INTO bench_clean (id, received_at, sale_date, price, zip_code, bedrooms, bathrooms, sqft_living, sqft_lot, floors, waterfront, view, condition, grade, yr_built, yr_renovated, latitude, longitude, zip_population, zip_density, zip_median_income, school_count, school_avg_rating, mortgage_rate_30yr, price_per_sqft) VALUES (nextval('bench_ids'), now(), '2014-10-13', :price, '98178', 3, 2.25, 1180, 5650, 1.0, false, 0, 3, 7, 1955, NULL, 47.5112, -122.257, 24092, 4916.7, 53000, 9, NULL, 4.120, :price / 1180.0);
        INSERT INTO bench_processed (id, outcome) VALUES (currval('bench_ids'), 'cleaned');
        COMMIT;
        \\endpipeline
        """);
    List<String> command = new ArrayList<>(List.of(pgbench, "-n", "-M", "extended", "-c", Integer.toString(clients),
        "-j", Integer.toString(clients), "-T", "10", "-f", script.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(pgEnv(options));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(2, TimeUnit.MINUTES);
    Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(output);
    if (!tps.find()) {
      throw new IllegalStateException("pgbench said:\n" + output);
    }
    double ceiling = Double.parseDouble(tps.group(1));
    System.out.printf("ceiling: pgbench, %d client(s), pipelined, 10 s: %.0f tx/s (1 clean + 1 processed row each)%n",
        clients, ceiling);
    return ceiling;
  }

  /**
   * The page selection on 2,000,000 events of which 1,900,000 are processed, newest and oldest unprocessed:
   * the pending set's refreshes (the rebuild a first run does, then a scheduled run's feed and check), its
   * page query, and for comparison the contract's anti-join (what a dry run uses). Plans printed.
   */
  private static void selection(Pool pool) {
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

  private static Map<String, String> pgEnv(PgConnectOptions options) {
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", options.getHost());
    env.put("PGPORT", Integer.toString(options.getPort()));
    env.put("PGDATABASE", options.getDatabase());
    env.put("PGUSER", options.getUser());
    env.put("PGSSLMODE", "disable");
    if (options.getPassword() != null) {
      env.put("PGPASSWORD", options.getPassword());
    }
    return env;
  }

  private static String findPgbench() {
    String configured = System.getenv("PGBENCH");
    if (configured != null) {
      return configured;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "pgbench"))) {
        return Path.of(dir, "pgbench").toString();
      }
    }
    File[] versions = new File("/usr/lib/postgresql").listFiles();
    if (versions != null) {
      for (File version : versions) {
        File candidate = new File(version, "bin/pgbench");
        if (candidate.canExecute()) {
          return candidate.getPath();
        }
      }
    }
    return null;
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(6, TimeUnit.HOURS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
