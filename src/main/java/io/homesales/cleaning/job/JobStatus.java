package io.homesales.cleaning.job;

import io.homesales.cleaning.run.CleaningRun;
import io.homesales.cleaning.run.Iso;
import io.homesales.cleaning.run.JobMetrics;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.store.RunQueries;
import io.homesales.cleaning.store.StatusView;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The job's status, as {@code GET /api/v1/status} and the status address answer it: the run in flight with its
 * progress, the schedule, the last run and the last success, the backlog and the readiness point
 * ({@code completeThrough}), the quality gates' hold, and the settings in force. The backlog comes from {@link StatusView}, read at
 * most every {@link #CACHE_FOR} and at each run's end; {@code backlog.asOf} says when. The meters read the
 * same reading.
 *
 * <p>Runs on the verticle's context; the meters read {@link #reading} from the scraping thread.
 */
final class JobStatus {

  static final Duration CACHE_FOR = Duration.ofSeconds(10);
  /** A read that takes longer fails, so that a stuck one holds up neither the reads queued after it nor a run's end. */
  static final Duration READ_BOUND = Duration.ofSeconds(10);

  private final Context context;
  private final JobSettings settings;
  private final StatusView view;
  private final RunQueries runs;
  private final Supplier<CleaningRun> inFlight;
  private final Pool pool;
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
    this.pool = pool;
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
      Promise<StatusView.Reading> next = Promise.promise();
      Future<StatusView.Reading> future = next.future();
      queued = future; // before the listener, which may run at once if the read in flight has just ended
      refreshing.onComplete(previous -> {
        if (queued == future) {
          queued = null;
        }
        read().onComplete(next);
      });
    }
    return queued;
  }

  /**
   * {@code value}, once a reading taken after this call is in; also when the read fails, since the status is
   * never the reason an answer fails.
   */
  <T> Future<T> refreshed(T value) {
    return refresh().transform(read -> Future.succeededFuture(value));
  }

  private Future<StatusView.Reading> read() {
    Future<StatusView.Reading> current = view.read().timeout(READ_BOUND.toMillis(), TimeUnit.MILLISECONDS)
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

  /** The status as meters: each gauge reads the cached reading, or this job's flag and pool, when scraped. */
  void registerGauges(JobMetrics metrics) {
    metrics.gauge("cleaning.job.backlog.events", null, "Unprocessed events (read at most every 10 s)",
        () -> reading(r -> r.backlogEvents()));
    metrics.gauge("cleaning.job.backlog.oldest.age", "seconds", "Age of the oldest unprocessed event, 0 when none",
        () -> reading(r -> r.oldestUnprocessedAt() == null ? 0
            : Math.max(0, System.currentTimeMillis() / 1000.0 - r.oldestUnprocessedAt().toEpochSecond())));
    metrics.gauge("cleaning.job.complete.through.timestamp", "seconds",
        "Every event received before this time is processed, as far as the job can know",
        () -> reading(r -> r.completeThrough().toEpochSecond()));
    metrics.gauge("cleaning.job.last.success.timestamp", "seconds", "Start of the last successful real run",
        () -> reading(r -> r.lastSuccessStartedAt() == null ? Double.NaN : r.lastSuccessStartedAt().toEpochSecond()));
    metrics.gauge("cleaning.job.schedule.paused", null, "1 when the schedule is paused",
        () -> reading(r -> r.schedulePaused() ? 1 : 0));
    metrics.gauge("cleaning.job.quality.held", null, "1 while the quality gates hold the job",
        () -> reading(r -> r.heldUnder(settings.gates().mode()) ? 1 : 0));
    metrics.gauge("cleaning.job.run.active", null, "1 while a run of this process is in flight",
        () -> inFlight.get() == null ? 0 : 1);
    metrics.gauge("cleaning.job.pool.connections", null, "Connections open in the job's pool", () -> pool.size());
    metrics.gauge("cleaning.job.pool.max.connections", null, "The job's pool size", () -> settings.poolSize());
  }

  private Number reading(Function<StatusView.Reading, Number> value) {
    StatusView.Reading current = reading();
    return current == null ? Double.NaN : value.apply(current);
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
    // Held outranks paused: resuming the schedule would not let a run write (docs/quality-gates.md).
    boolean held = r.heldUnder(settings.gates().mode());
    String state = run != null ? "running" : held ? "held" : paused ? "paused" : "idle";
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
        .put("quality", new JsonObject().put("gates", settings.gates().mode().label()).put("held", held)
            .put("heldAt", Iso.of(r.qualityHeldAt())).put("verdict", r.qualityHold()))
        .put("settings", settings.publicJson().put("connection", settings.publicConnectionJson()));
  }
}
