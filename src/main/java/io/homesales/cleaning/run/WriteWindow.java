package io.homesales.cleaning.run;

import io.homesales.cleaning.core.Outcome;
import io.homesales.cleaning.core.Reasons;
import io.homesales.cleaning.core.Rejected;
import io.homesales.cleaning.store.RecordWriter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's writes (docs/data-rules.md sections 2 and 7). Each record is one statement, and so its own transaction:
 * both rows or neither. The records of a page are sent in newest-first order on the run's writer connections
 * ({@code CLEANING_JOB_CONCURRENCY} of them), each connection with up to {@code CLEANING_JOB_PIPELINE}
 * statements in flight.
 *
 * <p>Why pipelining keeps "one record at a time" as the database sees it: the PG client ends every statement
 * with its own Sync message, so each is an implicit transaction of its own, and the server executes and
 * commits a connection's statements one after the other, in the order sent. An error in one (the server skips
 * to its Sync) does not touch the next. The window only spares the server from waiting for the client between
 * two records. With one connection, the commit order is the newest-first order; with several, commits may
 * interleave across connections.
 *
 * <p>Failures, per record:
 * <ul>
 *   <li>an error caused by the record's values (SQLSTATE class 22 or 23) rejects it as
 *       {@code database:<SQLSTATE>}, written in a fresh transaction: sent after the statements already in the
 *       pipeline, it commits after newer records, which the rules allow (each record is its own transaction);
 *   <li>any other error ends the run: nothing new is sent, and the statements already sent settle before the
 *       run ends (each still commits or not atomically, as with several connections);
 *   <li>an event the core failed on is left unprocessed and logged; the run goes on.
 * </ul>
 * An interrupted run (SIGTERM, cancel) sends nothing new and lets the statements in flight finish.
 *
 * <p>All of it runs on the run's context, so its state needs no locking.
 */
final class WriteWindow {

  private static final Logger LOG = LoggerFactory.getLogger(WriteWindow.class);

  /** A writer connection, the run's statements on it, and its statements in flight. */
  private static final class Lane {
    final SqlConnection connection;
    final RecordWriter.Writes writes;
    int inFlight;

    Lane(SqlConnection connection, RecordWriter writer) {
      this.connection = connection;
      this.writes = writer.on(connection);
    }
  }

  private final List<Lane> lanes;
  private final int depth;
  private final boolean dryRun;
  private final RunTally tally;
  private final BooleanSupplier stopped;
  private final JobMetrics metrics;

  private WriteWindow(List<Lane> lanes, int depth, boolean dryRun, RunTally tally, BooleanSupplier stopped,
      JobMetrics metrics) {
    this.lanes = lanes;
    this.depth = depth;
    this.dryRun = dryRun;
    this.tally = tally;
    this.stopped = stopped;
    this.metrics = metrics;
  }

  /**
   * Takes {@code connections} writer connections from the pool for the run. A dry run writes each record in
   * a transaction it rolls back, which cannot share its connection with other statements: one at a time.
   */
  static Future<WriteWindow> open(Pool pool, int connections, int pipeline, boolean dryRun, RecordWriter writer,
      RunTally tally, BooleanSupplier stopped, JobMetrics metrics) {
    List<Future<SqlConnection>> opening = new ArrayList<>(connections);
    for (int i = 0; i < connections; i++) {
      opening.add(pool.getConnection());
    }
    return Future.join(opening).transform(joined -> {
      if (joined.failed()) {
        opening.stream().filter(Future::succeeded).forEach(opened -> opened.result().close());
        return Future.failedFuture(joined.cause());
      }
      List<Lane> lanes = opening.stream().map(opened -> new Lane(opened.result(), writer)).toList();
      return Future.succeededFuture(new WriteWindow(lanes, dryRun ? 1 : pipeline, dryRun, tally, stopped, metrics));
    });
  }

  /** Writes a page; completes when every record sent has settled, failed with the first run-ending error. */
  Future<Void> write(List<PageItem> items) {
    return new PageWrite(items).start();
  }

  /** Gives the writer connections back to the pool. */
  Future<Void> close() {
    return Future.join(lanes.stream().map(lane -> lane.connection.close()).toList()).mapEmpty();
  }

  /** One page's records, sent in order as the window has room. */
  private final class PageWrite {
    private final List<PageItem> items;
    private final Promise<Void> done = Promise.promise();
    private int next;
    private int inFlight;
    private Throwable failure;
    private boolean pumping;
    private boolean again;

    PageWrite(List<PageItem> items) {
      this.items = items;
    }

    Future<Void> start() {
      pump();
      return done.future();
    }

    /**
     * Sends what the window has room for, then settles the page if nothing is left in flight. Not re-entrant:
     * a write that fails at once calls back into it, and that call is folded into the loop in progress.
     */
    private void pump() {
      if (pumping) {
        again = true;
        return;
      }
      pumping = true;
      try {
        do {
          again = false;
          fill();
        } while (again);
      } finally {
        pumping = false;
      }
      if (inFlight == 0 && (failure != null || stopped.getAsBoolean() || next == items.size())) {
        if (failure != null) {
          done.tryFail(failure);
        } else {
          done.tryComplete();
        }
      }
    }

    private void fill() {
      while (failure == null && next < items.size() && !stopped.getAsBoolean()) {
        Lane lane = leastLoaded();
        if (lane.inFlight >= depth) {
          return;
        }
        PageItem item = items.get(next++);
        if (item.outcome() == null) {
          tally.errored();
          metrics.errored();
          LOG.error("event {} left unprocessed: unexpected error while cleaning it", item.id(), item.error());
          continue;
        }
        send(lane, item);
      }
    }

    /** The connection with the fewest statements in flight (the first such): a slow one gets no more. */
    private Lane leastLoaded() {
      Lane best = lanes.get(0);
      for (int i = 1; i < lanes.size(); i++) {
        if (lanes.get(i).inFlight < best.inFlight) {
          best = lanes.get(i);
        }
      }
      return best;
    }

    private void send(Lane lane, PageItem item) {
      lane.inFlight++;
      inFlight++;
      long start = System.nanoTime();
      writeOne(lane.writes, item.outcome()).onComplete(written -> {
        lane.inFlight--;
        inFlight--;
        if (written.failed()) {
          if (failure == null) {
            failure = written.cause(); // not the record's fault: the run ends, the rest stays for the next
          }
        } else {
          metrics.recordWritten(written.result(), System.nanoTime() - start);
        }
        pump();
      });
    }
  }

  /** Writes one outcome; answers what was written (the outcome, or its {@code database:*} rejection). */
  private Future<Outcome> writeOne(RecordWriter.Writes writes, Outcome outcome) {
    Future<Void> first = dryRun ? writes.dryWrite(outcome) : writes.write(outcome);
    return first.transform(written -> {
      if (written.succeeded()) {
        tally.written(outcome);
        if (outcome instanceof Rejected rejected && LOG.isDebugEnabled()) {
          LOG.debug("event {} rejected: {}", rejected.id(), String.join(",", rejected.reasons()));
        }
        return Future.succeededFuture(outcome);
      }
      String sqlState = recordFault(written.cause());
      if (sqlState == null) {
        return Future.failedFuture(written.cause());
      }
      Rejected rejection = new Rejected(outcome.id(), List.of(Reasons.database(sqlState)));
      LOG.warn("event {} rejected by the database ({}): {}", outcome.id(), sqlState, written.cause().getMessage());
      Future<Void> again = dryRun ? writes.dryWrite(rejection) : writes.write(rejection);
      return again.map(v -> {
        tally.written(rejection);
        return rejection;
      });
    });
  }

  /** The SQLSTATE of an error caused by the record's values (classes 22 and 23), or null. */
  static String recordFault(Throwable err) {
    if (err instanceof DatabaseException db && Reasons.isRecordFault(db.getSqlState())) {
      return db.getSqlState();
    }
    return null;
  }
}
