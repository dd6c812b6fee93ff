package io.homesales.cleaning.run;

import io.homesales.cleaning.core.Cleaner;
import io.homesales.cleaning.gate.Baseline;
import io.homesales.cleaning.gate.GateMode;
import io.homesales.cleaning.gate.GateResult;
import io.homesales.cleaning.gate.GateSettings;
import io.homesales.cleaning.gate.Gates;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.store.EnrichmentStore;
import io.homesales.cleaning.store.EventStore;
import io.homesales.cleaning.store.Faults;
import io.homesales.cleaning.store.GateStore;
import io.homesales.cleaning.store.PendingSet;
import io.homesales.cleaning.store.RecordWriter;
import io.homesales.cleaning.store.RunHistory;
import io.homesales.cleaning.store.RunLock;
import io.homesales.cleaning.store.StatusView;
import io.homesales.cleaning.store.UnprocessedIds;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the job, from its lock to its row in the run history (docs/data-rules.md sections 3 and 7). The pages
 * come from {@link PagePipeline} and are written by {@link WriteWindow}; this class holds the run's lifecycle:
 * take the job's lock (or be {@code skipped}), record the start, bring the pending set up to date, drive the
 * pages, and record the end with its counts. Must be executed on a Vert.x context: every callback then runs
 * on that one thread, so the run's state needs no locking.
 *
 * <p>{@link #execute()} never fails: a failed run is a summary whose status is {@code failed}.
 *
 * <p>Public for the job's own packages; not a supported API (docs/embedding.md lists what is).
 */
public final class CleaningRun {

  private static final Logger LOG = LoggerFactory.getLogger(CleaningRun.class);

  /**
   * The pending set is rebuilt from the anti-join that defines unprocessed (docs/data-rules.md section 3) at least
   * this often, whatever its checks say: a safety net, whose cost docs/performance.md gives (see
   * {@link PendingSet}).
   */
  static final Duration REBUILD_PENDING_EVERY = Duration.ofHours(1);

  private final Vertx vertx;
  private final Pool pool;
  private final Cleaner cleaner;
  private final JobSettings settings;
  private final RunRequest request;
  private final String host;
  private final JobMetrics metrics;
  private final UUID id = UUID.randomUUID();
  private final RunHistory history;
  private final RunTally tally = new RunTally();
  private final Promise<Void> started = Promise.promise();

  private OffsetDateTime startedAt;
  private boolean recorded;
  private RunInProgressException lockHeld;
  private volatile boolean interrupted;
  /** The gates watching this run; null when they are off. */
  private GateWatch gates;
  /** Why the run wrote nothing: the job is held and the probe failed or judged nothing; null otherwise. */
  private String heldBack;
  /** The verdict the breaker held the job on while paying what earlier runs owed; null when it held nothing. */
  private volatile String recoveredHold;
  /** The hold this run's probe ended (its verdict); null when it ended none. */
  private volatile String resolvedHold;
  /** The gates' verdicts on the whole run, once stored; null when the gates did not judge it. */
  private volatile List<GateResult> verdict;

  public CleaningRun(Vertx vertx, Pool pool, Cleaner cleaner, JobSettings settings, RunRequest request, String host,
      JobMetrics metrics) {
    this.vertx = vertx;
    this.pool = pool;
    this.cleaner = cleaner;
    this.settings = settings;
    this.request = request;
    this.host = host;
    this.metrics = metrics;
    this.history = new RunHistory(pool);
  }

  public UUID id() {
    return id;
  }

  /** A dry run counts as a run (labelled {@code dry_run}), but its records were not written: they count nowhere. */
  private JobMetrics recordMetrics() {
    return request.dryRun() ? JobMetrics.NONE : metrics;
  }

  public RunRequest request() {
    return request;
  }

  /**
   * Runs to the end and answers with the summary. The run first takes the job's lock: if another process
   * holds it, the run does nothing and is {@code skipped}. Holding the lock, it marks runs left
   * {@code running} by dead processes as abandoned.
   */
  public Future<RunSummary> execute() {
    startedAt = OffsetDateTime.now(ZoneOffset.UTC);
    // The core's one-time set-up runs on a worker while the lock is taken and the server refreshes the
    // pending set, instead of in front of the first page (its cost in a fresh process: docs/performance.md).
    Future<Void> corePrepared = vertx.executeBlocking(() -> {
      cleaner.prepare();
      return null;
    }, false);
    return RunLock.tryAcquire(pool).transform(acquired -> {
      if (acquired.failed()) {
        return finish(Future.failedFuture(acquired.cause()), null);
      }
      RunLock lock = acquired.result();
      if (!lock.acquired()) {
        return history.inProgress().transform(other -> {
          lockHeld = RunInProgressException.elsewhere(other);
          return lock.release();
        }).transform(ar -> finish(ar, null));
      }
      // The run's end is recorded, and the breaker acts, while the lock is still held.
      return recordStart()
          .andThen(recordedStart -> started.handle(recordedStart))
          .compose(v -> watchGates(lock))
          .compose(v -> selection())
          .compose(ids -> corePrepared.map(ids))
          .compose(ids -> probe(lock).compose(open -> open ? writePages(ids) : Future.succeededFuture()))
          .transform(ar -> finish(ar, lock))
          .eventually(lock::release);
    });
  }

  /**
   * Completes once the run holds the job's lock and has recorded its start; fails with a
   * {@link RunInProgressException} when another process holds the lock, or with the error that stopped the
   * run before it started.
   */
  public Future<Void> started() {
    return started.future();
  }

  /**
   * Asks the run to stop taking records (SIGTERM, a cancel): the records already sent are finished, and the
   * run ends as {@code interrupted}.
   */
  public void interrupt() {
    interrupted = true;
  }

  /** The run so far, for the status: read it on the run's context. */
  public JsonObject progress() {
    long elapsed = startedAt == null ? 0 : Duration.between(startedAt, OffsetDateTime.now(ZoneOffset.UTC)).toMillis();
    JsonObject json = new JsonObject()
        .put("runId", id.toString())
        .put("trigger", request.trigger().label())
        .put("dryRun", request.dryRun())
        .put("startedAt", Iso.of(startedAt))
        .put("selected", tally.selected)
        .put("done", tally.done())
        .put("cleaned", tally.cleaned)
        .put("rejected", tally.rejected)
        .put("failed", tally.errored)
        .put("recordsPerSecond", Math.round(tally.recordsPerSecond() * 10) / 10.0)
        .put("elapsedMs", elapsed)
        .put("interrupting", interrupted);
    if (request.note() != null) {
      json.put("note", request.note());
    }
    return json;
  }

  private Future<Void> recordStart() {
    return history.abandonRunning()
        .onSuccess(count -> {
          if (count > 0) {
            LOG.warn("marked {} run(s) left running by a stopped process as failed (abandoned)", count);
          }
        })
        .compose(count -> history.started(start()))
        .onSuccess(v -> recorded = true);
  }

  private RunHistory.Start start() {
    return new RunHistory.Start(id, request.trigger().label(), startedAt, host, request.dryRun(), request.note());
  }

  private int maxRecords() {
    return request.maxRecords() == null ? settings.maxRecordsPerRun() : request.maxRecords();
  }

  /**
   * Where the run's pages come from: the pending set, refreshed first; a dry run, which must not change it,
   * uses the anti-join that defines unprocessed instead.
   */
  private Future<UnprocessedIds> selection() {
    if (request.dryRun()) {
      return Future.succeededFuture(UnprocessedIds.byAntiJoin(pool, maxRecords()));
    }
    return new PendingSet(pool).refresh(REBUILD_PENDING_EVERY).map(refresh -> {
      if (refresh.rebuiltBecause() != null) {
        LOG.info("run {}: pending set rebuilt ({}): {} added, {} removed, {} pending, in {} ms", id,
            refresh.rebuiltBecause(), refresh.added(), refresh.removed(), refresh.pending(), refresh.millis());
      } else {
        LOG.debug("run {}: pending set fed {} new events, {} pending, in {} ms", id, refresh.fed(), refresh.pending(),
            refresh.millis());
      }
      return UnprocessedIds.fromPendingSet(pool, maxRecords());
    });
  }

  /** The pages, each written while the next is prepared, on the run's writer connections. */
  private Future<Void> writePages(UnprocessedIds ids) {
    return writePages(ids, request.dryRun(), tally, recordMetrics());
  }

  private Future<Void> writePages(UnprocessedIds ids, boolean dryRun, RunTally counted, JobMetrics meters) {
    BooleanSupplier stop = () -> interrupted || gates != null && gates.breaks();
    PagePipeline pages = new PagePipeline(vertx, cleaner, ids, new EventStore(pool), new EnrichmentStore(pool),
        settings.batchSize(), stop, meters);
    return WriteWindow.open(pool, settings.concurrency(), settings.pipeline(), dryRun, new RecordWriter(id), counted,
            stop, meters)
        .compose(window -> pages.forEach(page -> {
          counted.taken(page.size());
          return window.write(page);
        }).eventually(window::close));
  }

  /**
   * The gates for this run (docs/quality-gates.md), unless they are off: what earlier runs owe the breaker is paid
   * first, then the baseline is read. A run a re-processing request started is not broken by the gates of the
   * reasons its records were re-queued for ({@link GateWatch}).
   */
  private Future<Void> watchGates(RunLock lock) {
    GateSettings judged = settings.gates();
    if (judged.mode() == GateMode.OFF) {
      return Future.succeededFuture();
    }
    return GateStore.baseline(lock.connection(), judged.baselineRuns(), judged.minSample())
        .compose(history -> {
          Gates judge = new Gates(judged, new Baseline(history));
          Future<String> paid = request.dryRun() ? Future.succeededFuture()
              : new Breaker(lock.connection(), judge, judged.mode()).recover();
          return paid.compose(held -> {
            recoveredHold = held;
            // Only a run the breaker acted on just now leaves the baseline (it is marked as stopped by it): read
            // the baseline again only then.
            return held != null
                ? GateStore.baseline(lock.connection(), judged.baselineRuns(), judged.minSample())
                : Future.succeededFuture(history);
          }).map(after -> {
            gates = new GateWatch(new Gates(judged, new Baseline(after)), judged.mode(), request.requeuedFor());
            tally.watchedBy(gates);
            return null;
          });
        });
  }

  /**
   * While the job is held, a run first tries a dry run over the newest pending records, as many as the minimum
   * sample: it writes only if they pass, and their passing ends the hold. A forced run with {@code force} and a
   * dry run skip it. Answers whether the run may write.
   */
  private Future<Boolean> probe(RunLock lock) {
    if (gates == null || gates.mode() != GateMode.HOLD || request.dryRun() || request.force()) {
      return Future.succeededFuture(true);
    }
    return GateStore.hold(pool).compose(hold -> {
      if (hold == null) {
        return Future.succeededFuture(true);
      }
      RunTally probed = new RunTally();
      int size = settings.gates().minSample();
      String since = "held by the quality gates since " + Iso.of(hold.heldAt()) + " (" + hold.verdict() + "): ";
      return writePages(UnprocessedIds.fromPendingSet(pool, size), true, probed, JobMetrics.NONE).compose(v -> {
        long done = probed.counts().done();
        // Only a probe that judged something ends the hold: a whole sample, or every pending record when fewer
        // are pending (judged then as a sample of their own size), none left unprocessed by an error, and not cut
        // short by a stop.
        if (interrupted || probed.errored > 0 || done == 0 || done < size && probed.selected >= size) {
          heldBack = since + "the probe judged nothing (" + (interrupted ? "the run was stopped"
              : probed.errored > 0 ? probed.errored + " records failed unexpectedly" : done == 0
              ? "no record is pending" : "it finished " + done + " of " + size + " records") + "): still held";
          return Future.succeededFuture(false);
        }
        Gates judge = done >= size ? gates.gates()
            : new Gates(gates.gates().settings().withMinSample((int) done), gates.gates().baseline());
        List<GateResult> results = judge.evaluate(probed.counts());
        // No leniency here, even for a run a re-processing request started: the probe decides whether the job,
        // held on some gate, may write the backlog again.
        List<String> failing = Gates.failing(results);
        return GateStore.record(pool, id, "probe", results, null, false).compose(recorded -> {
          if (!failing.isEmpty()) {
            GateResult worst = results.stream().filter(r -> r.gate().equals(failing.get(0))).findFirst()
                .orElseThrow();
            heldBack = since + "the probe of the " + done + " newest pending records failed too: " + worst.describe();
            return new Breaker(lock.connection(), gates.gates(), gates.mode()).probeFailed(failing, heldBack)
                .map(note -> {
                  heldBack += note;
                  return false;
                });
          }
          LOG.info("run {}: the probe of the {} newest pending records passed: the hold ({}) ends", id, done,
              hold.verdict());
          return GateStore.endHold(pool, "resolved", "probe", id).map(ended -> {
            resolvedHold = ended == null ? null : ended.verdict();
            return true;
          });
        });
      });
    });
  }

  private Future<RunSummary> finish(AsyncResult<Void> result, RunLock lock) {
    RunStatus status;
    String error = null;
    if (result.failed()) {
      status = RunStatus.FAILED;
      error = Faults.describe(result.cause());
      if (Faults.operational(result.cause())) {
        // The database refused or went away: its cause says it all, and its stack trace says nothing an operator
        // can act on. A bug keeps its trace.
        LOG.error("run {} failed: {}", id, error);
        LOG.debug("run {} failed", id, result.cause());
      } else {
        LOG.error("run {} failed: {}", id, error, result.cause());
      }
    } else if (lockHeld != null) {
      status = RunStatus.SKIPPED;
      error = lockHeld.getMessage().replaceFirst("^busy: ", "");
    } else if (heldBack != null) {
      status = RunStatus.SKIPPED;
      error = heldBack;
    } else if (gates != null && gates.breaks()) {
      status = RunStatus.FAILED;
      error = gates.tripped().describe() + " (in hold mode: the run stopped taking records)";
    } else if (tally.errored > 0) {
      status = RunStatus.FAILED;
      error = tally.errored + " events left unprocessed by unexpected errors (see the log); the next run takes them again";
    } else if (interrupted) {
      status = RunStatus.INTERRUPTED;
      error = "stopped between records; the remaining events wait for the next run";
    } else {
      status = RunStatus.SUCCEEDED;
    }
    if (lockHeld != null) {
      started.tryFail(lockHeld);
    } else if (result.failed()) {
      started.tryFail(result.cause());
    }
    OffsetDateTime finishedAt = OffsetDateTime.now(ZoneOffset.UTC);
    RunSummary summary = new RunSummary(id, request.trigger(), status, request.dryRun(), tally.selected,
        tally.cleaned, tally.rejected, tally.errored, startedAt, Duration.between(startedAt, finishedAt), error,
        request.note());
    LOG.info("run {} ({}{}) {}: selected={} cleaned={} rejected={} failed={} in {} ms{}", id, request.trigger().label(),
        request.dryRun() ? ", dry run" : "", status, tally.selected, tally.cleaned, tally.rejected, tally.errored,
        summary.duration().toMillis(), lockHeld != null ? " (" + error + ")" : "");
    // Counted before the history shows the end, so that a scrape made once the history shows it counts it too.
    try {
      metrics.runEnded(summary);
    } catch (RuntimeException bug) { // a meter must not keep the run's end out of the history
      LOG.error("run {}: its meters could not count its end", id, bug);
    }
    // The gates' verdict is stored before the end: a kill between the two leaves a run that the next one finds
    // abandoned, with the verdict that tells its breaker to act (Breaker.recover).
    return storeVerdict()
        .compose(v -> record(summary, finishedAt))
        .compose(v -> breakIfTripped(summary, lock))
        .transform(ar -> {
          if (ar.failed()) {
            LOG.error("run {}: could not record its end in the run history: {}", id, Faults.describe(ar.cause()));
            return Future.succeededFuture(summary);
          }
          return Future.succeededFuture(ar.result());
        });
  }

  /** Whether the gates judge this run's end: they watched it, and it wrote (or could have written) records. */
  private boolean judged() {
    return gates != null && recorded && !request.dryRun() && heldBack == null;
  }

  /**
   * The gates' verdict on the whole run, with the run: nothing for a run that finished fewer records than the
   * minimum sample (not judged: its quality stays null), unless the breaker stopped it. A run the breaker stopped
   * keeps the verdict it was stopped on, even if the records already in flight moved the final share below the
   * limit: that is the verdict its breaker, and a recovery after a kill, act on.
   */
  private Future<Void> storeVerdict() {
    if (!judged() || tally.counts().done() < settings.gates().minSample() && !gates.breaks()) {
      return Future.succeededFuture();
    }
    List<GateResult> results = new ArrayList<>(gates.gates().evaluate(tally.counts()));
    if (gates.breaks()) {
      results.removeIf(r -> r.gate().equals(gates.tripped().gate()));
      results.add(0, gates.tripped());
    }
    verdict = List.copyOf(results);
    try {
      metrics.gatesJudged(verdict);
    } catch (RuntimeException bug) { // a meter must not keep the verdict out of the history
      LOG.error("run {}: its meters could not count its gates", id, bug);
    }
    return GateStore.record(pool, id, "run", verdict, Gates.worst(verdict).label(), gates.breaks());
  }

  /**
   * With {@code hold} and a gate failed, the breaker: this run's rejections for the failing gates go back, and the
   * job is held. Answers the summary, its error completed by what the breaker did.
   */
  private Future<RunSummary> breakIfTripped(RunSummary summary, RunLock lock) {
    if (!judged() || !gates.breaks()) {
      return Future.succeededFuture(summary);
    }
    List<String> failing = new ArrayList<>(gates.failing(verdict));
    if (!failing.contains(gates.tripped().gate())) {
      failing.add(0, gates.tripped().gate());
    }
    String verdict = gates.tripped().describe() + " in run " + id;
    return new Breaker(lock.connection(), gates.gates(), gates.mode()).trip(id, failing, verdict)
        .map(note -> {
          LOG.error("run {}: {}{}", id, gates.tripped().describe(), note);
          return summary.withError(summary.error() + note);
        });
  }

  /** The run's end in the history, with its readiness reading; then the history's retention. */
  private Future<Void> record(RunSummary summary, OffsetDateTime finishedAt) {
    if (lockHeld != null) {
      return history.skipped(start(), finishedAt, summary.error());
    }
    if (!recorded) {
      return Future.succeededFuture(); // the run could not even start its row: nothing to complete
    }
    // A run the breaker stops has its rejections put back next: its reading would be gone at once.
    Future<OffsetDateTime> completeThrough = request.dryRun() || gates != null && gates.breaks()
        ? Future.succeededFuture()
        : new StatusView(pool).read().map(StatusView.Reading::completeThrough).otherwise((OffsetDateTime) null);
    Map<String, Integer> reasons = tally.reasons();
    return completeThrough
        .compose(through -> history.finished(new RunHistory.End(id, finishedAt, summary.status().label(), summary.selected(),
            summary.cleaned(), summary.rejected(), summary.errored(), summary.error(), through), request.dryRun(),
            reasons))
        .compose(v -> history.purge(settings.runHistoryRetention()))
        .onSuccess(purged -> {
          if (purged > 0) {
            LOG.info("run {}: {} run(s) older than {} purged from the history", id, purged,
                settings.runHistoryRetention());
          }
        })
        .mapEmpty();
  }


  /**
   * The quality gates' verdicts on the whole run, worst first, once it has ended; null when they did not judge it
   * (gates off, a dry run, a run held back by its probe, or one that could not start).
   */
  public List<GateResult> verdict() {
    return verdict;
  }

  /**
   * The verdict the breaker held the job on at this run's start, paying what earlier runs owed (a run killed
   * around its trip); null when it held nothing.
   */
  public String recoveredHold() {
    return recoveredHold;
  }

  /** The verdict of the hold this run's probe ended; null when it ended none. */
  public String resolvedHold() {
    return resolvedHold;
  }

  /** Whether the breaker stopped this run (a gate failed with {@code hold}). */
  public boolean broken() {
    return gates != null && gates.breaks();
  }

  /** Host and pid, recorded with each run so an operator can tell which process ran it. */
  public static String processName() {
    return ManagementFactory.getRuntimeMXBean().getName();
  }
}
