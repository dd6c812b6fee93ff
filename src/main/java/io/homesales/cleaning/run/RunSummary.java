package io.homesales.cleaning.run;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What one run did. {@code selected} events were taken; each ended {@code cleaned}, {@code rejected}
 * (its reasons in the processed table) or {@code errored} (left unprocessed by an unexpected error, taken
 * again by the next run; the JSON, the history and the metrics call them {@code failed}). Events after a fatal
 * error are not counted: they stay for the next run. A dry run's counts are what it would have done.
 */
public record RunSummary(
    UUID runId,
    RunTrigger trigger,
    RunStatus status,
    boolean dryRun,
    int selected,
    int cleaned,
    int rejected,
    int errored,
    OffsetDateTime startedAt,
    Duration duration,
    String error,
    String note) {

  /** The same summary with another error. */
  public RunSummary withError(String why) {
    return new RunSummary(runId, trigger, status, dryRun, selected, cleaned, rejected, errored, startedAt, duration,
        why, note);
  }

  public boolean succeeded() {
    return status == RunStatus.SUCCEEDED;
  }

  public OffsetDateTime finishedAt() {
    return startedAt.plus(duration);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("runId", runId.toString())
        .put("trigger", trigger.label())
        .put("status", status.label())
        .put("dryRun", dryRun)
        .put("selected", selected)
        .put("cleaned", cleaned)
        .put("rejected", rejected)
        .put("failed", errored)
        .put("startedAt", Iso.of(startedAt))
        .put("finishedAt", Iso.of(finishedAt()))
        .put("durationMs", duration.toMillis());
    if (error != null) {
      json.put("error", error);
    }
    if (note != null) {
      json.put("note", note);
    }
    return json;
  }
}
