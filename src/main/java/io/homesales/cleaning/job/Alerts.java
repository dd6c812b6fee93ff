package io.homesales.cleaning.job;

import io.homesales.cleaning.gate.GateMode;
import io.homesales.cleaning.gate.GateResult;
import io.homesales.cleaning.gate.Gates;
import io.homesales.cleaning.gate.Level;
import io.homesales.cleaning.notify.Notification;
import io.homesales.cleaning.notify.Notifier;
import io.homesales.cleaning.run.CleaningRun;
import io.homesales.cleaning.run.RunStatus;
import io.homesales.cleaning.run.RunSummary;
import io.homesales.cleaning.store.Faults;
import io.homesales.cleaning.store.GateStore;
import io.homesales.cleaning.store.NotifyState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is worth a notification (docs/quality-gates.md), one message per change of state: the quality gates firing
 * (warn or fail) and resolving, a run failing (for another reason than a gate) and the runs recovering, freshness
 * breaching and recovering. The state lives in the database, so that one process sends each message. Never fails:
 * a notification is not a reason for anything else to fail.
 *
 * <p>Public for the job's own packages; not a supported API (docs/embedding.md lists what is).
 */
public final class Alerts {

  private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

  private final SqlClient client;
  private final Notifier notifier;
  private final GateMode mode;

  public Alerts(SqlClient client, Notifier notifier, GateMode mode) {
    this.client = client;
    this.notifier = notifier;
    this.mode = mode;
  }

  /** After a run has ended: its gates' verdict, and whether it failed. */
  public Future<Void> runEnded(CleaningRun run, RunSummary summary) {
    Future<Void> recovered = run.recoveredHold() == null ? Future.succeededFuture() : recovered(run, summary);
    Future<Void> resolved = recovered.compose(v -> run.resolvedHold() == null ? Future.succeededFuture()
        : resolved(run, summary));
    Future<Void> quality = resolved.compose(v -> run.verdict() == null ? Future.succeededFuture()
        : quality(run, summary, run.verdict()));
    return quality.compose(v -> runs(run, summary)).otherwise(err -> {
      LOG.warn("run {}: its notifications could not be decided: {}", summary.runId(), Faults.describe(err));
      return null;
    });
  }

  private Future<Void> quality(CleaningRun run, RunSummary summary, List<GateResult> results) {
    Level worst = Gates.worst(results);
    // A run that passed while the job is still held (a forced run skips the probe) resolves nothing: the hold
    // does, when a probe ends it.
    Future<Boolean> held = worst == Level.OK && mode == GateMode.HOLD
        ? GateStore.hold(client).map(hold -> hold != null) : Future.succeededFuture(false);
    return held.compose(stillHeld -> stillHeld ? Future.succeededFuture() : move(run, summary, results, worst));
  }

  private Future<Void> move(CleaningRun run, RunSummary summary, List<GateResult> results, Level worst) {
    return NotifyState.move(client, "quality", worst.label()).map(move -> {
      if (!move.changed()) {
        return null;
      }
      JsonArray gates = new JsonArray();
      results.stream().filter(r -> r.level() != Level.OK).forEach(r -> gates.add(new JsonObject()
          .put("gate", r.gate()).put("level", r.level().label()).put("observed", r.observed())
          .put("sample", r.sample()).put("limit", Double.isNaN(r.limit()) ? null : r.limit())
          .put("baseline", Double.isNaN(r.baselineMean()) ? null : r.baselineMean())
          .put("text", r.describe())));
      JsonObject details = quality(summary, worst, run.broken(), gates);
      if (worst == Level.OK) {
        if (move.previous() != null && !move.previous().equals(Level.OK.label())) {
          notifier.send(new Notification("quality.resolved", "quality gates resolved: run " + summary.runId()
              + " passed every gate (" + (summary.cleaned() + summary.rejected()) + " records)", details));
        }
        return null;
      }
      notifier.send(new Notification("quality.firing", results.get(0).describe() + " in run " + summary.runId()
          + (run.broken() ? "; the job is held" : ""), details));
      return null;
    });
  }

  /**
   * The breaker held the job at this run's start, paying what a run killed around its trip owed: that run could
   * not say so, so this one does.
   */
  private Future<Void> recovered(CleaningRun run, RunSummary summary) {
    return NotifyState.move(client, "quality", Level.FAIL.label()).map(move -> {
      if (move.changed()) {
        notifier.send(new Notification("quality.firing", run.recoveredHold() + "; the job is held",
            quality(summary, Level.FAIL, true, new JsonArray()).put("recovered", true)));
      }
      return null;
    });
  }

  /** The run's probe passed and ended the hold: resolved, whatever the run then writes. */
  private Future<Void> resolved(CleaningRun run, RunSummary summary) {
    return NotifyState.move(client, "quality", Level.OK.label()).map(move -> {
      if (move.changed() && move.previous() != null) {
        notifier.send(new Notification("quality.resolved", "quality gates resolved: run " + summary.runId()
            + "'s probe of the newest pending records passed, and the hold (" + run.resolvedHold() + ") ended",
            quality(summary, Level.OK, false, new JsonArray())));
      }
      return null;
    });
  }

  /** A quality event's details: the run, the level, whether the job is held, the gates that were not ok. */
  private static JsonObject quality(RunSummary summary, Level level, boolean held, JsonArray gates) {
    return new JsonObject().put("runId", summary.runId().toString()).put("level", level.label()).put("held", held)
        .put("gates", gates);
  }

  private Future<Void> runs(CleaningRun run, RunSummary summary) {
    boolean failed = summary.status() == RunStatus.FAILED && !run.broken(); // a gate's failure is told above
    if (!failed && summary.status() != RunStatus.SUCCEEDED) {
      return Future.succeededFuture();
    }
    return NotifyState.move(client, "runs", failed ? "failed" : "ok").map(move -> {
      JsonObject details = new JsonObject().put("runId", summary.runId().toString())
          .put("status", summary.status().label()).put("error", summary.error());
      if (move.changed() && failed) {
        notifier.send(new Notification("run.failed", "run " + summary.runId() + " failed: " + summary.error(),
            details));
      } else if (move.changed() && "failed".equals(move.previous())) {
        notifier.send(new Notification("run.recovered", "run " + summary.runId() + " succeeded after failed runs",
            details));
      }
      return null;
    });
  }

  /** The freshness check's finding: {@code why} is null when fresh. */
  public Future<Void> freshness(String why, JsonObject details) {
    return NotifyState.move(client, "freshness", why == null ? "ok" : "breaching").map(move -> {
      if (move.changed() && why != null) {
        notifier.send(new Notification("freshness.breaching", "freshness: " + why, details));
      } else if (move.changed() && "breaching".equals(move.previous())) {
        notifier.send(new Notification("freshness.recovered", "freshness recovered", details));
      }
      return (Void) null;
    }).otherwise(err -> {
      LOG.warn("freshness: its notification could not be decided: {}", Faults.describe(err));
      return null;
    });
  }
}
