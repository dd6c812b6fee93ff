package io.homesales.cleaning.job;

import io.homesales.cleaning.run.RunStatus;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.store.Faults;
import io.homesales.cleaning.store.HealthQueries;
import io.homesales.cleaning.store.Schema;
import io.homesales.cleaning.store.StatusView;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Whether the job can do its work, check by check: the database answers; the job's tables are present and at
 * this release's version; the last {@code readyMaxFailedRuns} finished runs did not all fail; the quality gates do
 * not hold the job; and, when a limit
 * is set, the oldest unprocessed event is younger than it. Answers
 * {@code {"status": "UP"|"DOWN", "checks": [{"id", "status", "data"?}...]}}; a check that cannot be made
 * because the database is down is DOWN too.
 */
final class Readiness {

  static final String UP = "UP";
  static final String DOWN = "DOWN";

  private final HealthQueries health;
  private final StatusView status;
  private final JobSettings settings;

  Readiness(Pool pool, JobSettings settings) {
    this.health = new HealthQueries(pool);
    this.status = new StatusView(pool);
    this.settings = settings;
  }

  Future<JsonObject> check() {
    return health.ping().transform(pinged -> {
      if (pinged.failed()) {
        String why = "the database does not answer: " + Faults.describe(pinged.cause());
        JsonArray checks = new JsonArray().add(down("database", why)).add(down("schema", why))
            .add(down("recentRuns", why)).add(down("quality", why));
        if (settings.maxBacklogAge() != null) {
          checks.add(down("backlogAge", why));
        }
        return Future.succeededFuture(answer(checks));
      }
      Future<JsonObject> schema = schema();
      Future<JsonObject> runs = recentRuns();
      Future<StatusView.Reading> reading = status.read();
      Future<JsonObject> quality = reading.map(this::quality);
      Future<JsonObject> backlog = settings.maxBacklogAge() == null ? Future.succeededFuture()
          : reading.map(this::backlogAge);
      return Future.join(schema, runs, quality, backlog).transform(done -> {
        JsonArray checks = new JsonArray().add(up("database", null))
            .add(result(schema, "schema")).add(result(runs, "recentRuns")).add(result(quality, "quality"));
        if (settings.maxBacklogAge() != null) {
          checks.add(result(backlog, "backlogAge"));
        }
        return Future.succeededFuture(answer(checks));
      });
    });
  }

  private Future<JsonObject> schema() {
    return health.schemaVersion().map(version -> version >= Schema.VERSION
        ? up("schema", new JsonObject().put("version", version))
        : down("schema", "the job's tables are at version " + version + ", this release needs "
            + Schema.VERSION + ": apply them with `cleaning-job init-schema`"));
  }

  private Future<JsonObject> recentRuns() {
    int limit = settings.readyMaxFailedRuns();
    return health.lastFinished(limit).map(runs -> {
      JsonObject data = new JsonObject().put("considered", runs.size()).put("limit", limit);
      boolean allFailed = runs.size() == limit && runs.stream().allMatch(run -> RunStatus.FAILED.label().equals(run.status()));
      if (!allFailed) {
        return up("recentRuns", data);
      }
      List<HealthQueries.Finished> failed = runs;
      return down("recentRuns", "the last " + limit + " finished runs failed; the newest: " + failed.get(0).error())
          .put("data", data.put("lastRunId", failed.get(0).runId()));
    });
  }

  /**
   * DOWN while the quality gates hold the job (docs/quality-gates.md): its data is not moving, and a downstream
   * job waiting on it should know why. A hold left from {@code hold} mode does not count under {@code warn} or
   * {@code off}, where runs ignore it.
   */
  private JsonObject quality(StatusView.Reading reading) {
    JsonObject data = new JsonObject().put("gates", settings.gates().mode().label()).put("held", reading.held());
    if (!reading.heldUnder(settings.gates().mode())) {
      return up("quality", data);
    }
    return down("quality", "held by the quality gates since " + reading.qualityHeldAt() + ": "
        + reading.qualityHold() + "; see docs/quality-gates.md to clear or accept it")
        .put("data", data.put("heldAt", reading.qualityHeldAt().toString()).put("verdict", reading.qualityHold()));
  }

  private JsonObject backlogAge(StatusView.Reading reading) {
    Duration limit = settings.maxBacklogAge();
    OffsetDateTime oldest = reading.oldestUnprocessedAt();
    long ageSeconds = reading.backlogAgeSeconds();
    JsonObject data = new JsonObject().put("oldestUnprocessedAt", oldest == null ? null : oldest.toString())
        .put("oldestAgeSeconds", ageSeconds).put("limit", limit.toString());
    return !reading.backlogAtLeast(limit) ? up("backlogAge", data)
        : down("backlogAge", "the oldest unprocessed event is " + ageSeconds + " s old, over the limit of " + limit)
            .put("data", data);
  }

  private static JsonObject result(Future<JsonObject> check, String id) {
    return check.succeeded() ? check.result() : down(id, Faults.describe(check.cause()));
  }

  private static JsonObject answer(JsonArray checks) {
    boolean up = checks.stream().allMatch(check -> UP.equals(((JsonObject) check).getString("status")));
    return new JsonObject().put("status", up ? UP : DOWN).put("checks", checks);
  }

  private static JsonObject up(String id, JsonObject data) {
    JsonObject check = new JsonObject().put("id", id).put("status", UP);
    return data == null ? check : check.put("data", data);
  }

  private static JsonObject down(String id, String reason) {
    return new JsonObject().put("id", id).put("status", DOWN).put("reason", reason);
  }
}
