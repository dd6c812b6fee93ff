package io.homesales.cleaning.job;

import io.homesales.cleaning.store.GateStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operator's end to the quality gates' hold (docs/quality-gates.md), the same from the event bus, the HTTP API,
 * the dashboard and the CLI: {@code clear} ends it; {@code accept} ends it and takes the held run's shares as
 * normal, the baselines starting again from that run. Each is audited with who asked.
 *
 * <p>Public for the job's own packages; not a supported API (docs/embedding.md lists what is).
 */
public final class HoldControl {

  /** The actions, as the event bus, the API and the CLI name them. */
  public static final List<String> ACTIONS = List.of("clear", "accept");

  private static final Logger LOG = LoggerFactory.getLogger(HoldControl.class);

  private final Pool pool;

  public HoldControl(Pool pool) {
    this.pool = pool;
  }

  /**
   * Ends the hold: {@code {"action", "held": false, "runId", "verdict"}}; a 409 when the job is not held, so that
   * two operators acting at once learn that one of them was first.
   */
  public Future<JsonObject> end(String action, String by) {
    if (!ACTIONS.contains(action)) {
      return Future.failedFuture(ApiException.badParameter("action", "'action' must be clear or accept"));
    }
    String audited = action.equals("clear") ? "cleared" : "accepted";
    return GateStore.endHold(pool, audited, by, null).compose(ended -> {
      if (ended == null) {
        return Future.failedFuture(ApiException.conflict("the quality gates do not hold the job: nothing to "
            + action, null));
      }
      LOG.info("quality hold {} by {}: {}", audited, by, ended.verdict());
      return Future.succeededFuture(new JsonObject().put("action", audited).put("held", false)
          .put("runId", ended.runId() == null ? null : ended.runId().toString()).put("verdict", ended.verdict()));
    });
  }
}
