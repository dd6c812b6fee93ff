package io.homesales.cleaning.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.support.Http.Answer;
import io.homesales.cleaning.support.JobUnderTest;
import io.homesales.cleaning.support.OpenApiDocument;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.PrometheusText;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The quality gates' hold over real HTTP (docs/quality-gates.md): the status says held, readiness answers 503
 * naming the check, a run's detail carries its gate verdicts, the metrics a gate's state and trips; an operator
 * clears or accepts the hold with the token, audited; a forced run with {@code force} skips the probe.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class QualityHoldApiTest {

  private static String startAndWait(JobUnderTest job, TestDatabase db, OpenApiDocument contract, JsonObject body) {
    Answer started = contract.check(job.authorized().post("/api/v1/runs", body.encode()), "startRun");
    assertEquals(202, started.status(), started.toString());
    String runId = started.json().getString("runId");
    job.awaitEnded(db, runId);
    return runId;
  }

  @Test
  void aHeldJobIsSeenEverywhereAndAnOperatorClearsOrAcceptsItWithTheToken(Vertx vertx, TestDatabase db) {
    OpenApiDocument contract = OpenApiDocument.load(vertx);
    db.truncateAll();
    Sample.loadAll(db);
    db.execute("UPDATE raw_home_sale_events SET payload = replace(payload, '\"price\"', '\"sale_amount\"')");
    try (JobUnderTest job = JobUnderTest.start(vertx, db)) {
      String tripped = startAndWait(job, db, contract, new JsonObject());

      JsonObject status = contract.check(job.http().get("/api/v1/status"), "getStatus").json();
      assertEquals("held", status.getString("state"), status.encodePrettily());
      assertTrue(status.getJsonObject("quality").getBoolean("held"));
      assertTrue(status.getJsonObject("quality").getString("verdict").startsWith("gate reason:price:missing failed"));

      Answer ready = job.http().get("/health/ready");
      assertEquals(503, ready.status(), ready.toString());
      JsonObject quality = check(ready.json(), "quality");
      assertEquals("DOWN", quality.getString("status"));
      assertTrue(quality.getString("reason").contains("held by the quality gates"), quality.encode());

      JsonObject detail = contract.check(job.http().get("/api/v1/runs/" + tripped), "getRun").json();
      assertEquals("fail", detail.getString("quality"));
      JsonObject first = detail.getJsonArray("gates").getJsonObject(0);
      assertEquals("reason:price:missing", first.getString("gate"));
      assertEquals("fail", first.getString("verdict"));

      Map<String, Double> metrics = PrometheusText.parse(job.http().get("/metrics").body());
      assertEquals(2.0, PrometheusText.sum(metrics, "cleaning_job_gate_state", "gate=\"reason:price:missing\""));
      assertEquals(1.0, PrometheusText.sum(metrics, "cleaning_job_gate_trips_total", "gate=\"reason:price:missing\"",
          "level=\"fail\""));
      assertEquals(1.0, PrometheusText.sum(metrics, "cleaning_job_quality_held"));

      // A held run probes and writes nothing.
      long processed = db.count("SELECT count(*) FROM home_sales_processed");
      String probe = startAndWait(job, db, contract, new JsonObject());
      assertEquals("skipped", contract.check(job.http().get("/api/v1/runs/" + probe), "getRun").json()
          .getString("status"));
      assertEquals(processed, db.count("SELECT count(*) FROM home_sales_processed"));

      // Clearing needs the token, answers once, and is audited.
      assertEquals(401, contract.check(job.http().post("/api/v1/quality/hold/clear", "{}"), "clearHold").status());
      Answer cleared = contract.check(job.authorized().post("/api/v1/quality/hold/clear", "{}"), "clearHold");
      assertEquals(200, cleared.status(), cleared.toString());
      assertEquals(tripped, cleared.json().getString("runId"));
      Answer again = contract.check(job.authorized().post("/api/v1/quality/hold/clear", "{}"), "clearHold");
      assertEquals(409, again.status(), again.toString());
      assertEquals("idle", job.http().get("/api/v1/status").json().getString("state"));
      assertEquals(200, job.http().get("/health/ready").status());

      // The feed is still broken: the next run trips again, and this time an operator accepts it.
      startAndWait(job, db, contract, new JsonObject());
      Answer accepted = contract.check(job.authorized().post("/api/v1/quality/hold/accept", "{}"), "acceptHold");
      assertEquals(200, accepted.status(), accepted.toString());
      assertEquals("accepted", accepted.json().getString("action"));
      JsonObject hold = contract.check(job.http().get("/api/v1/quality/hold"), "getHold").json();
      assertEquals(false, hold.getBoolean("held"));
      JsonArray actions = hold.getJsonArray("actions");
      assertEquals(List.of("accepted", "held", "cleared", "held"), actions.stream()
          .map(a -> ((JsonObject) a).getString("action")).toList());
      assertTrue(((JsonObject) actions.getValue(0)).getString("actedBy").startsWith("api:"), actions.encode());
      assertEquals("breaker", ((JsonObject) actions.getValue(1)).getString("actedBy"));

      // Held again, a forced run with force skips the probe and writes (the gates still judge it).
      startAndWait(job, db, contract, new JsonObject());
      assertEquals("held", job.http().get("/api/v1/status").json().getString("state"));
      String forced = startAndWait(job, db, contract, new JsonObject().put("force", true));
      JsonObject forcedRun = job.http().get("/api/v1/runs/" + forced).json();
      assertEquals("failed", forcedRun.getString("status"), forcedRun.encode());
      assertTrue(forcedRun.getJsonArray("gates").stream().noneMatch(g -> "probe".equals(((JsonObject) g)
          .getString("phase"))), "no probe: " + forcedRun.encode());
    }
  }

  private static JsonObject check(JsonObject health, String id) {
    return health.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> id.equals(c.getString("id"))).findFirst().orElseThrow();
  }
}
