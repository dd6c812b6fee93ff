package io.homesales.cleaning.job;

import io.homesales.cleaning.run.Iso;
import io.homesales.cleaning.run.JobMetrics;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.store.Faults;
import io.homesales.cleaning.store.StatusView;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Freshness, on a timer of its own (docs/quality-gates.md): the oldest unprocessed event against
 * {@code CLEANING_JOB_MAX_BACKLOG_AGE}, and the time since the last successful run against
 * {@code CLEANING_JOB_MAX_SINCE_SUCCESS}. Checked outside the runs, it catches a job that never runs: paused and
 * forgotten, held, or stuck. A job that has never succeeded counts from when this one started.
 */
final class Freshness {

  private static final Logger LOG = LoggerFactory.getLogger(Freshness.class);

  private final JobSettings settings;
  private final StatusView view;
  private final Alerts alerts;
  private final OffsetDateTime startedAt;
  private volatile double breaching = Double.NaN;
  private volatile double sinceSuccessSeconds = Double.NaN;

  Freshness(JobSettings settings, StatusView view, Alerts alerts, OffsetDateTime startedAt) {
    this.settings = settings;
    this.view = view;
    this.alerts = alerts;
    this.startedAt = startedAt;
  }

  /** Whether any limit is set: without one there is nothing to check. */
  boolean enabled() {
    return settings.maxBacklogAge() != null || settings.maxSinceSuccess() != null;
  }

  void registerGauges(JobMetrics metrics) {
    metrics.gauge("cleaning.job.freshness.breaching", null,
        "1 while the backlog or the time since the last successful run is over its limit (checked on a timer)",
        () -> breaching);
    metrics.gauge("cleaning.job.last.success.age", "seconds",
        "Time since the last successful run ended, as of the last freshness check", () -> sinceSuccessSeconds);
  }

  /** One check; never fails (a database that does not answer is logged, and the state kept). */
  Future<Void> check() {
    return view.read().compose(reading -> {
      OffsetDateTime now = reading.checkedAt();
      OffsetDateTime oldest = reading.oldestUnprocessedAt();
      long backlogAge = reading.backlogAgeSeconds();
      boolean held = reading.heldUnder(settings.gates().mode());
      OffsetDateTime since = reading.lastSuccessFinishedAt() != null ? reading.lastSuccessFinishedAt() : startedAt;
      long sinceSuccess = Math.max(0, Duration.between(since, now).toSeconds());
      List<String> why = new ArrayList<>();
      if (settings.maxBacklogAge() != null && reading.backlogAtLeast(settings.maxBacklogAge())) {
        why.add("the oldest unprocessed event is " + backlogAge + " s old, over " + settings.maxBacklogAge());
      }
      if (settings.maxSinceSuccess() != null && sinceSuccess >= settings.maxSinceSuccess().toSeconds()) {
        why.add((reading.lastSuccessFinishedAt() == null ? "no run has succeeded since the job started "
            : "no run has succeeded for ") + sinceSuccess + " s, over " + settings.maxSinceSuccess());
      }
      if (held) {
        why.replaceAll(line -> line + " (the quality gates hold the job)");
      } else if (reading.schedulePaused()) {
        why.replaceAll(line -> line + " (the schedule is paused)");
      }
      breaching = why.isEmpty() ? 0 : 1;
      sinceSuccessSeconds = sinceSuccess;
      JsonObject details = new JsonObject().put("oldestUnprocessedAt", Iso.of(oldest))
          .put("backlogAgeSeconds", backlogAge).put("lastSuccessFinishedAt", Iso.of(reading.lastSuccessFinishedAt()))
          .put("sinceSuccessSeconds", sinceSuccess)
          .put("maxBacklogAge", settings.maxBacklogAge() == null ? null : settings.maxBacklogAge().toString())
          .put("maxSinceSuccess", settings.maxSinceSuccess() == null ? null : settings.maxSinceSuccess().toString())
          .put("held", held)
          .put("paused", reading.schedulePaused());
      return alerts.freshness(why.isEmpty() ? null : String.join("; ", why), details);
    }).otherwise(err -> {
      LOG.warn("freshness could not be checked: {}", Faults.describe(err));
      return null;
    });
  }
}
