package io.homesales.cleaning.job;

import static io.homesales.cleaning.support.TestDatabase.await;
import static io.homesales.cleaning.support.TestDatabase.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.core.ReasonRegistry;
import io.homesales.cleaning.run.RunOnce;
import io.homesales.cleaning.run.RunSummary;
import io.homesales.cleaning.run.RunTrigger;
import io.homesales.cleaning.sample.EventGenerator;
import io.homesales.cleaning.settings.Addresses;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A job whose stages registered reasons of their own answers for them over its event bus, on a real PostgreSQL:
 * re-cleaning selects them, the quality samples show them, and a job without the stage refuses them.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class StageReasonsTest {

  private static final ReasonRegistry WITH_MODEL = ReasonRegistry.CORE.register("model", List.of("no_score"));
  private final TestDatabase db;
  private long marked;

  StageReasonsTest(TestDatabase db) {
    this.db = db;
  }

  /** A run, then one rejected record given a stage's reason as that stage would have written it. */
  @BeforeEach
  void aRunWithAStagesReason(Vertx vertx) {
    db.truncateAll();
    Sample.loadEnrichment(db);
    Sample.loadEvents(db, new EventGenerator(41).events(1, 300));
    RunSummary run = await(RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false));
    marked = db.count("SELECT min(id) FROM home_sales_processed WHERE outcome = 'rejected'");
    db.execute("UPDATE home_sales_processed SET reasons = array_append(reasons, 'model:no_score') WHERE id = "
        + marked);
    db.execute("INSERT INTO cleaning_job_run_reasons (run_id, reason, records) VALUES ('" + run.runId()
        + "', 'model:no_score', 1)");
  }

  private String deploy(Vertx vertx, ReasonRegistry reasons) {
    JsonObject config = db.config().put("intervalSeconds", 0).put("runOnStart", false);
    return await(vertx.deployVerticle(new CleaningJobVerticle(new SimpleMeterRegistry(), reasons),
        new DeploymentOptions().setConfig(config)));
  }

  private static JsonObject ask(Vertx vertx, String address, JsonObject body) {
    return await(vertx.eventBus().<JsonObject>request(address, body)).body();
  }

  @Test
  void reCleaningAndSamplesAcceptARegisteredStagesReasons(Vertx vertx) {
    deploy(vertx, WITH_MODEL);
    JsonObject byStage = ask(vertx, Addresses.DEFAULT_REPROCESS, new JsonObject()
        .put("reason", new JsonArray().add("model:*")).put("dryRun", true));
    assertEquals(1, byStage.getLong("matched"), byStage.encode());
    JsonObject exact = ask(vertx, Addresses.DEFAULT_REPROCESS, new JsonObject()
        .put("reason", new JsonArray().add("model:no_score")).put("dryRun", true));
    assertEquals(marked, exact.getJsonArray("sample").getJsonObject(0).getLong("id"), exact.encode());
    JsonObject samples = ask(vertx, Addresses.DEFAULT_QUERY, new JsonObject().put("query", "samples")
        .put("reason", "model:no_score"));
    assertEquals(1, samples.getJsonArray("samples").size(), samples.encode());
    assertEquals(marked, samples.getJsonArray("samples").getJsonObject(0).getLong("id"));

    ReplyException typo = (ReplyException) awaitFailure(vertx.eventBus().request(Addresses.DEFAULT_REPROCESS,
        new JsonObject().put("reason", new JsonArray().add("modle:*")).put("dryRun", true)));
    assertEquals(400, typo.failureCode());
    assertTrue(typo.getMessage().contains("nor a stage (model)"), typo.getMessage());
  }

  @Test
  void aJobWithoutTheStageRefusesItsReasons(Vertx vertx) {
    deploy(vertx, ReasonRegistry.CORE);
    ReplyException refused = (ReplyException) awaitFailure(vertx.eventBus().request(Addresses.DEFAULT_REPROCESS,
        new JsonObject().put("reason", new JsonArray().add("model:*")).put("dryRun", true)));
    assertEquals(400, refused.failureCode());
    ReplyException samples = (ReplyException) awaitFailure(vertx.eventBus().request(Addresses.DEFAULT_QUERY,
        new JsonObject().put("query", "samples").put("reason", "model:no_score")));
    assertEquals(400, samples.failureCode(), samples.getMessage());
  }
}
