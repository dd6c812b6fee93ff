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
  private final boolean[] held;

  private Blocker(TestDatabase db, SqlConnection holder, int stages) {
    this.db = db;
    this.holder = holder;
    this.held = new boolean[stages];
    Arrays.fill(held, true);
  }

  public static Blocker atEvent(TestDatabase db, long id) {
    return atEvents(db, id);
  }

  public static Blocker atEvents(TestDatabase db, long... ids) {
    return inStages(db, ids);
  }

  /**
   * Holds each stage's events behind a lock of its own, so that a test can let the job through one stage and
   * find it held at the next: {@link #releaseStage}.
   */
  public static Blocker inStages(TestDatabase db, long[]... stages) {
    StringBuilder checks = new StringBuilder();
    for (int stage = 0; stage < stages.length; stage++) {
      String list = Arrays.stream(stages[stage]).mapToObj(Long::toString).collect(Collectors.joining(","));
      checks.append("IF NEW.id IN (%s) THEN PERFORM pg_advisory_xact_lock_shared(%d); END IF;\n"
          .formatted(list, LOCK + stage));
    }
    db.execute("""
        CREATE OR REPLACE FUNCTION test_block_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          %s
          RETURN NEW;
        END $$;
        DROP TRIGGER IF EXISTS test_block_write ON home_sales_processed;
        CREATE TRIGGER test_block_write BEFORE INSERT ON home_sales_processed
          FOR EACH ROW EXECUTE FUNCTION test_block_write();""".formatted(checks));
    SqlConnection holder = TestDatabase.await(db.pool().getConnection());
    for (int stage = 0; stage < stages.length; stage++) {
      TestDatabase.await(holder.query("SELECT pg_advisory_lock(" + (LOCK + stage) + ")").execute());
    }
    return new Blocker(db, holder, stages.length);
  }

  /** Waits until a job connection is waiting on the lock, i.e. the job is inside a held record's write. */
  public void awaitJobWaiting() {
    awaitJobsWaiting(1);
  }

  /** Waits until at least {@code writes} of the job's connections are inside held records' writes. */
  public void awaitJobsWaiting(int writes) {
    Eventually.until("the job reaches " + writes + " held record(s)", () -> jobsWaiting() >= writes);
  }

  /** The job's connections now waiting inside held records' writes. */
  public long jobsWaiting() {
    return jobConnectionsWaiting(db, "advisory");
  }

  /**
   * The job's connections now waiting on a lock: of the kind {@code waitEvent} names ({@code advisory},
   * {@code relation}, {@code tuple}, ...), or of any kind when it is null.
   */
  public static long jobConnectionsWaiting(TestDatabase db, String waitEvent) {
    return db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        + " AND application_name = 'cleaning-job' AND wait_event_type = 'Lock'"
        + " AND ($1::text IS NULL OR wait_event = $1)", waitEvent);
  }

  /** Kills every connection of the job, as a network failure or a server-side kill would. */
  public void terminateJobConnections() {
    db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
        + " AND application_name = 'cleaning-job'");
  }

  /** Lets the job through every stage. */
  public void release() {
    for (int stage = 0; stage < held.length; stage++) {
      releaseStage(stage);
    }
  }

  /** Lets the job through one stage's events. */
  public void releaseStage(int stage) {
    if (held[stage]) {
      TestDatabase.await(holder.query("SELECT pg_advisory_unlock(" + (LOCK + stage) + ")").execute());
      held[stage] = false;
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
