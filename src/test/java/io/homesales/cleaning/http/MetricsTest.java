package io.homesales.cleaning.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.sample.EventGenerator;
import io.homesales.cleaning.support.Http.Answer;
import io.homesales.cleaning.support.JobUnderTest;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.PrometheusText;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /metrics}: Prometheus text that promtool accepts, whose counters match the run history. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class MetricsTest {

  @Test
  void afterADryRunAndTwoRunsTheCountersMatchTheRunHistory(Vertx vertx, TestDatabase db) throws Exception {
    db.truncateAll();
    Sample.loadEnrichment(db);
    Sample.loadEvents(db, new EventGenerator(21).events(1, 300));
    try (JobUnderTest job = JobUnderTest.start(vertx, db)) {
      for (JsonObject body : new JsonObject[] {new JsonObject().put("dryRun", true),
          new JsonObject().put("maxRecords", 120), new JsonObject()}) {
        String runId = job.authorized().post("/api/v1/runs", body.encode()).json().getString("runId");
        job.awaitEnded(db, runId);
      }
      Sample.loadEvents(db, new EventGenerator(22).events(5_000, 7)); // a backlog, seen at the next reading

      Answer answer = job.http().get("/metrics");
      assertEquals(200, answer.status());
      assertTrue(answer.header("content-type").startsWith("text/plain; version=0.0.4"), answer.headers().toString());
      Map<String, Double> samples = PrometheusText.parse(answer.body());

      assertEquals(2.0, PrometheusText.sum(samples, "cleaning_job_runs_total", "trigger=\"manual\"",
          "status=\"succeeded\"", "dry_run=\"false\""));
      assertEquals(1.0, PrometheusText.sum(samples, "cleaning_job_runs_total", "dry_run=\"true\""));
      assertEquals(db.count("SELECT count(*) FROM cleaning_job_runs WHERE status = 'succeeded'"),
          (long) PrometheusText.sum(samples, "cleaning_job_runs_total"));
      assertEquals(3.0, PrometheusText.sum(samples, "cleaning_job_run_duration_seconds_count"));
      // A dry run's records were not written: they count nowhere.
      assertEquals(db.count("SELECT sum(cleaned) FROM cleaning_job_runs WHERE NOT dry_run"),
          (long) PrometheusText.sum(samples, "cleaning_job_records_total", "outcome=\"cleaned\""));
      assertEquals(db.count("SELECT sum(rejected) FROM cleaning_job_runs WHERE NOT dry_run"),
          (long) PrometheusText.sum(samples, "cleaning_job_records_total", "outcome=\"rejected\""));
      assertEquals(db.count("SELECT count(*) FROM home_sales_processed, unnest(reasons)"),
          (long) PrometheusText.sum(samples, "cleaning_job_rejections_total"));
      assertEquals(db.count("SELECT count(*) FROM home_sales_processed WHERE 'enrichment:schools' = ANY(reasons)"),
          (long) PrometheusText.sum(samples, "cleaning_job_rejections_total", "reason=\"enrichment:schools\""));
      long lastSuccess = db.count("SELECT floor(extract(epoch FROM max(started_at)))::bigint FROM cleaning_job_runs"
          + " WHERE NOT dry_run");
      assertEquals(lastSuccess, (long) PrometheusText.sum(samples, "cleaning_job_last_success_timestamp_seconds"));
      for (String present : new String[] {"cleaning_job_backlog_events", "cleaning_job_backlog_oldest_age_seconds",
          "cleaning_job_complete_through_timestamp_seconds", "cleaning_job_page_load_seconds_count",
          "cleaning_job_write_seconds_count", "cleaning_job_pool_connections", "cleaning_job_pool_max_connections",
          "cleaning_job_schedule_paused", "cleaning_job_run_active"}) {
        assertTrue(samples.keySet().stream().anyMatch(k -> k.equals(present) || k.startsWith(present + "{")), present);
      }
      assertEquals(300.0, PrometheusText.sum(samples, "cleaning_job_write_seconds_count"), "one sample per record");
      assertEquals(0.0, PrometheusText.sum(samples, "cleaning_job_run_active"));
      assertEquals(0.0, PrometheusText.sum(samples, "cleaning_job_schedule_paused"));
      assertTrue(PrometheusText.sum(samples, "cleaning_job_pool_max_connections") >= 1.0, answer.body());

      // The backlog gauges show the status reading, refreshed at most every 10 s: the 7 events loaded after the
      // runs appear within that, with their age.
      long deadline = System.nanoTime() + 20_000_000_000L;
      Map<String, Double> later = samples;
      while (PrometheusText.sum(later, "cleaning_job_backlog_events") != 7.0 && System.nanoTime() < deadline) {
        Thread.sleep(500);
        later = PrometheusText.parse(job.http().get("/metrics").body());
      }
      assertEquals(7.0, PrometheusText.sum(later, "cleaning_job_backlog_events"));
      long oldestAge = db.count("SELECT floor(extract(epoch FROM now() - min(received_at)))::bigint"
          + " FROM raw_home_sale_events r WHERE NOT EXISTS (SELECT 1 FROM home_sales_processed p WHERE p.id = r.id)");
      double gaugeAge = PrometheusText.sum(later, "cleaning_job_backlog_oldest_age_seconds");
      assertTrue(gaugeAge > 0 && Math.abs(gaugeAge - oldestAge) < 60, gaugeAge + " vs " + oldestAge);
      assertFalse(answer.body().contains(JobUnderTest.TOKEN));
      promtool(answer.body());
    }
  }

  /** {@code promtool check metrics}, where Debian's prometheus package is installed. */
  private static void promtool(String metrics) throws IOException, InterruptedException {
    File promtool = new File("/usr/bin/promtool");
    if (!promtool.canExecute()) {
      System.out.println("promtool is not installed (Debian: apt-get install prometheus): the format check"
          + " above is the only one");
      return;
    }
    Process check = new ProcessBuilder(promtool.getPath(), "check", "metrics").redirectErrorStream(true).start();
    check.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
    check.getOutputStream().close();
    String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(check.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, check.exitValue(), "promtool check metrics said:\n" + said);
    System.out.println("promtool check metrics: passed" + (said.isBlank() ? "" : "\n" + said));
  }
}
