package io.homesales.cleaning.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;

/**
 * One run at a time across processes: a transaction-scoped advisory lock, taken at the start of a run on
 * the connection that then holds the run's selection cursor, and released when that transaction ends. A
 * killed process's connection closes, its transaction ends, and the lock is free again: nothing to clean up.
 */
public final class RunLock {

  /** The lock's key: "cleanjob" in ASCII, so that it is recognisable in {@code pg_locks}. */
  public static final long KEY = 0x636c65616e6a6f62L;

  private final SqlConnection connection;
  private final Transaction transaction;
  private final boolean acquired;

  private RunLock(SqlConnection connection, Transaction transaction, boolean acquired) {
    this.connection = connection;
    this.transaction = transaction;
    this.acquired = acquired;
  }

  /** Tries the lock without waiting; the answer says whether this run may go on. */
  public static Future<RunLock> tryAcquire(Pool pool) {
    return pool.getConnection().compose(connection -> connection.begin()
        .compose(tx -> connection.preparedQuery("SELECT pg_try_advisory_xact_lock($1)").execute(Tuple.of(KEY))
            .map(rows -> new RunLock(connection, tx, rows.iterator().next().getBoolean(0))))
        .onFailure(err -> connection.close()));
  }

  public boolean acquired() {
    return acquired;
  }

  /** The run's selection, on the lock's connection and inside its transaction. */
  public Future<UnprocessedIds> select(int limit) {
    return UnprocessedIds.open(connection, limit);
  }

  /** Ends the transaction (which frees the lock) and returns the connection to the pool. */
  public Future<Void> release() {
    return transaction.rollback().transform(ar -> connection.close());
  }
}
