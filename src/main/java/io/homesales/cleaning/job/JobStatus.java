package io.homesales.cleaning.job;

import io.homesales.cleaning.store.RunQueries;
import io.homesales.cleaning.store.StatusView;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * The job's status, as {@code GET /api/v1/status} and the status address answer it: the run in flight with its
 * progress, the schedule, the last run and the last success, the backlog and the readiness point
 * ({@code completeThrough}), and the settings in force. The backlog comes from {@link StatusView}, read at
 * most every {@link #CACHE_FOR} and at each run's end; {@code backlog.asOf} says when. The meters read the
 * same reading.
 *
 * <p>Runs on the verticle's context; the meters read {@link #reading} from the scraping thread.
 */
final class JobStatus {

  static final Duration CACHE_FOR = Duration.ofSeconds(10);

  private final Context context;
  private final JobSettings settings;
  private final StatusView view;
  private final RunQueries runs;
  private final Supplier<CleaningRun> inFlight;
  private volatile StatusView.Reading reading;
  private volatile long readAtNanos;
  private Future<StatusView.Reading> refreshing;
  private Future<StatusView.Reading> queued;
  private volatile long nextRunAtMillis = -1;

  JobStatus(Context context, Pool pool, JobSettings settings, Supplier<CleaningRun> inFlight) {
    this.context = context;
    this.settings = settings;
    this.view = new StatusView(pool);
    this.runs = new RunQueries(pool);
    this.inFlight = inFlight;
  }

  /** When the timer fires next (epoch milliseconds); -1 without a schedule. */
  void nextRunAt(long epochMillis) {
    nextRunAtMillis = epochMillis;
  }

  /** The newest reading, or null before the first; reading it may start a refresh (on the job's context). */
  StatusView.Reading reading() {
    if (stale()) {
      context.runOnContext(v -> refreshIfStale());
    }
    return reading;
  }

  private boolean stale() {
    return reading == null || System.nanoTime() - readAtNanos >= CACHE_FOR.toNanos();
  }

  /**
   * A reading taken after this call (a run has ended, the schedule changed). A read already in flight may have
   * been taken before the change, so this one starts when it ends; callers in the meantime share it.
   */
  Future<StatusView.Reading> refresh() {
    if (refreshing == null) {
      return read();
    }
    if (queued == null) {
      queued = refreshing.transform(previous -> {
        queued = null;
        return read();
      });
    }
    return queued;
  }

  private Future<StatusView.Reading> read() {
    Future<StatusView.Reading> current = view.read()
        .onSuccess(fresh -> {
          reading = fresh;
          readAtNanos = System.nanoTime();
        });
    refreshing = current;
    current.onComplete(done -> {
      if (refreshing == current) {
        refreshing = null;
      }
    });
    return current;
  }

  /** Only an old reading needs a new one: a read in flight, whenever it started, will do. */
  private Future<StatusView.Reading> refreshIfStale() {
    if (!stale()) {
      return Future.succeededFuture(reading);
    }
    return refreshing != null ? refreshing : refresh();
  }

  /** The status JSON; the first one waits for the first reading, later ones use the cached one. */
  Future<JsonObject> json() {
    Future<StatusView.Reading> current = reading == null ? refreshIfStale() : Future.succeededFuture(reading);
    if (reading != null) {
      refreshIfStale(); // in the background: this answer uses the cached reading
    }
    Future<RunQueries.RunRow> lastRun = runs.latestFinished();
    return Future.all(current, lastRun).map(all -> build(current.result(), lastRun.result()));
  }

  private JsonObject build(StatusView.Reading r, RunQueries.RunRow lastRun) {
    CleaningRun run = inFlight.get();
    boolean paused = r.schedulePaused();
    String state = run != null ? "running" : paused ? "paused" : "idle";
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    Long oldestAge = r.oldestUnprocessedAt() == null ? null
        : Math.max(0, Duration.between(r.oldestUnprocessedAt(), now).toSeconds());
    JsonObject lastSuccess = r.lastSuccessRunId() == null ? null : new JsonObject()
        .put("runId", r.lastSuccessRunId().toString())
        .put("startedAt", Iso.of(r.lastSuccessStartedAt()))
        .put("finishedAt", Iso.of(r.lastSuccessFinishedAt()));
    return new JsonObject()
        .put("state", state)
        .put("currentRun", run == null ? null : run.progress())
        .put("nextRunAt", paused || nextRunAtMillis < 0 ? null
            : Iso.of(Instant.ofEpochMilli(nextRunAtMillis).atOffset(ZoneOffset.UTC)))
        .put("schedule", new JsonObject().put("enabled", settings.scheduled()).put("paused", paused)
            .put("intervalSeconds", settings.intervalSeconds()))
        .put("lastRun", lastRun == null ? null : RunJson.of(lastRun))
        .put("lastSuccess", lastSuccess)
        .put("backlog", new JsonObject()
            .put("count", r.backlogEvents())
            .put("oldestReceivedAt", Iso.of(r.oldestUnprocessedAt()))
            .put("oldestAgeSeconds", oldestAge)
            .put("asOf", Iso.of(r.checkedAt())))
        .put("completeThrough", Iso.of(r.completeThrough()))
        .put("settings", settings.publicJson().put("connection", settings.publicConnectionJson()));
  }
}
