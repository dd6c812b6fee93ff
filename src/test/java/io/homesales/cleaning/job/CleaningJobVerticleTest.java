package io.homesales.cleaning.job;

import static io.homesales.cleaning.support.TestDatabase.await;
import static io.homesales.cleaning.support.TestDatabase.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.settings.Addresses;
import io.homesales.cleaning.settings.SettingsException;
import io.homesales.cleaning.support.Blocker;
import io.homesales.cleaning.support.Eventually;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The verticle: startup run, timer, in-flight flag, event-bus force-run and its busy reply. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class CleaningJobVerticleTest {

  private static final String ADDRESS = "test.cleaning-job.run";
  private final TestDatabase db;

  CleaningJobVerticleTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void load() {
    db.truncateAll();
    Sample.loadEnrichment(db);
    Sample.loadEvents(db, SampleData.events().subList(0, 300));
  }

  private String deploy(Vertx vertx, int intervalSeconds) {
    JsonObject config = db.config().put("intervalSeconds", intervalSeconds).put("address", ADDRESS);
    return await(vertx.deployVerticle(new CleaningJobVerticle(), new DeploymentOptions().setConfig(config)));
  }

  /**
   * Deploys a job whose startup run is on, and returns once that run's summary is published. The job writes
   * the run's end to the history before it lowers its in-flight flag, so a test that waits on the history
   * alone can race the job's busy answer; the published summary comes after the flag is down.
   */
  private String deployAndAwaitStartupRun(Vertx vertx, CleaningJobVerticle job, JsonObject config) {
    io.vertx.core.Promise<JsonObject> ended = io.vertx.core.Promise.promise();
    var consumer = vertx.eventBus().<JsonObject>consumer(Addresses.DEFAULT_RUNS, m -> ended.tryComplete(m.body()));
    await(consumer.completion());
    String deployment = await(vertx.deployVerticle(job, new DeploymentOptions().setConfig(config)));
    JsonObject summary = await(ended.future().timeout(60, TimeUnit.SECONDS));
    await(consumer.unregister());
    assertEquals("startup", summary.getString("trigger"), summary.encode());
    assertEquals("succeeded", summary.getString("status"), summary.encode());
    return deployment;
  }

  @Test
  void ticksAndRequestsDuringARunAreSkippedAndTheSchedulerCarriesOn(Vertx vertx) throws Exception {
    long blocked = db.count("SELECT id FROM raw_home_sale_events ORDER BY received_at DESC, id DESC OFFSET 49 LIMIT 1");
    String deployment;
    try (Blocker blocker = Blocker.atEvent(db, blocked)) {
      deployment = deploy(vertx, 1);
      blocker.awaitJobWaiting();
      Blocker.sleep(2_500); // two or more ticks come while the startup run is held

      List<Row> runs = db.query("SELECT run_id, triggered_by, status FROM cleaning_job_runs");
      assertEquals(1, runs.size(), "ticks during a run start nothing");
      assertEquals("startup", runs.get(0).getString("triggered_by"));
      assertEquals("running", runs.get(0).getString("status"));
      UUID inFlight = runs.get(0).getUUID("run_id");

      Throwable busy = awaitFailure(vertx.eventBus().request(ADDRESS, null));
      assertTrue(busy instanceof ReplyException, String.valueOf(busy));
      assertEquals(CleaningJobVerticle.BUSY, ((ReplyException) busy).failureCode());
      assertTrue(busy.getMessage().contains(inFlight.toString()), busy.getMessage());
    }
    // Released: the startup run ends, and the timer goes on starting runs.
    Eventually.until("a scheduled run succeeded", () -> db.count("SELECT count(*) FROM cleaning_job_runs"
        + " WHERE triggered_by = 'schedule' AND status = 'succeeded'") >= 1);
    Row startup = db.query("SELECT started_at, finished_at, status, selected FROM cleaning_job_runs"
        + " WHERE triggered_by = 'startup'").get(0);
    assertEquals("succeeded", startup.getString("status"));
    assertEquals(300, startup.getInteger("selected"));
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_runs WHERE started_at > $1 AND started_at < $2",
        startup.getOffsetDateTime("started_at"), startup.getOffsetDateTime("finished_at")),
        "no run started while the startup run was in flight");
    await(vertx.undeploy(deployment));
  }

  @Test
  void aMessageForcesARunAndIsAnsweredWithItsSummary(Vertx vertx, VertxTestContext test) throws Exception {
    deployAndAwaitStartupRun(vertx, new CleaningJobVerticle(),
        db.config().put("intervalSeconds", 3600).put("address", ADDRESS));
    Sample.loadEvents(db, SampleData.events().subList(300, 400));

    vertx.eventBus().<JsonObject>request(ADDRESS, null, new DeliveryOptions().setSendTimeout(60_000))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          JsonObject summary = reply.body();
          assertEquals("manual", summary.getString("trigger"));
          assertEquals("succeeded", summary.getString("status"));
          assertEquals(100, summary.getInteger("selected"));
          assertEquals(100, summary.getInteger("cleaned") + summary.getInteger("rejected"));
          assertTrue(summary.getLong("durationMs") >= 0);
          UUID.fromString(summary.getString("runId"));
          test.completeNow();
        })));
    assertTrue(test.awaitCompletion(60, TimeUnit.SECONDS));
    if (test.failed()) {
      throw new AssertionError(test.causeOfFailure());
    }
    assertEquals(400, db.count("SELECT count(*) FROM home_sales_processed"));
  }

  @Test
  void badConfigFailsTheDeploymentNamingEveryProblem(Vertx vertx) {
    Throwable failure = awaitFailure(vertx.deployVerticle(new CleaningJobVerticle(),
        new DeploymentOptions().setConfig(new JsonObject().put("port", "x").put("batchSize", 0))));
    assertTrue(failure instanceof SettingsException, String.valueOf(failure));
    assertEquals("invalid settings: 'host' is missing; 'port' must be an integer from 1 to 65535 (got 'x');"
        + " 'database' is missing; 'user' is missing; 'batchSize' must be an integer from 1 to 10000 (got '0')",
        failure.getMessage());
  }

  @Test
  void withoutWaitingTheReplyIsTheRunsIdAndEveryEndingRunIsPublished(Vertx vertx) throws Exception {
    List<JsonObject> published = new java.util.concurrent.CopyOnWriteArrayList<>();
    await(vertx.eventBus().<JsonObject>consumer("test.cleaning-job.runs", m -> published.add(m.body())).completion());
    JsonObject config = db.config().put("address", ADDRESS).put("runsAddress", "test.cleaning-job.runs")
        .put("runOnStart", false).put("intervalSeconds", 0);
    String deployment = await(vertx.deployVerticle(new CleaningJobVerticle(), new DeploymentOptions().setConfig(config)));
    Blocker.sleep(1_000);
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_runs"), "no startup run, no schedule");

    JsonObject started = await(vertx.eventBus().<JsonObject>request(ADDRESS,
        new JsonObject().put("wait", false).put("maxRecords", 100).put("note", "from a test"))).body();
    UUID runId = UUID.fromString(started.getString("runId"));
    Eventually.until("one summary published", () -> published.size() == 1);
    JsonObject summary = published.get(0);
    assertEquals(runId.toString(), summary.getString("runId"));
    assertEquals("succeeded", summary.getString("status"));
    assertEquals(100, summary.getInteger("selected"));
    assertEquals("from a test", summary.getString("note"));
    assertEquals(100, db.count("SELECT count(*) FROM home_sales_processed WHERE run_id = $1", runId));
    await(vertx.undeploy(deployment));
  }

  @Test
  void badRequestsAreRefusedWithACodeAndTheParameterNamed(Vertx vertx) {
    deployAndAwaitStartupRun(vertx, new CleaningJobVerticle(),
        db.config().put("intervalSeconds", 3600).put("address", ADDRESS));
    Map<Object, String> cases = new java.util.LinkedHashMap<>();
    cases.put(new JsonObject().put("wait", "no"), "wait");
    cases.put(new JsonObject().put("maxRecords", 0), "maxRecords");
    cases.put(new JsonObject().put("nope", 1), "nope");
    cases.put("run please", "body");
    for (Map.Entry<Object, String> bad : cases.entrySet()) {
      ReplyException refused = (ReplyException) awaitFailure(vertx.eventBus().request(ADDRESS, bad.getKey()));
      assertEquals(400, refused.failureCode(), bad.toString());
      assertEquals(bad.getValue(), new JsonObject(refused.getMessage()).getString("parameter"), bad.toString());
    }
    ReplyException unknown = (ReplyException) awaitFailure(vertx.eventBus().request("cleaning-job.query",
        new JsonObject().put("query", "everything")));
    assertEquals(400, unknown.failureCode());
    ReplyException noRun = (ReplyException) awaitFailure(vertx.eventBus().request("cleaning-job.control",
        new JsonObject().put("action", "cancel").put("runId", UUID.randomUUID().toString())));
    assertEquals(404, noRun.failureCode());
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs"), "no bad request started a run");
  }

  @Test
  void aSecondInstanceIsRefusedWithAClearMessageAndNoSecondPool(Vertx vertx) {
    JsonObject config = db.config().put("address", ADDRESS).put("runOnStart", false).put("intervalSeconds", 0);
    java.util.function.Supplier<CleaningJobVerticle> instances = CleaningJobVerticle::new;
    Throwable refused = awaitFailure(vertx.deployVerticle(instances,
        new DeploymentOptions().setConfig(config).setInstances(2)));
    assertTrue(refused != null && refused.getMessage().contains("already deployed on this Vert.x instance"),
        String.valueOf(refused));
    assertTrue(refused.getMessage().contains("one instance"), refused.getMessage());
    // Once refused, one instance deploys.
    String one = await(vertx.deployVerticle(new CleaningJobVerticle(), new DeploymentOptions().setConfig(config)));
    await(vertx.undeploy(one));
  }

  @Test
  void anUnreachableDatabaseStillDeploysAndItsRunsFailSayingWhy(Vertx vertx) {
    JsonObject config = db.config().put("port", 1).put("address", ADDRESS).put("runOnStart", false)
        .put("intervalSeconds", 0);
    String deployment = await(vertx.deployVerticle(new CleaningJobVerticle(), new DeploymentOptions().setConfig(config)));
    JsonObject summary = await(vertx.eventBus().<JsonObject>request(ADDRESS, null,
        new DeliveryOptions().setSendTimeout(60_000))).body();
    assertEquals("failed", summary.getString("status"));
    assertTrue(summary.getString("error").contains("Connection refused"), summary.getString("error"));
    await(vertx.undeploy(deployment));
  }

  @Test
  void onceARunIsAnsweredTheStatusIsIdleAndHasItsEndInIt(Vertx vertx) {
    deployAndAwaitStartupRun(vertx, new CleaningJobVerticle(),
        db.config().put("intervalSeconds", 3600).put("address", ADDRESS));
    JsonObject before = await(vertx.eventBus().<JsonObject>request(Addresses.DEFAULT_STATUS, null)).body();
    Sample.loadEvents(db, SampleData.events().subList(300, 400));
    for (int run = 0; run < 3; run++) { // the status is cached for 10 s: each run's end must refresh it
      JsonObject summary = await(vertx.eventBus().<JsonObject>request(ADDRESS, null,
          new DeliveryOptions().setSendTimeout(60_000))).body();
      JsonObject status = await(vertx.eventBus().<JsonObject>request(Addresses.DEFAULT_STATUS, null)).body();
      assertEquals("idle", status.getString("state"), status.encode());
      assertEquals(summary.getString("runId"), status.getJsonObject("lastSuccess").getString("runId"), status.encode());
      assertEquals(0, status.getJsonObject("backlog").getInteger("count"), status.encode());
      assertTrue(java.time.OffsetDateTime.parse(status.getJsonObject("backlog").getString("asOf"))
          .isAfter(java.time.OffsetDateTime.parse(before.getJsonObject("backlog").getString("asOf"))), status.encode());
    }
  }

  @Test
  void whileAReprocessRequestIsAppliedRunsAreRefusedSayingSoAndNoneIsRecordedAsSkipped(Vertx vertx) {
    deployAndAwaitStartupRun(vertx, new CleaningJobVerticle(),
        db.config().put("intervalSeconds", 3600).put("address", ADDRESS));
    // A transaction of the test's holds the audit table, so the request waits inside its re-queue, under the lock.
    io.vertx.sqlclient.SqlConnection holder = await(db.pool().getConnection());
    io.vertx.core.Future<io.vertx.core.eventbus.Message<JsonObject>> reprocess;
    io.vertx.sqlclient.Transaction held = await(holder.begin());
    try {
      await(holder.query("LOCK TABLE cleaning_job_reprocess IN EXCLUSIVE MODE").execute());
      reprocess = vertx.eventBus().request(Addresses.DEFAULT_REPROCESS, new JsonObject().put("all", true),
          new DeliveryOptions().setSendTimeout(60_000));
      Eventually.until("the request waits on the audit table",
          () -> Blocker.jobConnectionsWaiting(db, "relation") == 1);

      Throwable run = awaitFailure(vertx.eventBus().request(ADDRESS, new JsonObject()));
      assertTrue(run instanceof ReplyException, String.valueOf(run));
      assertEquals(CleaningJobVerticle.BUSY, ((ReplyException) run).failureCode());
      JsonObject error = new JsonObject(run.getMessage());
      assertTrue(error.getString("error").contains("re-processing request is being applied"), error.encode());
      assertEquals(null, error.getValue("runId"));
      Throwable second = awaitFailure(vertx.eventBus().request(Addresses.DEFAULT_REPROCESS,
          new JsonObject().put("all", true)));
      assertEquals(CleaningJobVerticle.BUSY, ((ReplyException) second).failureCode(), String.valueOf(second));
      assertTrue(second.getMessage().contains("re-processing request is being applied"), second.getMessage());
    } finally {
      await(held.rollback()); // the request goes on
      await(holder.close());
    }
    JsonObject applied = await(reprocess).body();
    assertEquals(300, applied.getInteger("requeued"));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs"), "no run was recorded as skipped");
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_reprocess"), "the second request changed nothing");
    JsonObject after = await(vertx.eventBus().<JsonObject>request(ADDRESS, new JsonObject(),
        new DeliveryOptions().setSendTimeout(60_000))).body();
    assertEquals("succeeded", after.getString("status"));
    assertEquals(300, after.getInteger("selected"));
  }

  @Test
  void aRunIsCountedBeforeTheHistoryShowsItsEndAndTheJobIsIdleOnlyAfter(Vertx vertx) {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry host = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    JsonObject config = db.config().put("address", ADDRESS).put("runOnStart", false).put("intervalSeconds", 0);
    await(vertx.deployVerticle(new CleaningJobVerticle(host), new DeploymentOptions().setConfig(config)));
    // A run older than the retention, held by the test: the history's purge, after the run's end, waits on it.
    UUID old = UUID.randomUUID();
    db.query("INSERT INTO cleaning_job_runs (run_id, triggered_by, started_at, finished_at, status, host)"
        + " VALUES ($1, 'manual', now() - interval '400 days', now() - interval '400 days', 'succeeded', 'test')", old);
    io.vertx.sqlclient.SqlConnection holder = await(db.pool().getConnection());
    io.vertx.sqlclient.Transaction held = await(holder.begin());
    String runId;
    try {
      await(holder.preparedQuery("SELECT 1 FROM cleaning_job_runs WHERE run_id = $1 FOR UPDATE")
          .execute(io.vertx.sqlclient.Tuple.of(old)));
      runId = await(vertx.eventBus().<JsonObject>request(ADDRESS, new JsonObject().put("wait", false))).body()
          .getString("runId");
      db.awaitCount("SELECT count(*) FROM cleaning_job_runs WHERE run_id = '" + runId + "' AND status = 'succeeded'", 1);
      Eventually.until("the purge waits on the held row", () -> Blocker.jobConnectionsWaiting(db, null) == 1);
      io.micrometer.core.instrument.Counter counted = host.find("cleaning.job.runs").tag("status", "succeeded").counter();
      assertTrue(counted != null && counted.count() == 1.0, "counted before its end is in the history: " + counted);
      JsonObject status = await(vertx.eventBus().<JsonObject>request(Addresses.DEFAULT_STATUS, null)).body();
      assertEquals("running", status.getString("state"), "not idle while it is still ending");
    } finally {
      await(held.rollback());
      await(holder.close());
    }
    Eventually.until("the job idle", () -> "idle".equals(await(vertx.eventBus().<JsonObject>request(
        Addresses.DEFAULT_STATUS, null)).body().getString("state")));
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_runs WHERE run_id = $1", old), "purged");
  }

  @Test
  void undeployingTakesTheJobsMetersOffTheHostsRegistry(Vertx vertx) {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry host = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    JsonObject config = db.config().put("address", ADDRESS).put("intervalSeconds", 0);
    String deployment = deployAndAwaitStartupRun(vertx, new CleaningJobVerticle(host), config);
    assertTrue(host.find("cleaning.job.runs").counter() != null);
    assertEquals(300.0, host.find("cleaning.job.records").counters().stream().mapToDouble(c -> c.count()).sum());
    await(vertx.undeploy(deployment));
    assertTrue(host.getMeters().isEmpty(), host.getMeters().toString());
  }
}
