package io.homesales.cleaning.store;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.run.RunOnce;
import io.homesales.cleaning.run.RunStatus;
import io.homesales.cleaning.run.RunSummary;
import io.homesales.cleaning.run.RunTrigger;
import io.homesales.cleaning.support.Invariants;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The run lock across processes, and the runs that dead processes leave behind. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class RunLockTest {

  private final TestDatabase db;

  RunLockTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void load() {
    db.truncateAll();
    Sample.loadAll(db);
  }

  @Test
  void aRunThatCannotTakeTheLockDoesNothingAndSaysSo(Vertx vertx) {
    // Another process holds the lock: here, a session of the test's own.
    SqlConnection rival = await(PgConnection.connect(vertx, db.settings().connectOptions()));
    try {
      await(rival.query("SELECT pg_advisory_lock(" + RunLock.KEY + ")").execute());
      RunSummary skipped = await(RunOnce.run(vertx, db.settings(), RunTrigger.SCHEDULE, false));
      assertEquals(RunStatus.SKIPPED, skipped.status());
      assertEquals(0, skipped.selected());
      assertTrue(skipped.error().contains("another process holds the job's lock"), skipped.error());
      assertEquals(0, db.count("SELECT count(*) FROM home_sales_processed"));
      Row row = db.query("SELECT status, finished_at FROM cleaning_job_runs WHERE run_id = $1", skipped.runId()).get(0);
      assertEquals("skipped", row.getString("status"));
      assertTrue(row.getOffsetDateTime("finished_at") != null);
    } finally {
      await(rival.close()); // a closed session frees its locks, as a killed process's does
    }
    RunSummary after = await(RunOnce.run(vertx, db.settings(), RunTrigger.SCHEDULE, false));
    assertEquals(RunStatus.SUCCEEDED, after.status());
    assertEquals(3000, after.selected());
  }

  @Test
  void twoRunsStartedTogetherNeverOverlap(Vertx vertx) {
    Future<RunSummary> a = RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false);
    Future<RunSummary> b = RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false);
    List<RunSummary> both = List.of(await(a), await(b));
    Set<RunStatus> statuses = both.stream().map(RunSummary::status).collect(Collectors.toSet());
    assertEquals(Set.of(RunStatus.SUCCEEDED, RunStatus.SKIPPED), statuses, both.toString());
    assertEquals(3000, both.stream().mapToInt(RunSummary::selected).sum());
    assertEquals(3000, db.count("SELECT count(*) FROM home_sales_processed"));
    Invariants.assertHold(db);
  }

  @Test
  void runsLeftRunningByADeadProcessAreMarkedAbandoned(Vertx vertx) {
    db.execute("INSERT INTO cleaning_job_runs (run_id, triggered_by, started_at, status, host)"
        + " VALUES ('00000000-0000-0000-0000-000000000001', 'schedule', now() - interval '1 hour', 'running', '1@gone')");
    RunSummary summary = await(RunOnce.run(vertx, db.settings(), RunTrigger.STARTUP, false));
    assertEquals(RunStatus.SUCCEEDED, summary.status());
    Row dead = db.query("SELECT status, error, finished_at FROM cleaning_job_runs"
        + " WHERE run_id = '00000000-0000-0000-0000-000000000001'").get(0);
    assertEquals("failed", dead.getString("status"));
    assertTrue(dead.getString("error").startsWith("abandoned"), dead.getString("error"));
    assertTrue(dead.getOffsetDateTime("finished_at") != null);
  }

  @Test
  void aDryRunAlsoWaitsForTheLock(Vertx vertx) {
    SqlConnection rival = await(PgConnection.connect(vertx, db.settings().connectOptions()));
    try {
      await(rival.query("SELECT pg_advisory_lock(" + RunLock.KEY + ")").execute());
      RunSummary dry = await(RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, true));
      assertEquals(RunStatus.SKIPPED, dry.status());
      assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE run_id = $1 AND dry_run"
          + " AND status = 'skipped'", dry.runId()), "a dry run records its run, skipped too");
    } finally {
      await(rival.close());
    }
  }

}
