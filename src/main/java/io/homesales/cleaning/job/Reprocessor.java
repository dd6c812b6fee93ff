package io.homesales.cleaning.job;

import io.homesales.cleaning.run.RunInProgressException;
import io.homesales.cleaning.run.RunRequest;
import io.homesales.cleaning.run.RunTrigger;
import io.homesales.cleaning.store.Reprocessing;
import io.homesales.cleaning.store.RunHistory;
import io.homesales.cleaning.store.RunLock;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a re-cleaning request under the job's lock: refused (busy) while a run is in flight anywhere, since the
 * run holds the lock. The answer: {@code {"requestId", "dryRun", "matched", "requeued", "sample": [...]}}.
 *
 * <p>Public for the job's own packages; not a supported API (docs/embedding.md lists what is).
 */
public final class Reprocessor {

  /**
   * How long a request may hold off this job's runs while it is applied, and so how long a caller waits for its
   * answer (the operations API's request to the job, the verticle's hold): one constant, so they agree.
   */
  public static final long HOLD_MS = 600_000;

  private static final Logger LOG = LoggerFactory.getLogger(Reprocessor.class);

  private final Pool pool;

  public Reprocessor(Pool pool) {
    this.pool = pool;
  }

  public Future<JsonObject> apply(ReprocessRequest request) {
    long start = System.nanoTime();
    return RunLock.tryAcquire(pool).compose(lock -> {
      if (!lock.acquired()) {
        return new RunHistory(pool).inProgress().transform(other -> lock.release().transform(released ->
            Future.failedFuture(RunInProgressException.elsewhere(other))));
      }
      return Reprocessing.apply(lock.connection(), request.selection(), request.dryRun(), request.sample(),
              request.requestedBy(), request.selectors())
          .eventually(lock::release);
    }).map(result -> {
      long millis = (System.nanoTime() - start) / 1_000_000;
      LOG.info("reprocess {} by {}{}: {} matched, {} re-queued, in {} ms; selectors {}", result.requestId(),
          request.requestedBy(), request.dryRun() ? " (dry run)" : "", result.matched(), result.requeued(), millis,
          request.selectors().encode());
      return new JsonObject().put("requestId", result.requestId().toString()).put("dryRun", request.dryRun())
          .put("matched", result.matched()).put("requeued", result.requeued()).put("sample", result.sample())
          .put("selectors", request.selectors()).put("millis", millis);
    });
  }

  /** Records the run that a request started at once. */
  /**
   * The run that cleans what a request re-queued, asked for by its {@code runNow}: the verticle starts it in its
   * own job, the command line in a run of its own; either links it with {@link #linkRun}.
   */
  public static RunRequest followUp(JsonObject answer) {
    JsonObject selectors = answer.getJsonObject("selectors");
    JsonArray reasons = selectors == null ? null : selectors.getJsonArray("reason");
    return new RunRequest(RunTrigger.REPROCESS, false, null, "reprocess " + answer.getString("requestId"), false,
        reasons == null ? List.of() : reasons.stream().map(String::valueOf).toList());
  }

  public Future<Void> linkRun(String requestId, UUID runId) {
    return pool.withConnection(connection -> Reprocessing.linkRun(connection, UUID.fromString(requestId), runId));
  }
}
