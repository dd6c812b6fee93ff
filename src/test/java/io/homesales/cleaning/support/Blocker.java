package io.homesales.cleaning.support;

import io.vertx.sqlclient.SqlConnection;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Holds the job still at some records: a trigger makes the write of the chosen events wait for an advisory
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
    return atEvents(db, id);
  }

  public static Blocker atEvents(TestDatabase db, long... ids) {
    String list = Arrays.stream(ids).mapToObj(Long::toString)
        .collect(Collectors.joining(","));
    db.execute("""
        CREATE OR REPLACE FUNCTION test_block_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.id IN (%s) THEN PERFORM pg_advisory_xact_lock_shared(%d); END IF;
          RETURN NEW;
        END $$;
        DROP TRIGGER IF EXISTS test_block_write ON home_sales_processed;
        CREATE TRIGGER test_block_write BEFORE INSERT ON home_sales_processed
          FOR EACH ROW EXECUTE FUNCTION test_block_write();""".formatted(list, LOCK));
    SqlConnection holder = TestDatabase.await(db.pool().getConnection());
    TestDatabase.await(holder.query("SELECT pg_advisory_lock(" + LOCK + ")").execute());
    Blocker blocker = new Blocker(db, holder);
    blocker.held = true;
    return blocker;
  }

  /** Waits until a job connection is waiting on the lock, i.e. the job is inside a held record's write. */
  public void awaitJobWaiting() {
    awaitJobsWaiting(1);
  }

  /** Waits until at least {@code writes} of the job's connections are inside held records' writes. */
  public void awaitJobsWaiting(int writes) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (jobsWaiting() >= writes) {
        return;
      }
      sleep(50);
    }
    throw new AssertionError("the job never reached " + writes + " held record(s)");
  }

  /** The job's connections now waiting inside held records' writes. */
  public long jobsWaiting() {
    return db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        + " AND application_name = 'cleaning-job' AND wait_event_type = 'Lock' AND wait_event = 'advisory'");
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
