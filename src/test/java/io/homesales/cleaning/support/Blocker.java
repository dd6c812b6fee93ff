package io.homesales.cleaning.support;

import io.vertx.sqlclient.SqlConnection;

/**
 * Holds the job still at one record: a trigger makes the write of event {@code id} wait for an advisory
 * lock that this blocker holds on a connection of its own, until {@link #release()}.
 */
public final class Blocker implements AutoCloseable {

  private static final int LOCK = 424_242;

  private final TestDatabase db;
  private final SqlConnection holder;
  private boolean held;

  private Blocker(TestDatabase db, SqlConnection holder) {
    this.db = db;
    this.holder = holder;
  }

  public static Blocker atEvent(TestDatabase db, long id) {
    db.execute("""
        CREATE OR REPLACE FUNCTION test_block_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.id = %d THEN PERFORM pg_advisory_xact_lock_shared(%d); END IF;
          RETURN NEW;
        END $$;
        DROP TRIGGER IF EXISTS test_block_write ON home_sales_processed;
        CREATE TRIGGER test_block_write BEFORE INSERT ON home_sales_processed
          FOR EACH ROW EXECUTE FUNCTION test_block_write();""".formatted(id, LOCK));
    SqlConnection holder = TestDatabase.await(db.pool().getConnection());
    TestDatabase.await(holder.query("SELECT pg_advisory_lock(" + LOCK + ")").execute());
    Blocker blocker = new Blocker(db, holder);
    blocker.held = true;
    return blocker;
  }

  /** Waits until a job connection is waiting on the lock, i.e. the job is inside that record's write. */
  public void awaitJobWaiting() {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
          + " AND application_name = 'cleaning-job' AND wait_event_type = 'Lock' AND wait_event = 'advisory'") > 0) {
        return;
      }
      sleep(50);
    }
    throw new AssertionError("the job never reached the blocked record");
  }

  /** Kills every connection of the job, as a network failure or a server-side kill would. */
  public void terminateJobConnections() {
    db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
        + " AND application_name = 'cleaning-job'");
  }

  public void release() {
    if (held) {
      TestDatabase.await(holder.query("SELECT pg_advisory_unlock(" + LOCK + ")").execute());
      held = false;
    }
  }

  /**
   * Releases the record and makes the trigger a no-op. Dropping the trigger instead would take an
   * ACCESS EXCLUSIVE lock on the table a running job writes to, and queue its writes behind it;
   * replacing the function locks no table.
   */
  @Override
  public void close() {
    release();
    TestDatabase.await(holder.close());
    db.execute("CREATE OR REPLACE FUNCTION test_block_write() RETURNS trigger LANGUAGE plpgsql AS $$"
        + " BEGIN RETURN NEW; END $$");
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
