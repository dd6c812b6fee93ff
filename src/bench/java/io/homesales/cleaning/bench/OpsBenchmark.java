package io.homesales.cleaning.bench;

import static io.homesales.cleaning.bench.BenchServer.await;

import io.homesales.cleaning.http.HttpSettings;
import io.homesales.cleaning.http.OperationsServer;
import io.homesales.cleaning.job.CleaningJobVerticle;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.support.Browser;
import io.homesales.cleaning.support.Http;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.net.ServerSocket;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openqa.selenium.By;

/**
 * The operations surface's costs, in one sitting ({@code -Dbench.mode=all}, or one of {@code polling},
 * {@code api}, {@code reprocess}):
 * <ul>
 *   <li>{@code polling}: a 100,000-record run of the packaged jar's scheduler ({@code run}, with its HTTP server),
 *       five times with a client that scrapes {@code /metrics} and polls {@code /api/v1/status} every second and
 *       five times without, interleaved: the run's rate and the process's CPU per record, medians and ratios;
 *       with {@code -Dbench.warmup=S}, in a process that has served (or not) for S seconds before the run;
 *   <li>{@code api}: 2,000,000 events and 100,000 runs of history (90 days), the job and its server in this JVM:
 *       each endpoint's answer time (median and 95th percentile of 20), and the dashboard's load in Chromium
 *       (Navigation Timing, and the page's own ready mark), median of 5;
 *   <li>{@code reprocess}: re-queuing 1,000,000 of those records, and a dry run over them.
 * </ul>
 * Run: {@code ./mvnw -q -Pbench -DskipTests -Dinvoker.skip=true package exec:exec
 * -Dbench.main=io.homesales.cleaning.bench.OpsBenchmark}.
 */
public final class OpsBenchmark {

  private static final int RUNS = 100_000;
  private static final int EVENTS = 2_000_000;

  private OpsBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = System.getProperty("bench.mode", "all");
    Vertx vertx = Vertx.vertx();
    try (BenchServer server = BenchServer.start(vertx)) {
      System.out.println("server: " + server.describe());
      if (mode.equals("all") || mode.equals("polling")) {
        polling(server, Integer.getInteger("bench.records", 100_000), Integer.getInteger("bench.warmup", 0));
      }
      if (mode.equals("all") || mode.equals("api") || mode.equals("reprocess")) {
        PgConnectOptions big = bigHistory(server);
        if (mode.equals("all") || mode.equals("api")) {
          api(vertx, big);
        }
        if (mode.equals("all") || mode.equals("reprocess")) {
          reprocess(big);
        }
      }
    } finally {
      await(vertx.close());
    }
  }

  // ---- polling ----

  /**
   * The same run with and without a polling client. With {@code warmup} seconds, the scheduler is up that long
   * before a run is forced over the API (with the client polling all along, or not at all), as in a process
   * that has been serving a while; the run's CPU is then the process's CPU between its start and its end.
   * Without, the run starts with the process, so the client's first requests pay for loading and compiling the
   * HTTP paths during the run.
   */
  private static void polling(BenchServer server, int records, int warmup) throws Exception {
    PgConnectOptions template = server.template("bench_polling_template", records);
    List<double[]> with = new ArrayList<>();
    List<double[]> without = new ArrayList<>();
    for (int round = 1; round <= 5; round++) {
      for (boolean client : new boolean[] {round % 2 == 1, round % 2 == 0}) {
        double[] m = scheduledRun(server, server.copy(template, "bench_polling"), records, client, warmup);
        (client ? with : without).add(m);
        System.out.printf(Locale.ROOT, "polling round %d, %s client: run %.0f records/s, process CPU %.0f us/record%n",
            round, client ? "with a" : "without a", m[0], m[1]);
      }
    }
    double rateWith = JobBenchmark.median(with.stream().mapToDouble(m -> m[0]).toArray());
    double rateWithout = JobBenchmark.median(without.stream().mapToDouble(m -> m[0]).toArray());
    double cpuWith = JobBenchmark.median(with.stream().mapToDouble(m -> m[1]).toArray());
    double cpuWithout = JobBenchmark.median(without.stream().mapToDouble(m -> m[1]).toArray());
    System.out.printf(Locale.ROOT, "polling (warm-up %d s), median of 5: %.0f records/s with the client, %.0f without (ratio %.3f);"
        + " CPU %.0f us/record with, %.0f without (ratio %.3f)%n", warmup, rateWith, rateWithout, rateWith / rateWithout,
        cpuWith, cpuWithout, cpuWith / cpuWithout);
  }

  /**
   * One run of the scheduler over every record; answers {records per second of the run, CPU per record}: the
   * whole process's CPU without a warm-up, the run's own span of it with one.
   */
  private static double[] scheduledRun(BenchServer server, PgConnectOptions database, int records, boolean client,
      int warmup) throws Exception {
    int port = freePort();
    String token = "bench-token-0123456789abcdef0123456789";
    Map<String, String> env = BenchServer.env(database);
    env.put("CLEANING_JOB_MAX_RECORDS_PER_RUN", Integer.toString(records));
    env.put("CLEANING_JOB_INTERVAL_SECONDS", "86400");
    env.put("CLEANING_JOB_HTTP_PORT", Integer.toString(port));
    env.put("CLEANING_JOB_API_TOKEN", token);
    env.put("CLEANING_JOB_RUN_ON_START", Boolean.toString(warmup == 0));
    AtomicBoolean done = new AtomicBoolean();
    JobProcess.Result result = JobProcess.run(List.of(), env, List.of("run"), process -> {
      Http http = new Http("http://127.0.0.1:" + port);
      try {
        long forceAt = System.nanoTime() + warmup * 1_000_000_000L;
        boolean forced = warmup == 0;
        while (!done.get()) {
          Thread.sleep(1_000);
          if (client) {
            try {
              http.get("/metrics");
              http.get("/api/v1/status");
            } catch (RuntimeException notYet) {
              // the server is starting
            }
          }
          if (!forced && System.nanoTime() >= forceAt) {
            forced = http.withToken(token).post("/api/v1/runs", "{}").status() == 202;
          }
          // Both ways read the run history once a second, so that only the client differs.
          done.set(server.query(database, "SELECT count(*) FROM cleaning_job_runs WHERE status <> 'running'").get(0)
              .getLong(0) > 0);
        }
        // SIGTERM to the JVM (not to the bash that times it): the scheduler stops, bash reports its CPU.
        process.toHandle().children().forEach(ProcessHandle::destroy);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Row run = server.query(database, "SELECT selected, started_at, finished_at FROM cleaning_job_runs").get(0);
    Instant started = run.getOffsetDateTime("started_at").toInstant();
    Instant finished = run.getOffsetDateTime("finished_at").toInstant();
    double seconds = java.time.Duration.between(started, finished).toNanos() / 1e9;
    double cpu = warmup == 0 ? result.cpuSeconds() : result.cpuAt(finished) - result.cpuAt(started);
    return new double[] {run.getInteger("selected") / seconds, cpu / records * 1e6};
  }

  // ---- a long history ----

  /** 2,000,000 events (1,900,000 processed, 100,000 pending) and 100,000 runs over 90 days, with their counts. */
  private static PgConnectOptions bigHistory(BenchServer server) {
    long start = System.nanoTime();
    PgConnectOptions database = server.createDatabase("bench_history");
    Pool pool = server.pool(database);
    try {
      await(pool.query("""
          INSERT INTO raw_home_sale_events
            SELECT g, now() - interval '90 days' + g * interval '3.888 seconds', '{"price": "1"}'
              FROM generate_series(1, %d) g;
          INSERT INTO cleaning_job_runs (run_id, triggered_by, started_at, finished_at, status, selected, cleaned,
                                         rejected, failed, error, host)
            SELECT md5(g::text)::uuid, CASE WHEN g %% 97 = 0 THEN 'manual' ELSE 'schedule' END,
                   now() - interval '90 days' + g * interval '77.76 seconds',
                   now() - interval '90 days' + g * interval '77.76 seconds' + interval '4 seconds',
                   CASE WHEN g %% 211 = 0 THEN 'failed' ELSE 'succeeded' END, 19, 13, 6, 0,
                   CASE WHEN g %% 211 = 0 THEN 'PgException: connection lost' END, 'bench@host'
              FROM generate_series(1, %d) g;
          INSERT INTO home_sales_processed (id, processed_at, outcome, reasons, run_id)
            SELECT g, now() - interval '90 days' + g * interval '3.888 seconds',
                   CASE WHEN g %% 3 = 0 THEN 'rejected' ELSE 'cleaned' END,
                   CASE WHEN g %% 3 = 0 THEN ARRAY[(ARRAY['price:range', 'enrichment:schools', 'zip_code:format',
                        'sale_date:missing', 'payload:not_json', 'bedrooms:range'])[1 + g %% 6]] END,
                   md5((1 + (g - 1) / 19)::text)::uuid
              FROM generate_series(1, %d) g;
          INSERT INTO cleaning_job_pending (id, received_at)
            SELECT id, received_at FROM raw_home_sale_events WHERE id > %d;
          INSERT INTO cleaning_job_watermark VALUES (true, now(), %d, now());
          INSERT INTO cleaning_job_run_reasons (run_id, reason, records)
            SELECT run_id, unnest(reasons), count(*) FROM home_sales_processed WHERE outcome = 'rejected'
             GROUP BY run_id, unnest(reasons);
          INSERT INTO cleaning_job_outcomes_hourly
            SELECT date_trunc('hour', processed_at, 'UTC'), count(*) FILTER (WHERE outcome = 'cleaned'),
                   count(*) FILTER (WHERE outcome = 'rejected') FROM home_sales_processed GROUP BY 1;
          INSERT INTO cleaning_job_reasons_hourly
            SELECT date_trunc('hour', processed_at, 'UTC'), unnest(reasons), count(*) FROM home_sales_processed
             WHERE outcome = 'rejected' GROUP BY 1, 2;
          """.formatted(EVENTS, RUNS, EVENTS - 100_000, EVENTS - 100_000, EVENTS)).execute()
          .compose(v -> pool.query("VACUUM ANALYZE").execute()));
    } finally {
      await(pool.close());
    }
    System.out.printf("history: %,d events (%,d processed, 100,000 pending), %,d runs over 90 days, in %.0f s%n",
        EVENTS, EVENTS - 100_000, RUNS, (System.nanoTime() - start) / 1e9);
    return database;
  }

  // ---- api ----

  private static void api(Vertx vertx, PgConnectOptions database) throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    JsonObject config = new JsonObject().put("host", database.getHost()).put("port", database.getPort())
        .put("database", database.getDatabase()).put("user", database.getUser()).put("sslMode", "disable")
        .put("runOnStart", false);
    if (database.getPassword() != null) {
      config.put("password", database.getPassword());
    }
    OperationsServer operations = new OperationsServer(JobSettings.fromJson(config).addresses(),
        new HttpSettings(0, "127.0.0.1", null, true, null, null), registry);
    String serverId = await(vertx.deployVerticle(operations));
    String jobId = await(vertx.deployVerticle(new CleaningJobVerticle(registry),
        new DeploymentOptions().setConfig(config)));
    try {
      Http http = new Http("http://127.0.0.1:" + operations.port());
      String cursor = http.get("/api/v1/runs?limit=500").json().getString("next");
      for (int page = 0; page < 20; page++) {
        cursor = http.get("/api/v1/runs?limit=500&before=" + cursor).json().getString("next");
      }
      String from = OffsetDateTime.now(ZoneOffset.UTC).minusDays(30).toString();
      String runId = http.get("/api/v1/runs?limit=1").json().getJsonArray("runs").getJsonObject(0).getString("runId");
      for (String path : List.of("/api/v1/status", "/metrics", "/api/v1/runs", "/api/v1/runs?limit=50&before=" + cursor,
          "/api/v1/runs?status=failed", "/api/v1/runs?trigger=manual&limit=50", "/api/v1/runs/" + runId,
          "/api/v1/runs/series?from=" + from, "/api/v1/quality?bucket=day&from=" + from,
          "/api/v1/quality?bucket=hour&from=" + from, "/health/ready")) {
        double[] times = new double[20];
        for (int i = -5; i < times.length; i++) {
          long t0 = System.nanoTime();
          Http.Answer answer = http.get(path);
          if (answer.status() != 200) {
            throw new IllegalStateException(path + " answered " + answer);
          }
          if (i >= 0) {
            times[i] = (System.nanoTime() - t0) / 1e6;
          }
        }
        Arrays.sort(times);
        System.out.printf(Locale.ROOT, "api: %-60s median %6.1f ms, p95 %6.1f ms%n", path.replaceAll("before=[^&]+",
            "before=(page 21)"), JobBenchmark.median(times), times[18]);
      }
      dashboard(http.base());
    } finally {
      await(vertx.undeploy(jobId));
      await(vertx.undeploy(serverId));
    }
  }

  /** The dashboard over the long history in Chromium: when it is interactive, when its data is shown. */
  private static void dashboard(String base) {
    if (!Browser.installed()) {
      System.out.println("dashboard: Chromium is not installed (apt-get install chromium chromium-driver): not timed");
      return;
    }
    double[] interactive = new double[5];
    double[] ready = new double[5];
    double[] loaded = new double[5];
    try (Browser browser = Browser.start()) {
      for (int i = -1; i < 5; i++) {
        browser.driver().get(base + "/");
        browser.await(d -> "loaded".equals(d.findElement(By.tagName("body")).getAttribute("data-charts")));
        @SuppressWarnings("unchecked")
        Map<String, Object> nav = (Map<String, Object>) browser.script(
            "return performance.getEntriesByType('navigation')[0].toJSON()");
        Object mark = browser.script("var m = performance.getEntriesByName('cleaning-job:ready');"
            + " return m.length ? m[0].startTime : null");
        if (i >= 0) {
          interactive[i] = ((Number) nav.get("domInteractive")).doubleValue();
          loaded[i] = ((Number) nav.get("loadEventEnd")).doubleValue();
          ready[i] = ((Number) mark).doubleValue();
        }
      }
    }
    System.out.printf(Locale.ROOT, "dashboard with %,d runs, median of 5 loads: interactive (domInteractive) %.0f ms,"
        + " load event %.0f ms, status and first page of runs shown %.0f ms%n", RUNS, JobBenchmark.median(interactive),
        JobBenchmark.median(loaded), JobBenchmark.median(ready));
  }

  // ---- reprocess ----

  private static void reprocess(PgConnectOptions database) throws Exception {
    Map<String, String> env = BenchServer.env(database);
    for (String[] command : new String[][] {{"reprocess", "--id-range", "1-1000000", "--dry-run"},
        {"reprocess", "--id-range", "1-1000000"}}) {
      JobProcess.Result result = JobProcess.run(List.of(), env, List.of(command), null);
      JsonObject answer = new JsonObject(result.stdout());
      System.out.printf(Locale.ROOT, "reprocess %s: matched %,d, re-queued %,d; its statement %,d ms, the whole"
          + " command %.1f s%n", String.join(" ", command).substring(10), answer.getLong("matched"),
          answer.getLong("requeued"), answer.getLong("millis"), result.wallSeconds());
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
