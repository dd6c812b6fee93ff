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

  private final List<SqlConnection> connections;
  /** The statements of the run on each connection, by lane: the lane numbers of {@link #slots}. */
  private final RecordWriter.Writes[] writes;
  private final WindowSlots slots;
  private final boolean dryRun;
  private final RunTally tally;
  private final BooleanSupplier stopped;
  private final JobMetrics metrics;

  private WriteWindow(List<SqlConnection> connections, RecordWriter writer, int depth, boolean dryRun, RunTally tally,
      BooleanSupplier stopped, JobMetrics metrics) {
    this.connections = connections;
    this.writes = connections.stream().map(writer::on).toArray(RecordWriter.Writes[]::new);
    this.slots = new WindowSlots(connections.size(), depth);
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
      List<SqlConnection> opened = opening.stream().map(Future::result).toList();
      return Future.succeededFuture(new WriteWindow(opened, writer, dryRun ? 1 : pipeline, dryRun, tally, stopped,
          metrics));
    });
  }

  /**
   * Writes a page; completes when every record sent has settled, failed with the first run-ending error. One page
   * at a time: the next is written once this one is over.
   */
  Future<Void> write(List<PageItem> items) {
    if (slots.pageInFlight() > 0) {
      throw new IllegalStateException("a page is still being written");
    }
    return new PageWrite(items).start();
  }

  /** Gives the writer connections back to the pool. */
  Future<Void> close() {
    return Future.join(connections.stream().map(SqlConnection::close).toList()).mapEmpty();
  }

  /** One page's records, sent in order as the window has room ({@link WindowSlots} decides). */
  private final class PageWrite {
    private final List<PageItem> items;
    private final Promise<Void> done = Promise.promise();

    PageWrite(List<PageItem> items) {
      this.items = items;
    }

    Future<Void> start() {
      slots.startPage(items.size());
      pump();
      return done.future();
    }

    /** Sends what the window has room for, then settles the page if it is over. */
    private void pump() {
      if (!slots.enter()) {
        return; // a write that settled at once: the loop in progress runs once more
      }
      try {
        do {
          fill();
        } while (slots.again());
      } finally {
        slots.leave();
      }
      if (slots.over(stopped.getAsBoolean())) {
        if (slots.failure() != null) {
          done.tryFail(slots.failure());
        } else {
          done.tryComplete();
        }
      }
    }

    private void fill() {
      int lane;
      while ((lane = slots.laneWithRoom(stopped.getAsBoolean())) >= 0) {
        PageItem item = items.get(slots.take());
        if (item.outcome() == null) {
          tally.errored();
          metrics.errored();
          LOG.error("event {} left unprocessed: unexpected error while cleaning it", item.id(), item.error());
          continue;
        }
        send(lane, item);
      }
    }

    private void send(int lane, PageItem item) {
      slots.sent(lane);
      long start = System.nanoTime();
      Outcome outcome = item.outcome();
      write(writes[lane], outcome).onComplete(written -> {
        if (written.succeeded()) {
          settle(lane, outcome, start);
        } else {
          rejectOrEnd(lane, outcome, written.cause(), start);
        }
      });
    }

    /** A record written: counted, its lane freed, and the window filled again. */
    private void settle(int lane, Outcome written, long start) {
      tally.written(written);
      if (written instanceof Rejected rejected && LOG.isDebugEnabled()) {
        LOG.debug("event {} rejected: {}", rejected.id(), String.join(",", rejected.reasons()));
      }
      slots.settled(lane, null);
      metrics.recordWritten(written, System.nanoTime() - start);
      pump();
    }

    /**
     * A record's statement failed: an error of the record's values rejects it as {@code database:<SQLSTATE>},
     * written in a statement of its own; any other error, or a failure of that one, is not the record's fault,
     * and ends the run: the rest stays for the next.
     */
    private void rejectOrEnd(int lane, Outcome outcome, Throwable cause, long start) {
      String sqlState = recordFault(cause);
      if (sqlState == null) {
        end(lane, cause);
        return;
      }
      Rejected rejection = new Rejected(outcome.id(), List.of(Reasons.database(sqlState)));
      LOG.warn("event {} rejected by the database ({}): {}", outcome.id(), sqlState, cause.getMessage());
      write(writes[lane], rejection).onComplete(again -> {
        if (again.succeeded()) {
          settle(lane, rejection, start);
        } else {
          end(lane, again.cause());
        }
      });
    }

    private void end(int lane, Throwable cause) {
      slots.settled(lane, cause);
      pump();
    }
  }

  /** One statement for one outcome; a dry run's is rolled back. */
  private Future<?> write(RecordWriter.Writes writes, Outcome outcome) {
    return dryRun ? writes.dryWrite(outcome) : writes.write(outcome);
  }

  /** The SQLSTATE of an error caused by the record's values (classes 22 and 23), or null. */
  static String recordFault(Throwable err) {
    if (err instanceof DatabaseException db && Reasons.isRecordFault(db.getSqlState())) {
      return db.getSqlState();
    }
    return null;
  }
}
