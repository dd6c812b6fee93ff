package io.homesales.cleaning.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.gate.GateMode;
import io.homesales.cleaning.run.RunOnce;
import io.homesales.cleaning.run.RunSummary;
import io.homesales.cleaning.run.RunTrigger;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.support.Eventually;
import io.homesales.cleaning.support.Http.Answer;
import io.homesales.cleaning.support.JobUnderTest;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.PrometheusText;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.homesales.cleaning.support.WebhookReceiver;
import io.homesales.cleaning.support.WebhookReceiver.Mode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Notifications to real HTTP receivers started by the test (docs/quality-gates.md): signed, one per change of
 * state, in the JSON or Slack shape; a receiver that is down, answers 500, holds its answer, or answers after the
 * job has stopped affects no run.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class NotificationsTest {

  private static final String SECRET = "test-notify-secret-0123456789abcdef";
  private static final String RENAME = "UPDATE raw_home_sale_events SET payload = replace(payload, '\"price\"',"
      + " '\"sale_amount\"')";
  private static final String RENAME_BACK = "UPDATE raw_home_sale_events SET payload = replace(payload,"
      + " '\"sale_amount\"', '\"price\"')";

  private static String runAndWait(JobUnderTest job, TestDatabase db) {
    Answer started = job.authorized().post("/api/v1/runs", "{}");
    assertEquals(202, started.status(), started.toString());
    String runId = started.json().getString("runId");
    job.awaitEnded(db, runId);
    return runId;
  }

  private static List<String> events(WebhookReceiver receiver) {
    return receiver.verified().stream().map(e -> e.getString("event")).toList();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void oneSignedMessagePerChangeOfStateAndNoReceiverAffectsARun(Vertx vertx, TestDatabase db) throws Exception {
    db.truncateAll();
    Sample.loadAll(db);
    db.execute(RENAME);
    try (WebhookReceiver good = WebhookReceiver.start(vertx, SECRET, Mode.OK);
        WebhookReceiver slack = WebhookReceiver.start(vertx, SECRET, Mode.OK);
        WebhookReceiver failing = WebhookReceiver.start(vertx, SECRET, Mode.FAIL);
        WebhookReceiver slow = WebhookReceiver.start(vertx, SECRET, Mode.HOLD)) {
      String down = "http://127.0.0.1:" + freePort() + "/nobody";
      String urls = String.join(",", good.url(), "slack+" + slack.url(), failing.url(), slow.url(), down);
      try (JobUnderTest job = JobUnderTest.start(vertx, db, new JsonObject().put("notifyUrls", urls)
          .put("notifySecret", SECRET), JobUnderTest.TOKEN, true)) {
        // The rename trips the gates: one firing message, signed.
        String tripped = runAndWait(job, db);
        Eventually.until("the firing message", () -> good.verified().size() == 1);
        JsonObject firing = good.verified().get(0);
        assertEquals("quality.firing", firing.getString("event"), firing.encodePrettily());
        assertEquals(tripped, firing.getJsonObject("details").getString("runId"));
        assertTrue(firing.getJsonObject("details").getBoolean("held"));
        assertTrue(firing.getString("text").startsWith("gate reason:price:missing failed"), firing.getString("text"));
        Eventually.until("Slack's message", () -> slack.verified().size() == 1);
        assertEquals(List.of("text"), List.copyOf(slack.verified().get(0).fieldNames()));
        assertTrue(slack.verified().get(0).getString("text").startsWith("cleaning-job: gate reason:price:missing"));
        // The slow receiver still holds its answer: the run did not wait for it.
        Eventually.until("the slow receiver's request", () -> slow.holding() == 1);
        assertEquals("held", job.http().get("/api/v1/status").json().getString("state"));

        // Held runs change nothing: no message while the state lasts.
        runAndWait(job, db);
        runAndWait(job, db);
        Eventually.until("the failing receiver tried again", () -> failing.requests() >= 2);

        // The fix: the probe passes, the sample is cleaned, one resolved message.
        db.execute(RENAME_BACK);
        runAndWait(job, db);
        Eventually.until("the resolved message", () -> good.verified().size() == 2);
        assertEquals(List.of("quality.firing", "quality.resolved"), events(good));
        assertEquals(2_993, db.count("SELECT count(*) FROM home_sales_clean"));

        // A run failing for another reason than a gate, then recovering: one message each.
        db.execute("ALTER TABLE home_sales_clean RENAME TO home_sales_clean_gone");
        db.execute("INSERT INTO raw_home_sale_events (id, received_at, payload) SELECT id + 100000, received_at,"
            + " payload FROM raw_home_sale_events WHERE id <= 5");
        runAndWait(job, db);
        runAndWait(job, db);
        db.execute("ALTER TABLE home_sales_clean_gone RENAME TO home_sales_clean");
        runAndWait(job, db);
        Eventually.until("run.failed and run.recovered", () -> good.verified().size() == 4);
        assertEquals(List.of("quality.firing", "quality.resolved", "run.failed", "run.recovered"), events(good));
        assertEquals(List.of(), good.unverified(), "every message is signed with the secret");
        assertTrue(slow.holding() >= 1, "the slow receiver never answered, and every run ended");
      }
      // The slow receiver answers after the job has stopped: nothing is left to fail.
      slow.release();
    }
  }

  @Test
  void aHoldPutOnWhilePayingForAKilledRunIsToldByTheRunThatPutItOn(Vertx vertx, TestDatabase db) {
    db.truncateAll();
    Sample.loadAll(db);
    db.execute(RENAME);
    // A run that rejected 300 records and was killed before its verdict: the history says running, no reasons.
    JobSettings off = db.settings().withGates(db.settings().gates().withMode(GateMode.OFF)).withMaxRecordsPerRun(300);
    RunSummary killed = TestDatabase.await(RunOnce.run(vertx, off, RunTrigger.MANUAL, false));
    db.killedWhileRunning(killed.runId());
    try (WebhookReceiver receiver = WebhookReceiver.start(vertx, SECRET, Mode.OK);
        JobUnderTest job = JobUnderTest.start(vertx, db, new JsonObject().put("notifyUrls", receiver.url())
            .put("notifySecret", SECRET), JobUnderTest.TOKEN, true)) {
      String runId = runAndWait(job, db);
      Eventually.until("the firing message", () -> receiver.verified().size() == 1);
      JsonObject firing = receiver.verified().get(0);
      assertEquals("quality.firing", firing.getString("event"));
      assertEquals(runId, firing.getJsonObject("details").getString("runId"));
      assertTrue(firing.getJsonObject("details").getBoolean("recovered"));
      assertTrue(firing.getString("text").contains("in abandoned run " + killed.runId()), firing.getString("text"));
      assertEquals("held", job.http().get("/api/v1/status").json().getString("state"));
      runAndWait(job, db);
      assertEquals(1, receiver.verified().size(), "one message while the hold lasts");
    }
  }

  @Test
  void freshnessIsCheckedOnATimerOfItsOwnEvenWhenNoRunHappens(Vertx vertx, TestDatabase db) {
    db.truncateAll();
    Sample.loadEnrichment(db);
    Sample.loadInTimeOrder(db, 50);
    try (WebhookReceiver receiver = WebhookReceiver.start(vertx, SECRET, Mode.OK);
        JobUnderTest job = JobUnderTest.start(vertx, db, new JsonObject().put("notifyUrls", receiver.url())
            .put("notifySecret", SECRET).put("maxBacklogAge", "PT1S").put("freshnessCheckSeconds", 1),
            JobUnderTest.TOKEN, true)) {
      // No run: the backlog ages past its limit, and the timer says so.
      Eventually.until("freshness breaching", () -> receiver.verified().size() == 1);
      JsonObject breaching = receiver.verified().get(0);
      assertEquals("freshness.breaching", breaching.getString("event"));
      assertTrue(breaching.getString("text").contains("the oldest unprocessed event is"), breaching.encode());
      assertEquals(1.0, PrometheusText.sum(PrometheusText.parse(job.http().get("/metrics").body()),
          "cleaning_job_freshness_breaching"));
      runAndWait(job, db);
      Eventually.until("freshness recovered", () -> receiver.verified().size() == 2);
      assertEquals("freshness.recovered", receiver.verified().get(1).getString("event"));
    }
  }
}
