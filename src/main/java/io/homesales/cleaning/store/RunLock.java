package io.homesales.cleaning.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * One run at a time across processes: a session-level advisory lock, held for the run by a connection
 * taken from the pool for that purpose (and holding no transaction, so no snapshot). A killed process's
 * connection closes, its session ends, and the lock is free again: nothing to clean up.
 */
public final class RunLock {

  /** The lock's key: "cleanjob" in ASCII, so that it is recognisable in {@code pg_locks}. */
  public static final long KEY = 0x636c65616e6a6f62L;

  private final SqlConnection connection;
  private final boolean acquired;

  private RunLock(SqlConnection connection, boolean acquired) {
    this.connection = connection;
    this.acquired = acquired;
  }

  /** Tries the lock without waiting; the answer says whether this run may go on. */
  public static Future<RunLock> tryAcquire(Pool pool) {
    return pool.getConnection().compose(connection ->
        connection.preparedQuery("SELECT pg_try_advisory_lock($1)").execute(Tuple.of(KEY))
            .map(rows -> new RunLock(connection, rows.iterator().next().getBoolean(0)))
            .onFailure(err -> connection.close()));
  }

  public boolean acquired() {
    return acquired;
  }

  /** The session that holds the lock: work done on it is done under the lock. */
  public SqlConnection connection() {
    return connection;
  }

  /**
   * Frees the lock and returns the connection to the pool. If the connection is gone, so is its session
   * and with it the lock.
   */
  public Future<Void> release() {
    Future<?> unlocked = acquired
        ? connection.preparedQuery("SELECT pg_advisory_unlock($1)").execute(Tuple.of(KEY))
        : Future.succeededFuture();
    return unlocked.transform(ar -> connection.close());
  }
}
