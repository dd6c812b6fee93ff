package io.homesales.cleaning.run;

import io.homesales.cleaning.gate.GateMode;
import io.homesales.cleaning.gate.GateResult;
import io.homesales.cleaning.gate.Gates;
import io.homesales.cleaning.gate.Level;
import io.homesales.cleaning.store.Faults;
import io.homesales.cleaning.store.GateStore;
import io.homesales.cleaning.store.Reprocessing;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The breaker (docs/quality-gates.md): a run a gate failed has its rejections for the failing gates put back in
 * the to-do list, in one statement with the same audit as {@code reprocess}, and the job is held; both in one
 * transaction on the connection that holds the job's lock. A record's outcome commits on its own, so a kill can
 * fall between a run's rejections and its re-queue: {@link #recover} pays what earlier runs owe, under the lock,
 * before a run takes anything.
 */
final class Breaker {

  private static final Logger LOG = LoggerFactory.getLogger(Breaker.class);
  /** Who the audit names for the breaker's re-queue and hold. */
  static final String BY = "breaker";
  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  private final SqlConnection lock;
  private final Gates gates;
  private final GateMode mode;

  /** {@code lock}: the connection that holds the job's lock. */
  Breaker(SqlConnection lock, Gates gates, GateMode mode) {
    this.lock = lock;
    this.gates = gates;
    this.mode = mode;
  }

  /**
   * Re-queues what {@code runId} rejected for {@code failing} gates and holds the job. Answers what to add to the
   * run's error: how many records went back, or, without the grants of docs/security.md, the {@code reprocess}
   * command that puts them back (the job is held either way).
   */
  Future<String> trip(UUID runId, List<String> failing, String verdict) {
    List<String> reasons = GateStore.reasonsOf(failing);
    Reprocessing.Selection selection = new Reprocessing.Selection(reasons, null, reasons == null ? "rejected" : null,
        null, null, null, null, null, null, null, runId);
    JsonObject selectors = new JsonObject().put("reason", reasons == null ? null : new JsonArray(reasons))
        .put("outcome", reasons == null ? "rejected" : null).put("run", runId.toString());
    String what = reasons == null ? "any reason" : String.join(", ", reasons);
    return lock.begin().compose(tx -> Reprocessing.apply(lock, selection, false, 0, BY, selectors)
            .compose(requeued -> {
              String note = "; the job is held, and the " + requeued.requeued() + " records it rejected for " + what
                  + " are back in the to-do list (request " + requeued.requestId() + ")";
              return GateStore.setHold(lock, runId, verdict, failing, BY)
                  .compose(v -> GateStore.markRequeued(lock, runId, requeued.requestId(), null, note))
                  .compose(v -> tx.commit())
                  .map(note);
            })
            .recover(err -> tx.rollback().otherwiseEmpty().transform(ignored -> Future.<String>failedFuture(err))))
        .recover(err -> {
          if (!(err instanceof DatabaseException db && INSUFFICIENT_PRIVILEGE.equals(db.getSqlState()))) {
            return Future.failedFuture(err);
          }
          String command = "cleaning-job reprocess --run " + runId
              + (reasons == null ? " --outcome rejected" : reasons.stream().map(r -> " --reason " + r)
                  .reduce("", String::concat));
          String note = "; the job is held, but its rejections could not be put back (" + Faults.describe(err)
              + ": docs/security.md lists the grants): run `" + command + "` to put them back";
          return GateStore.setHold(lock, runId, verdict, failing, BY)
              .compose(v -> GateStore.markRequeued(lock, runId, null, note.substring(2), note))
              .map(note);
        });
  }

  /**
   * Pays what earlier runs owe: a run a gate failed whose re-queue did not happen, and a run abandoned since the
   * last finished one, judged now on the rows it wrote. One run after the other, in the order they started.
   */
  Future<Void> recover() {
    return GateStore.owed(lock).compose(owed -> {
      Future<Void> chain = Future.succeededFuture();
      for (GateStore.Owed run : owed) {
        chain = chain.compose(v -> recover(run));
      }
      return chain;
    });
  }

  private Future<Void> recover(GateStore.Owed run) {
    if (run.failedGates() != null) {
      if (mode != GateMode.HOLD || run.failedGates().isEmpty()) {
        return Future.succeededFuture();
      }
      LOG.warn("run {} failed a gate and its rejections were not put back: putting them back now", run.runId());
      return trip(run.runId(), run.failedGates(), run.verdict() + " in run " + run.runId())
          .onSuccess(note -> LOG.warn("run {}{}", run.runId(), note)).mapEmpty();
    }
    List<GateResult> results = gates.evaluate(run.counts());
    Level worst = Gates.worst(results);
    boolean breaks = worst == Level.FAIL && mode == GateMode.HOLD;
    Future<Void> judged = GateStore.record(lock, run.runId(), "run", results, worst.label(), breaks);
    if (!breaks) {
      return judged;
    }
    GateResult first = results.get(0);
    LOG.warn("run {} was abandoned after failing a gate ({}): putting its rejections back", run.runId(),
        first.describe());
    List<String> failing = results.stream().filter(r -> r.level() == Level.FAIL).map(GateResult::gate).toList();
    return judged.compose(v -> trip(run.runId(), failing, first.describe() + " in run " + run.runId()))
        .onSuccess(note -> LOG.warn("run {}{}", run.runId(), note)).mapEmpty();
  }
}
