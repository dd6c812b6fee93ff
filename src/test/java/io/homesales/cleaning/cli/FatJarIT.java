package io.homesales.cleaning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.support.Blocker;
import io.homesales.cleaning.support.Eventually;
import io.homesales.cleaning.support.Invariants;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The packaged jar ({@code target/cleaning-job.jar}) as a user runs it, against a real PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class FatJarIT {

  private static final Path JAR = Path.of("target", "cleaning-job.jar");

  private final TestDatabase db;

  FatJarIT(TestDatabase db) {
    this.db = db;
  }

  record Result(int exit, String out, String err) {}

  static Result jar(Map<String, String> env, String... args) throws IOException, InterruptedException {
    return jar(List.of(), env, args);
  }

  /** The jar in a JVM of its own, started with these JVM options, with no PG* or CLEANING_JOB_* but {@code env}. */
  static Result jar(List<String> jvmOptions, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    assertTrue(Files.exists(JAR), "package the jar first: " + JAR.toAbsolutePath());
    ProcessBuilder builder = process(env, args);
    builder.command().addAll(1, jvmOptions);
    File out = File.createTempFile("jar-out", ".txt");
    File err = File.createTempFile("jar-err", ".txt");
    Process process = builder.redirectOutput(out).redirectError(err).start();
    assertTrue(process.waitFor(10, TimeUnit.MINUTES), "the jar did not finish");
    return new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
        Files.readString(err.toPath(), StandardCharsets.UTF_8));
  }

  /**
   * The jar as a process of its own, not yet started: {@code java -jar target/cleaning-job.jar ARGS} with no PG* or
   * CLEANING_JOB_* variable but {@code env}.
   */
  static ProcessBuilder process(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("CLEANING_JOB_"));
    builder.environment().putAll(env);
    return builder;
  }

  @Test
  void runOnceCleansTheSampleAndPrintsItsSummary() throws Exception {
    db.truncateAll();
    Sample.loadAll(db);

    Result result = jar(db.env(), "run-once");

    assertEquals(0, result.exit(), result.err());
    JsonObject summary = new JsonObject(result.out());
    assertEquals("succeeded", summary.getString("status"));
    assertEquals("manual", summary.getString("trigger"));
    assertEquals(3000, summary.getInteger("selected"));
    assertEquals(2993, summary.getInteger("cleaned"));
    assertEquals(7, summary.getInteger("rejected"));
    assertEquals(2993, db.count("SELECT count(*) FROM home_sales_clean"));
    assertEquals(3000, db.count("SELECT count(*) FROM home_sales_processed"));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE status = 'succeeded' AND selected = 3000"));
    Invariants.assertHold(db);
    assertTrue(result.err().contains("succeeded: selected=3000 cleaned=2993 rejected=7 failed=0"), result.err());
  }

  @Test
  void logLevelDebugShowsEachRejectionWithItsReasons() throws Exception {
    db.truncateAll();
    Sample.loadAll(db);
    Map<String, String> env = db.env();
    env.put("LOG_LEVEL", "DEBUG");

    Result result = jar(env, "run-once");

    assertEquals(0, result.exit(), result.err());
    var rejected = db.query("SELECT id, array_to_string(reasons, ',') AS reasons FROM home_sales_processed"
        + " WHERE outcome = 'rejected'");
    assertEquals(7, rejected.size());
    for (var row : rejected) {
      String line = "event " + row.getLong("id") + " rejected: " + row.getString("reasons");
      assertTrue(result.err().contains(line), line + " not in:\n" + result.err());
    }
    assertEquals(7, result.err().lines().filter(l -> l.contains(" rejected: ")).count());
  }

  @Test
  void sigtermFinishesTheStatementsInFlightRecordsTheRunAsInterruptedAndExitsWithinTenSeconds() throws Exception {
    db.truncateAll();
    Sample.loadAll(db);
    long held = db.count("SELECT id FROM raw_home_sale_events ORDER BY received_at DESC, id DESC OFFSET 49 LIMIT 1");
    Map<String, String> env = db.env();
    env.put("CLEANING_JOB_INTERVAL_SECONDS", "3600");
    env.put("CLEANING_JOB_PIPELINE", "4"); // the held record and the three sent behind it
    ProcessBuilder builder = process(env, "run").redirectErrorStream(true)
        .redirectOutput(File.createTempFile("run", ".log"));
    Process scheduler;
    try (Blocker blocker = Blocker.atEvent(db, held)) {
      scheduler = builder.start();
      blocker.awaitJobWaiting(); // the startup run is writing its 50th record
      long sigterm = System.nanoTime();
      scheduler.destroy(); // SIGTERM, as `docker stop` sends
      Blocker.sleep(1_000);
      blocker.release(); // the statements in flight can now finish
      assertTrue(scheduler.waitFor(10, TimeUnit.SECONDS), "still running 10 s after SIGTERM");
      assertTrue(System.nanoTime() - sigterm < TimeUnit.SECONDS.toNanos(10));
    }
    assertEquals(0, scheduler.exitValue(), "a clean stop is the scheduler's success");
    assertEquals(53, db.count("SELECT count(*) FROM home_sales_processed"), "49 before, and the four in flight");
    assertEquals(1, db.count("SELECT count(*) FROM home_sales_processed WHERE id = $1", held));
    assertEquals("interrupted", db.query("SELECT status FROM cleaning_job_runs").get(0).getString("status"));
    Invariants.assertHold(db);
    Result rest = jar(db.env(), "run-once");
    assertEquals(2947, new JsonObject(rest.out()).getInteger("selected"));
  }

  /** Sends a signal by name (TERM, INT) to a process, as {@code kill -s} does. */
  static void signal(Process process, String name) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start()
        .waitFor());
  }

  @Test
  void runOnceInterruptedBySigtermOrCtrlCRecordsTheRunAndExitsWith128PlusTheSignal() throws Exception {
    for (String signal : List.of("TERM", "INT")) {
      db.truncateAll();
      Sample.loadAll(db);
      long held = db.count("SELECT id FROM raw_home_sale_events ORDER BY received_at DESC, id DESC OFFSET 49 LIMIT 1");
      Map<String, String> env = db.env();
      env.put("CLEANING_JOB_PIPELINE", "4");
      File out = File.createTempFile("run-once", ".json");
      ProcessBuilder builder = process(env, "run-once").redirectOutput(out)
          .redirectError(ProcessBuilder.Redirect.DISCARD);
      Process once;
      try (Blocker blocker = Blocker.atEvent(db, held)) {
        once = builder.start();
        blocker.awaitJobWaiting();
        signal(once, signal);
        Blocker.sleep(1_000);
        blocker.release();
        assertTrue(once.waitFor(15, TimeUnit.SECONDS), "still running 15 s after SIG" + signal);
      }
      assertEquals(signal.equals("TERM") ? 143 : 130, once.exitValue(), "SIG" + signal);
      JsonObject summary = new JsonObject(Files.readString(out.toPath(), StandardCharsets.UTF_8));
      assertEquals("interrupted", summary.getString("status"), summary.encode());
      assertEquals(53, summary.getInteger("cleaned") + summary.getInteger("rejected"), summary.encode());
      assertEquals(53, db.count("SELECT count(*) FROM home_sales_processed"), "49 before, and the four in flight");
      assertEquals("interrupted", db.query("SELECT status FROM cleaning_job_runs").get(0).getString("status"));
      Invariants.assertHold(db);
    }
  }

  @Test
  void theSchedulerStoppedByCtrlCWhileIdleExitsZero() throws Exception {
    db.truncateAll();
    Sample.loadAll(db);
    Map<String, String> env = db.env();
    env.put("CLEANING_JOB_INTERVAL_SECONDS", "3600");
    File log = File.createTempFile("run", ".log");
    ProcessBuilder builder = process(env, "run").redirectErrorStream(true).redirectOutput(log);
    Process scheduler = builder.start();
    try {
      db.awaitCount("SELECT count(*) FROM cleaning_job_runs WHERE status = 'succeeded'", 1);
      signal(scheduler, "INT");
      assertTrue(scheduler.waitFor(15, TimeUnit.SECONDS), "still running 15 s after SIGINT");
      assertEquals(0, scheduler.exitValue(), Files.readString(log.toPath(), StandardCharsets.UTF_8));
      String printed = Files.readString(log.toPath(), StandardCharsets.UTF_8);
      assertTrue(printed.contains("SIGINT: stopping") && printed.contains(" - stopped"), printed);
    } finally {
      scheduler.destroyForcibly();
    }
  }

  @Test
  void demoServeChecksItsPortBeforeAnythingElse() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      long start = System.nanoTime();
      Result result = jar(Map.of(), "demo", "--serve", "--port", Integer.toString(taken.getLocalPort()));
      assertEquals(2, result.exit(), result.err());
      assertEquals("", result.out(), "nothing started: no PostgreSQL, no sample, no run");
      assertTrue(result.err().startsWith("cleaning-job: demo: --port " + taken.getLocalPort() + ": cannot listen on"
          + " 127.0.0.1:" + taken.getLocalPort() + " ("), result.err());
      assertTrue(result.err().strip().endsWith("choose another with --port"), result.err());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "found at once, not after a demo");
    }
  }

  @Test
  void demoCleansTheSampleOnItsOwnEmbeddedPostgres() throws Exception {
    Result result = jar(Map.of(), "demo");

    assertEquals(0, result.exit(), result.err());
    String out = result.out();
    int start = out.indexOf('{', out.indexOf("Run summary:"));
    JsonObject summary = new JsonObject(out.substring(start, out.indexOf("\n}", start) + 2));
    assertEquals("succeeded", summary.getString("status"));
    assertEquals(3000, summary.getInteger("selected"));
    assertEquals(2993, summary.getInteger("cleaned"));
    assertEquals(7, summary.getInteger("rejected"));
    String rejected = out.substring(out.indexOf("Rejected events (home_sales_processed):"));
    assertEquals(8, rejected.strip().lines().count(), rejected);
    assertTrue(rejected.contains("yr_renovated:range") && rejected.contains("bedrooms:range"), rejected);
  }

  @Test
  void demoServeKeepsTheJobAndItsDashboardUpUntilStopped() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    File log = File.createTempFile("demo", ".log");
    Process demo = process(Map.of(), "demo", "--serve", "--port", Integer.toString(port)).redirectErrorStream(true)
        .redirectOutput(log).start();
    try {
      String printed = "";
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!printed.contains("The job runs every 15 minutes") && demo.isAlive() && System.nanoTime() < deadline) {
        Blocker.sleep(200);
        printed = Files.readString(log.toPath(), StandardCharsets.UTF_8);
      }
      assertTrue(printed.contains("Dashboard: http://127.0.0.1:" + port + "/"), printed);
      java.util.regex.Matcher token = java.util.regex.Pattern.compile("API token for this demo[^:]*: ([0-9a-f]{32})")
          .matcher(printed);
      assertTrue(token.find(), printed);

      io.homesales.cleaning.support.Http http = new io.homesales.cleaning.support.Http("http://127.0.0.1:" + port);
      var page = http.get("/");
      assertEquals(200, page.status());
      assertTrue(page.header("content-type").startsWith("text/html"), page.headers().toString());
      assertTrue(page.body().replaceAll("\\s+", " ").contains("a record cleaned again after a re-cleaning counts"
          + " each time"), "the data-quality totals say they count processing, not events");
      JsonObject status = http.get("/api/v1/status").json();
      assertEquals("idle", status.getString("state"), status.encode());
      assertEquals(2993, status.getJsonObject("lastRun").getInteger("cleaned"), status.encode());
      // The demo's run is the serving job's own: its meters count it, as the dashboard does.
      String metrics = http.get("/metrics").body();
      assertTrue(metrics.contains("cleaning_job_records_total{outcome=\"cleaned\"} 2993.0"), metrics);
      assertTrue(metrics.contains("cleaning_job_runs_total{dry_run=\"false\",status=\"succeeded\",trigger=\"manual\"}"
          + " 1.0"), metrics);
      assertEquals(401, http.post("/api/v1/runs", "{}").status(), "acting needs the printed token");
      assertEquals(202, http.withToken(token.group(1)).post("/api/v1/runs", "{\"dryRun\": true}").status());
      Eventually.idle(http, "/api/v1/status");
      demo.destroy();
      assertTrue(demo.waitFor(30, TimeUnit.SECONDS), "demo --serve still running 30 s after SIGTERM");
      assertEquals(0, demo.exitValue(), "a clean stop is the demo's success");
    } finally {
      demo.destroyForcibly();
    }
  }

  @Test
  void dryRunPrintsTheSameCountsAndWritesNothingButItsRunRow() throws Exception {
    db.truncateAll();
    Sample.loadAll(db);
    Result result = jar(db.env(), "run-once", "--dry-run");
    assertEquals(0, result.exit(), result.err());
    JsonObject summary = new JsonObject(result.out());
    assertTrue(summary.getBoolean("dryRun"));
    assertEquals(2993, summary.getInteger("cleaned"));
    assertEquals(0, db.count("SELECT count(*) FROM home_sales_processed"));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE dry_run AND cleaned = 2993"));
  }

  @Test
  void aFailedRunExitsWithOne() throws Exception {
    Map<String, String> env = db.env();
    env.put("PGDATABASE", "no_such_database");
    Result result = jar(env, "run-once");
    assertEquals(1, result.exit(), result.out() + result.err());
    JsonObject summary = new JsonObject(result.out());
    assertEquals("failed", summary.getString("status"));
    assertTrue(summary.getString("error").contains("no_such_database"), summary.getString("error"));
  }

  @Test
  void badSettingsAreNamedOnOneLineWithStatusTwo() throws Exception {
    Result result = jar(Map.of("PGPORT", "54x", "PGPASSWORD", "s3cret-Pa55", "CLEANING_JOB_BATCH_SIZE", "-1",
        "PGSSLMODE", "sometimes"), "run-once");
    assertEquals(2, result.exit());
    assertEquals("", result.out());
    assertEquals("cleaning-job: invalid settings: PGHOST is missing; PGPORT must be an integer from 1 to 65535"
        + " (got '54x'); PGDATABASE is missing; PGUSER is missing; PGSSLMODE must be one of disable, allow, prefer,"
        + " require, verify-ca, verify-full (got 'sometimes'); CLEANING_JOB_BATCH_SIZE must be an integer from 1"
        + " to 10000 (got '-1')\n", result.err());
    assertFalse(result.err().contains("s3cret-Pa55"));
  }

  @Test
  void unknownCommandsAndOptionsAreUsageErrors() throws Exception {
    assertEquals(2, jar(db.env(), "clean-everything").exit());
    assertEquals(2, jar(db.env(), "run-once", "--wet").exit());
    assertEquals(2, jar(db.env()).exit());
  }

  @Test
  void initSchemaCreatesTheTablesIdempotently() throws Exception {
    db.execute(TestDatabase.DROP_JOB_SCHEMA);
    for (int i = 0; i < 2; i++) {
      Result result = jar(db.env(), "init-schema");
      assertEquals(0, result.exit(), result.err());
      assertEquals("schema applied (job tables)\n", result.out());
    }
    assertEquals(15, db.count("SELECT count(*) FROM information_schema.tables WHERE table_name IN"
        + " ('home_sales_clean', 'home_sales_processed', 'cleaning_job_runs', 'cleaning_job_run_reasons',"
        + " 'cleaning_job_outcomes_hourly', 'cleaning_job_reasons_hourly', 'cleaning_job_pending',"
        + " 'cleaning_job_watermark', 'cleaning_job_control', 'cleaning_job_reprocess', 'cleaning_job_schema',"
        + " 'cleaning_job_run_gates', 'cleaning_job_gate_actions', 'cleaning_job_notify_state',"
        + " 'cleaning_job_status')"), "fourteen tables and the status view");
  }
}
