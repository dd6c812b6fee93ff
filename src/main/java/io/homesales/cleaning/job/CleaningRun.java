package io.homesales.cleaning.job;

import io.homesales.cleaning.core.Checked;
import io.homesales.cleaning.core.Cleaned;
import io.homesales.cleaning.core.Cleaner;
import io.homesales.cleaning.core.Outcome;
import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.core.Rejected;
import io.homesales.cleaning.core.ValidSale;
import io.homesales.cleaning.core.enrich.EnrichmentRows;
import io.homesales.cleaning.store.EnrichmentStore;
import io.homesales.cleaning.store.EventStore;
import io.homesales.cleaning.store.PendingSet;
import io.homesales.cleaning.store.RecordWriter;
import io.homesales.cleaning.store.RunHistory;
import io.homesales.cleaning.store.RunLock;
import io.homesales.cleaning.store.UnprocessedIds;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the job (contract sections 3 and 5): pages of the newest unprocessed ids, each page's events
 * and enrichment rows in batched queries, then the page's records in newest-first order, each written in its
 * own transaction: one at a time by default, or {@code CLEANING_JOB_CONCURRENCY} at once. Must be executed on
 * a Vert.x context: every callback then runs on that one thread, so the counters need no locking.
 *
 * <p>Failures are contained per record: a database error caused by the record's values (SQLSTATE class
 * 22 or 23) rejects it as {@code database:<SQLSTATE>}; an unexpected error while cleaning leaves it
 * unprocessed and the run goes on (ending as failed); any other database error ends the run at once.
 * {@link #execute()} never fails: a failed run is a summary whose status is {@code failed}.
 */
public final class CleaningRun {

  private static final Logger LOG = LoggerFactory.getLogger(CleaningRun.class);

  /**
   * The pending set is rebuilt from the contract's anti-join at least this often, whatever its checks say:
   * a safety net that costs about 2 s on 2,000,000 events (see {@link PendingSet}).
   */
  static final Duration REBUILD_PENDING_EVERY = Duration.ofHours(1);

  private final Vertx vertx;
  private final Pool pool;
  private final Cleaner cleaner;
  private final JobSettings settings;
  private final RunTrigger trigger;
  private final boolean dryRun;
  private final String host;
  private final UUID id = UUID.randomUUID();
  private final EventStore events;
  private final EnrichmentStore enrichment;
  private final RecordWriter writer;
  private final RunHistory history;
  private final PendingSet pending;

  private OffsetDateTime startedAt;
  private boolean recorded;
  private boolean skipped;
  private volatile boolean interrupted;
  private int selected;
  private int cleaned;
  private int rejected;
  private int failed;

  public CleaningRun(Vertx vertx, Pool pool, Cleaner cleaner, JobSettings settings, RunTrigger trigger,
      boolean dryRun, String host) {
    this.vertx = vertx;
    this.pool = pool;
    this.cleaner = cleaner;
    this.settings = settings;
    this.trigger = trigger;
    this.dryRun = dryRun;
    this.host = host;
    this.events = new EventStore(pool);
    this.enrichment = new EnrichmentStore(pool);
    this.writer = new RecordWriter(pool, dryRun);
    this.history = new RunHistory(pool);
    this.pending = new PendingSet(pool);
  }

  public UUID id() {
    return id;
  }

  /**
   * Runs to the end and answers with the summary; the run-history row is written unless dry-running.
   * The run first takes the job's lock: if another process holds it, the run does nothing and is
   * {@code skipped}. Holding the lock, it marks runs left {@code running} by dead processes as abandoned.
   */
  public Future<RunSummary> execute() {
    startedAt = OffsetDateTime.now(ZoneOffset.UTC);
    return RunLock.tryAcquire(pool).compose(lock -> {
      if (!lock.acquired()) {
        skipped = true;
        return lock.release();
      }
      return recordStart()
          .compose(v -> selection())
          .compose(this::writePages)
          .eventually(lock::release);
    }).transform(this::finish);
  }

  /**
   * Asks the run to stop taking records (SIGTERM): the record(s) in hand are finished, and the run ends as
   * {@code interrupted}.
   */
  public void interrupt() {
    interrupted = true;
  }

  private Future<Void> recordStart() {
    if (dryRun) {
      return Future.succeededFuture();
    }
    return history.abandonRunning()
        .onSuccess(count -> {
          if (count > 0) {
            LOG.warn("marked {} run(s) left running by a stopped process as failed (abandoned)", count);
          }
        })
        .compose(count -> history.started(id, trigger.label(), startedAt, host))
        .onSuccess(v -> recorded = true);
  }

  /**
   * Where the run's pages come from: the pending set, refreshed first; a dry run, which must write nothing,
   * uses the contract's anti-join instead.
   */
  private Future<UnprocessedIds> selection() {
    if (dryRun) {
      return Future.succeededFuture(UnprocessedIds.byAntiJoin(pool, settings.maxRecordsPerRun()));
    }
    return pending.refresh(REBUILD_PENDING_EVERY).map(refresh -> {
      if (refresh.rebuiltBecause() != null) {
        LOG.info("run {}: pending set rebuilt ({}): {} added, {} removed, {} pending, in {} ms", id,
            refresh.rebuiltBecause(), refresh.added(), refresh.removed(), refresh.pending(), refresh.millis());
      } else {
        LOG.debug("run {}: pending set fed {} new events, {} pending, in {} ms", id, refresh.fed(), refresh.pending(),
            refresh.millis());
      }
      return UnprocessedIds.fromPendingSet(pool, settings.maxRecordsPerRun());
    });
  }

  /**
   * The pages, one after another. While a page's records are written, the next page is read, loaded,
   * checked and enriched, so that writing (the bottleneck: one commit per record) never waits for it.
   *
   * <p>A loop driven by callbacks, not a chain of composed futures: each composed future would keep its
   * page reachable until the whole run ends, and memory would grow with the backlog.
   */
  private Future<Void> writePages(UnprocessedIds ids) {
    Promise<Void> done = Promise.promise();
    preparePage(ids).onComplete(prepared -> writePage(ids, prepared, done));
    return done.future();
  }

  private void writePage(UnprocessedIds ids, AsyncResult<PreparedPage> prepared, Promise<Void> done) {
    if (prepared.failed()) {
      done.fail(prepared.cause());
      return;
    }
    PreparedPage page = prepared.result();
    if (page == null || interrupted) {
      done.complete();
      return;
    }
    selected += page.items().size();
    long pageStart = System.nanoTime();
    Future<PreparedPage> next = preparePage(ids);
    writeAll(page.items(), page.rows()).onComplete(written -> {
      LOG.debug("run {}: page of {} written in {} ms ({} so far)", id, page.items().size(),
          (System.nanoTime() - pageStart) / 1_000_000, selected);
      // Whatever happened to this page, let the prefetch settle before the run ends.
      next.onComplete(nextPage -> {
        if (written.failed()) {
          done.fail(written.cause());
        } else {
          writePage(ids, nextPage, done);
        }
      });
    });
  }

  /** The next page, loaded, checked (off the event loop) and with its enrichment rows; null at the end. */
  private Future<PreparedPage> preparePage(UnprocessedIds ids) {
    if (interrupted) {
      return Future.succeededFuture();
    }
    return ids.next(settings.batchSize()).compose(page -> {
      if (page.isEmpty()) {
        return Future.succeededFuture();
      }
      return events.load(page)
          // Parsing and validating a page is CPU work (up to 500 payloads of up to 1 MB): off the event loop.
          .compose(loaded -> vertx.executeBlocking(() -> checkAll(loaded)))
          .compose(items -> enrichment.load(distinctOfValid(items, ValidSale::zipCode),
              distinctOfValid(items, ValidSale::saleDate))
              .map(rows -> new PreparedPage(items, rows)));
    });
  }

  private record PreparedPage(List<PageItem> items, EnrichmentRows rows) {}

  /** The first pass of the core over a page; an unexpected error is kept with its event, not thrown. */
  private List<PageItem> checkAll(List<RawEvent> loaded) {
    List<PageItem> items = new ArrayList<>(loaded.size());
    for (RawEvent event : loaded) {
      try {
        items.add(new PageItem(event.id(), cleaner.check(event), null));
      } catch (RuntimeException | StackOverflowError bug) {
        items.add(new PageItem(event.id(), null, bug));
      }
    }
    return items;
  }

  /** A value of each valid sale of the page (its zip, its sale date), each once: what enrichment needs. */
  private static <T> Set<T> distinctOfValid(List<PageItem> items, Function<ValidSale, T> value) {
    Set<T> values = new LinkedHashSet<>();
    for (PageItem item : items) {
      if (item.checked() instanceof ValidSale sale) {
        values.add(value.apply(sale));
      }
    }
    return values;
  }

  /**
   * Writes the page's records in newest-first order, {@code concurrency} of them in flight at a time (one,
   * by default: one after another). Each is its own transaction on its own pooled connection. Once the run
   * is interrupted or a write fails the run, no further record is started, and the page settles when the
   * writes in flight have.
   */
  private Future<Void> writeAll(List<PageItem> items, EnrichmentRows rows) {
    return new PageWrite(items, rows).start();
  }

  /** The window of writes in flight over one page. Its callbacks all run on the run's context. */
  private final class PageWrite {
    private final List<PageItem> items;
    private final EnrichmentRows rows;
    private final Promise<Void> done = Promise.promise();
    private int next;
    private int inFlight;
    private Throwable failure;

    PageWrite(List<PageItem> items, EnrichmentRows rows) {
      this.items = items;
      this.rows = rows;
    }

    Future<Void> start() {
      for (int i = 0; i < settings.concurrency(); i++) {
        startNext();
      }
      return done.future();
    }

    private void startNext() {
      if (next == items.size() || interrupted || failure != null) {
        if (inFlight == 0) {
          if (failure != null) {
            done.tryFail(failure);
          } else {
            done.tryComplete();
          }
        }
        return;
      }
      PageItem item = items.get(next++);
      inFlight++;
      writeOne(item, rows).onComplete(written -> {
        inFlight--;
        if (written.failed() && failure == null) {
          failure = written.cause();
        }
        startNext();
      });
    }
  }

  private Future<Void> writeOne(PageItem item, EnrichmentRows rows) {
    Outcome outcome;
    try {
      outcome = item.bug() != null ? null
          : item.checked() instanceof ValidSale sale ? cleaner.enrich(sale, rows) : (Rejected) item.checked();
    } catch (RuntimeException | StackOverflowError bug) {
      return leftUnprocessed(item.id(), bug);
    }
    if (outcome == null) {
      return leftUnprocessed(item.id(), item.bug());
    }
    return writer.write(outcome)
        .map(v -> count(outcome))
        .recover(err -> {
          String sqlState = recordFault(err);
          if (sqlState == null) {
            return Future.failedFuture(err); // not the record's fault: the run ends here
          }
          List<String> reasons = List.of("database:" + sqlState);
          LOG.warn("event {} rejected by the database ({}): {}", item.id(), sqlState, err.getMessage());
          return writer.writeRejection(item.id(), reasons).map(v -> count(new Rejected(item.id(), reasons)));
        });
  }

  private Future<Void> leftUnprocessed(long id, Throwable bug) {
    failed++;
    LOG.error("event {} left unprocessed: unexpected error while cleaning it", id, bug);
    return Future.succeededFuture();
  }

  private Void count(Outcome outcome) {
    if (outcome instanceof Cleaned) {
      cleaned++;
    } else {
      rejected++;
      if (LOG.isDebugEnabled()) {
        LOG.debug("event {} rejected: {}", outcome.id(), ((Rejected) outcome).reasons());
      }
    }
    return null;
  }

  /** The SQLSTATE of an error caused by the record's values (classes 22 and 23), or null. */
  static String recordFault(Throwable err) {
    if (err instanceof DatabaseException db && db.getSqlState() != null
        && (db.getSqlState().startsWith("22") || db.getSqlState().startsWith("23"))) {
      return db.getSqlState();
    }
    return null;
  }

  private Future<RunSummary> finish(AsyncResult<Void> result) {
    String status;
    String error = null;
    if (result.failed()) {
      status = RunSummary.FAILED;
      error = describe(result.cause());
      LOG.error("run {} failed: {}", id, error, result.cause());
    } else if (skipped) {
      status = RunSummary.SKIPPED;
      error = "another process holds the job's lock (advisory lock " + RunLock.KEY + "): it is running";
    } else if (failed > 0) {
      status = RunSummary.FAILED;
      error = failed + " events left unprocessed by unexpected errors (see the log); the next run takes them again";
    } else if (interrupted) {
      status = RunSummary.INTERRUPTED;
      error = "stopped by shutdown; the remaining events wait for the next run";
    } else {
      status = RunSummary.SUCCEEDED;
    }
    OffsetDateTime finishedAt = OffsetDateTime.now(ZoneOffset.UTC);
    RunSummary summary = new RunSummary(id, trigger, status, dryRun, selected, cleaned, rejected, failed, startedAt,
        Duration.between(startedAt, finishedAt), error);
    LOG.info("run {} ({}{}) {}: selected={} cleaned={} rejected={} failed={} in {} ms{}", id, trigger.label(),
        dryRun ? ", dry run" : "", status, selected, cleaned, rejected, failed, summary.duration().toMillis(),
        skipped ? " (" + error + ")" : "");
    Future<Void> record;
    if (dryRun) {
      record = Future.succeededFuture();
    } else if (skipped) {
      record = history.skipped(id, trigger.label(), startedAt, finishedAt, error, host);
    } else if (recorded) {
      record = history.finished(id, finishedAt, status, selected, cleaned, rejected, failed, error);
    } else {
      record = Future.succeededFuture(); // the run could not even start its row: nothing to complete
    }
    return record.transform(ar -> {
      if (ar.failed()) {
        LOG.error("run {}: could not record its end in the run history: {}", id, describe(ar.cause()));
      }
      return Future.succeededFuture(summary);
    });
  }

  static String describe(Throwable err) {
    String message = err.getMessage();
    String hint = err instanceof DatabaseException db && "42P01".equals(db.getSqlState())
        ? " (a table is missing: apply the job's schema with `cleaning-job init-schema`, again after an upgrade)"
        : "";
    return err.getClass().getSimpleName() + (message == null ? "" : ": " + message) + hint;
  }

  /** One event of a page after the core's first pass: its answer, or the unexpected error it raised. */
  private record PageItem(long id, Checked checked, Throwable bug) {}
}
