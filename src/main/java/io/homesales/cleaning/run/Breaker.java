package io.homesales.cleaning.run;

import io.homesales.cleaning.gate.Counts;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
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
   * Re-queues what {@code runId} rejected for {@code failing} gates, and what the runs abandoned since the last
   * finished one rejected for them too (they took the same broken backlog and were killed before it showed), and
   * holds the job. Answers what to add to the run's error: how many records went back, or, without the grants of
   * docs/security.md, the {@code reprocess} command that puts them back (the job is held either way).
   */
  Future<String> trip(UUID runId, List<String> failing, String verdict) {
    return putBack(runId, failing, verdict, true);
  }

  /**
   * A held job's probe failed too: what the runs abandoned since the last finished one rejected for the failing
   * gates goes back, so that no broken batch is left drained into rejections. Answers what to add to the error.
   */
  Future<String> probeFailed(List<String> failing, String verdict) {
    return putBack(null, failing, verdict, false);
  }

  private Future<String> putBack(UUID runId, List<String> failing, String verdict, boolean hold) {
    List<String> reasons = GateStore.reasonsOf(failing);
    String what = reasons == null ? "any reason" : String.join(", ", reasons);
    return lock.begin().compose(tx -> GateStore.abandonedSince(lock, runId).compose(abandoned -> {
          List<UUID> runs = new ArrayList<>();
          if (runId != null) {
            runs.add(runId);
          }
          runs.addAll(abandoned);
          List<Reprocessing.Result> done = new ArrayList<>();
          Future<Void> chain = Future.succeededFuture();
          for (UUID run : runs) {
            chain = chain.compose(v -> requeue(run, reasons).compose(result -> {
              done.add(result);
              String note = run.equals(runId) ? null : "; its " + result.requeued() + " rejections for " + what
                  + " were put back by the breaker (request " + result.requestId() + ")";
              return note == null ? Future.succeededFuture()
                  : GateStore.markRequeued(lock, run, result.requestId(), null, note);
            }));
          }
          return chain.compose(v -> {
            long own = runId == null || done.isEmpty() ? 0 : done.get(0).requeued();
            long others = done.stream().mapToLong(Reprocessing.Result::requeued).sum() - own;
            String note = (hold ? "; the job is held, and the " + own + " records it rejected for " + what
                + " are back in the to-do list" : "")
                + (abandoned.isEmpty() ? "" : (hold ? ", with " : "; ") + others + " rejected for " + what + " by "
                    + abandoned.size() + " abandoned run" + (abandoned.size() > 1 ? "s" : "")
                    + (hold ? "" : " put back"))
                + (hold && runId != null ? " (request " + done.get(0).requestId() + ")" : "");
            Future<Void> held = hold ? GateStore.setHold(lock, runId, verdict, failing, BY) : Future.succeededFuture();
            return held
                .compose(h -> runId == null ? Future.succeededFuture()
                    : GateStore.markRequeued(lock, runId, done.get(0).requestId(), null, note))
                .compose(m -> tx.commit())
                .map(note);
          });
        })
        .recover(err -> tx.rollback().otherwiseEmpty().transform(ignored -> Future.<String>failedFuture(err))))
        .recover(err -> {
          if (!(err instanceof DatabaseException db && INSUFFICIENT_PRIVILEGE.equals(db.getSqlState()))) {
            return Future.failedFuture(err);
          }
          if (!hold) {
            LOG.warn("the abandoned runs' rejections could not be put back: {}", Faults.describe(err));
            return Future.succeededFuture("");
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
   * Pays what earlier runs owe: a run a gate failed whose re-queue did not happen; and the runs abandoned since the
   * last finished one, never judged. Those are judged together, on the rows they wrote: they took the same backlog
   * one after the other, and each may have been killed before it reached the minimum sample. In the order the runs
   * started. Answers the verdict the job was held on, or null when nothing was held.
   */
  Future<String> recover() {
    return GateStore.owed(lock).compose(owed -> {
      Future<String> chain = Future.succeededFuture();
      boolean abandoned = false;
      for (GateStore.Owed run : owed) {
        if (run.failedGates() == null) {
          abandoned = true;
        } else {
          chain = chain.compose(held -> putBack(run).map(verdict -> verdict != null ? verdict : held));
        }
      }
      if (!abandoned) {
        return chain;
      }
      // Read again: paying a failed run also put back the runs abandoned since the last finished one.
      return chain.compose(held -> GateStore.owed(lock).compose(fresh -> {
        List<GateStore.Owed> left = fresh.stream().filter(run -> run.failedGates() == null).toList();
        return left.isEmpty() ? Future.succeededFuture(held)
            : judge(left).map(verdict -> verdict != null ? verdict : held);
      }));
    });
  }

  /** One run's rejections for {@code reasons} (null: all its rejections) back in the to-do list, audited. */
  private Future<Reprocessing.Result> requeue(UUID runId, List<String> reasons) {
    Reprocessing.Selection selection = new Reprocessing.Selection(reasons, null, reasons == null ? "rejected" : null,
        null, null, null, null, null, null, null, runId);
    JsonObject selectors = new JsonObject().put("reason", reasons == null ? null : new JsonArray(reasons))
        .put("outcome", reasons == null ? "rejected" : null).put("run", runId.toString());
    return Reprocessing.apply(lock, selection, false, 0, BY, selectors);
  }

  /** A failed run's re-queue; answers the verdict the job is now held on, or null. */
  private Future<String> putBack(GateStore.Owed run) {
    if (mode != GateMode.HOLD || run.failedGates().isEmpty()) {
      return Future.succeededFuture();
    }
    LOG.warn("run {} failed a gate and its rejections were not put back: putting them back now", run.runId());
    String verdict = run.verdict() + " in run " + run.runId();
    return trip(run.runId(), run.failedGates(), verdict)
        .map(note -> {
          LOG.warn("run {}{}", run.runId(), note);
          return verdict;
        });
  }

  /**
   * The abandoned runs' verdict, together; below the minimum sample they are not judged (they stay owed until a
   * run finishes, and go back with the next run that trips). Answers the verdict the job is now held on, or null.
   */
  private Future<String> judge(List<GateStore.Owed> abandoned) {
    Counts together = sum(abandoned);
    if (together.done() < gates.settings().minSample()) {
      return Future.succeededFuture();
    }
    List<GateResult> results = gates.evaluate(together);
    Level worst = Gates.worst(results);
    boolean breaks = worst == Level.FAIL && mode == GateMode.HOLD;
    List<UUID> runs = abandoned.stream().map(GateStore.Owed::runId).toList();
    Future<Void> chain = Future.succeededFuture();
    for (UUID runId : runs) {
      chain = chain.compose(v -> GateStore.record(lock, runId, "run", results, worst.label(), breaks));
    }
    if (!breaks) {
      return chain.map((String) null);
    }
    GateResult first = results.get(0);
    List<String> failing = Gates.failing(results);
    String verdict = first.describe() + " in abandoned run" + (runs.size() > 1 ? "s " : " ")
        + runs.stream().map(UUID::toString).collect(Collectors.joining(", "));
    LOG.warn("{}: putting their rejections back", verdict);
    // The first run's trip puts back the others too: they are the runs abandoned since the last finished one.
    return chain.compose(v -> trip(runs.get(0), failing, verdict))
        .map(note -> {
          LOG.warn("run {}{}", runs.get(0), note);
          return verdict;
        });
  }

  private static Counts sum(List<GateStore.Owed> runs) {
    long done = 0;
    long rejected = 0;
    Map<String, Long> reasons = new HashMap<>();
    for (GateStore.Owed run : runs) {
      done += run.counts().done();
      rejected += run.counts().rejected();
      run.counts().reasons().forEach((reason, count) -> reasons.merge(reason, count.longValue(), Long::sum));
    }
    return new Counts(done, rejected, reasons);
  }
}
