package io.homesales.cleaning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.support.Blocker;
import io.homesales.cleaning.support.Eventually;
import io.homesales.cleaning.support.Http;
import io.homesales.cleaning.support.Invariants;
import io.homesales.cleaning.support.OutputTables;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.homesales.cleaning.support.WebhookReceiver;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.ServerSocket;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rename case of docs/quality-gates.md from the packaged jar, end to end: on the shipped sample with its price
 * key renamed, the first run trips within the minimum sample, puts back what it rejected and leaves the rest
 * unprocessed; the receiver gets one signed firing message; the status says held, readiness answers 503 naming
 * the check, await times out naming the gate; held runs write nothing; once the key is renamed back the probe
 * passes and the sample is cleaned, one resolved message arrives, and the output tables are those of a database
 * that never saw the rename.
 */
@ExtendWith(PostgresExtension.class)
class QualityGatesIT {

  private static final String SECRET = "quality-gates-it-secret-0123456789";
  private static final String TOKEN = "quality-gates-it-token-0123456789";

  private final TestDatabase db;

  QualityGatesIT(TestDatabase db) {
    this.db = db;
  }

  @Test
  void theRenamedKeyIsStoppedHeldToldAndCleanedOnceFixed() throws Exception {
    db.truncateAll();
    Sample.loadAll(db);
    db.execute("UPDATE raw_home_sale_events SET payload = replace(payload, '\"price\"', '\"sale_amount\"')");
    Vertx vertx = Vertx.vertx();
    try (WebhookReceiver receiver = WebhookReceiver.start(vertx, SECRET, WebhookReceiver.Mode.OK)) {
      Map<String, String> env = db.env();
      env.put("CLEANING_JOB_NOTIFY_URLS", receiver.url());
      env.put("CLEANING_JOB_NOTIFY_SECRET", SECRET);

      FatJarIT.Result first = FatJarIT.jar(env, "run-once");
      assertEquals(1, first.exit(), first.err());
      JsonObject summary = new JsonObject(first.out());
      assertEquals("failed", summary.getString("status"));
      assertTrue(summary.getString("error").startsWith("gate reason:price:missing failed: 100.0% of 200 records"),
          summary.getString("error"));
      int taken = summary.getInteger("cleaned") + summary.getInteger("rejected");
      assertTrue(taken >= 200 && taken <= 200 + 2 * 16, "stopped within the minimum sample: " + summary);
      assertEquals(0, db.count("SELECT count(*) FROM home_sales_processed WHERE 'price:missing' = ANY(reasons)"),
          "what it rejected for price:missing is put back");
      assertEquals(3_000, db.count("SELECT count(*) FROM cleaning_job_pending"), "and the rest is unprocessed");
      // run-once sends its notification before it exits.
      assertEquals(List.of("quality.firing"), receiver.verified().stream().map(e -> e.getString("event")).toList());
      assertEquals(List.of(), receiver.unverified());

      FatJarIT.Result waited = FatJarIT.jar(env, "await", "--through",
          OffsetDateTime.now(ZoneOffset.UTC).toString(), "--timeout", "1s", "--poll", "200ms");
      assertEquals(1, waited.exit(), waited.err());
      assertTrue(waited.err().contains("the quality gates hold the job: gate reason:price:missing failed"),
          waited.err());

      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      ProcessBuilder builder = FatJarIT.process(env, "run").redirectErrorStream(true)
          .redirectOutput(File.createTempFile("quality-gates-run", ".log"));
      builder.environment().putAll(Map.of("CLEANING_JOB_HTTP_PORT", Integer.toString(port),
          "CLEANING_JOB_API_TOKEN", TOKEN, "CLEANING_JOB_RUN_ON_START", "false",
          "CLEANING_JOB_INTERVAL_SECONDS", "3600"));
      Process job = builder.start();
      try {
        Http http = new Http("http://127.0.0.1:" + port);
        Eventually.until("the API answers", () -> {
          try {
            return http.get("/api/v1/status").status() == 200;
          } catch (RuntimeException notYet) {
            return false;
          }
        });
        assertEquals("held", http.get("/api/v1/status").json().getString("state"));
        Http.Answer ready = http.get("/health/ready");
        assertEquals(503, ready.status());
        assertTrue(ready.body().contains("\"id\":\"quality\"") && ready.body().contains("held by the quality gates"),
            ready.body());

        // Runs during the hold write nothing.
        long processed = db.count("SELECT count(*) FROM home_sales_processed");
        forceAndWait(http, db);
        forceAndWait(http, db);
        assertEquals(processed, db.count("SELECT count(*) FROM home_sales_processed"));

        // The key is renamed back: the probe passes, and the sample is cleaned.
        db.execute("UPDATE raw_home_sale_events SET payload = replace(payload, '\"sale_amount\"', '\"price\"')");
        forceAndWait(http, db);
        assertEquals(2_993, db.count("SELECT count(*) FROM home_sales_processed WHERE outcome = 'cleaned'"));
        assertEquals(7, db.count("SELECT count(*) FROM home_sales_processed WHERE outcome = 'rejected'"));
        assertEquals("idle", http.get("/api/v1/status").json().getString("state"));
        assertEquals(200, http.get("/health/ready").status());
        Eventually.until("the resolved message", () -> receiver.verified().size() == 2);
        assertEquals(List.of("quality.firing", "quality.resolved"),
            receiver.verified().stream().map(e -> e.getString("event")).toList());
      } finally {
        job.destroy();
        assertTrue(job.waitFor(15, TimeUnit.SECONDS));
      }
      Invariants.assertHold(db);
      Set<String> afterTheBreak = OutputTables.of(db);

      db.truncateAll();
      Sample.loadAll(db);
      assertEquals(0, FatJarIT.jar(db.env(), "run-once").exit());
      assertEquals(OutputTables.of(db), afterTheBreak, "the same output as a database that never saw the rename");
      Blocker.sleep(200);
      assertEquals(2, receiver.verified().size(), "exactly one firing and one resolved message");
    } finally {
      TestDatabase.await(vertx.close());
    }
  }

  /** Forces a run through the API and waits until the job is idle again (or held). */
  private static void forceAndWait(Http http, TestDatabase db) {
    Http.Answer started = http.withToken(TOKEN).post("/api/v1/runs", "{}");
    assertEquals(202, started.status(), started.toString());
    String runId = started.json().getString("runId");
    db.awaitCount("SELECT count(*) FROM cleaning_job_runs WHERE run_id = '" + runId + "' AND status <> 'running'", 1);
    Eventually.idle(http, "/api/v1/status");
  }
}
