package io.homesales.cleaning.run;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.gate.GateMode;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.support.Invariants;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The breaker's recovery (docs/quality-gates.md): a record's outcome commits on its own, so a kill can fall between
 * a run's rejections and its re-queue. Each place a kill can fall is set up as the killed process would have left
 * the database; the next run, under the lock, puts back what the killed one owed and holds the job. The real kills
 * are in BreakerKillIT.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class BreakerRecoveryTest {

  private static final String RENAME = "UPDATE raw_home_sale_events SET payload = replace(payload, '\"price\"',"
      + " '\"sale_amount\"')";

  /** The renamed sample, and a run that rejected 300 records with the gates off: the state before any kill. */
  private static UUID rejectedThreeHundred(Vertx vertx, TestDatabase db) {
    db.truncateAll();
    Sample.loadAll(db);
    db.execute(RENAME);
    JobSettings off = db.settings().withGates(db.settings().gates().withMode(GateMode.OFF)).withMaxRecordsPerRun(300);
    RunSummary run = await(RunOnce.run(vertx, off, RunTrigger.MANUAL, false));
    assertEquals(300, run.rejected(), run.toString());
    return run.runId();
  }

  private static void verdictStored(TestDatabase db, UUID runId) {
    db.execute("UPDATE cleaning_job_runs SET quality = 'fail', breaker = true WHERE run_id = '" + runId + "';"
        + " INSERT INTO cleaning_job_run_gates (run_id, phase, gate, verdict, observed, records, sample, threshold)"
        + " VALUES ('" + runId + "', 'run', 'reason:price:missing', 'fail', 1.0, 300, 300, 0.9),"
        + " ('" + runId + "', 'run', 'rejected', 'fail', 1.0, 300, 300, 0.95)");
  }

  private static void assertPutBackAndHeld(Vertx vertx, TestDatabase db, UUID killed) {
    RunSummary next = await(RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false));
    assertEquals(0, db.count("SELECT count(*) FROM home_sales_processed WHERE 'price:missing' = ANY(reasons)"),
        "no record that should have gone back is left rejected");
    assertEquals(3_000, db.count("SELECT count(*) FROM cleaning_job_pending")
        + db.count("SELECT count(*) FROM home_sales_processed"));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_control WHERE held_run = $1", killed));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE run_id = $1 AND quality = 'fail'"
        + " AND requeue_request IS NOT NULL", killed));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_reprocess WHERE requested_by = 'breaker'"
        + " AND selectors->>'run' = $1 AND requeued = 300", killed.toString()));
    assertEquals(RunStatus.SKIPPED, next.status(), "held, the next run's probe fails: " + next);
    assertTrue(next.error().contains("the probe of the"), next.error());
    Invariants.assertHold(db);
    // Paid once: the run after finds nothing owed.
    await(RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_reprocess WHERE requested_by = 'breaker'"));
  }

  @Test
  void killedBeforeItsVerdictWasStoredTheAbandonedRunIsJudgedAndPaidForByTheNext(Vertx vertx, TestDatabase db) {
    UUID killed = rejectedThreeHundred(vertx, db);
    db.killedWhileRunning(killed);
    assertPutBackAndHeld(vertx, db, killed);
    assertTrue(db.count("SELECT count(*) FROM cleaning_job_runs WHERE run_id = $1 AND error LIKE 'abandoned:%'",
        killed) == 1);
  }

  @Test
  void killedAfterItsVerdictButBeforeItsEndTheNextPutsItsRejectionsBack(Vertx vertx, TestDatabase db) {
    UUID killed = rejectedThreeHundred(vertx, db);
    db.killedWhileRunning(killed);
    verdictStored(db, killed);
    assertPutBackAndHeld(vertx, db, killed);
  }

  @Test
  void killedAfterItsEndButBeforeTheBreakerTheNextPutsItsRejectionsBack(Vertx vertx, TestDatabase db) {
    UUID killed = rejectedThreeHundred(vertx, db);
    db.execute("UPDATE cleaning_job_runs SET status = 'failed', error = 'gate reason:price:missing failed'"
        + " WHERE run_id = '" + killed + "'");
    verdictStored(db, killed);
    assertPutBackAndHeld(vertx, db, killed);
  }

  @Test
  void runsKilledOneAfterTheOtherBelowTheMinimumSampleAreJudgedTogether(Vertx vertx, TestDatabase db) {
    db.truncateAll();
    Sample.loadAll(db);
    db.execute(RENAME);
    JobSettings off = db.settings().withGates(db.settings().gates().withMode(GateMode.OFF)).withMaxRecordsPerRun(120);
    UUID first = await(RunOnce.run(vertx, off, RunTrigger.MANUAL, false)).runId();
    db.killedWhileRunning(first);
    UUID second = await(RunOnce.run(vertx, off, RunTrigger.MANUAL, false)).runId();
    db.killedWhileRunning(second);
    assertEquals(240, db.count("SELECT count(*) FROM home_sales_processed WHERE 'price:missing' = ANY(reasons)"));

    RunSummary next = await(RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false));
    assertEquals(RunStatus.SKIPPED, next.status(), next.toString());
    assertEquals(0, db.count("SELECT count(*) FROM home_sales_processed WHERE 'price:missing' = ANY(reasons)"));
    assertEquals(2, db.count("SELECT count(*) FROM cleaning_job_runs WHERE quality = 'fail' AND requeue_request IS NOT"
        + " NULL"));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_gate_actions WHERE action = 'held'"),
        "held once, though two runs were put back");
    Invariants.assertHold(db);
  }

  @Test
  void anAbandonedRunThatTrippedNothingIsJudgedOkAndNothingIsPutBack(Vertx vertx, TestDatabase db) {
    db.truncateAll();
    Sample.loadAll(db);
    RunSummary run = await(RunOnce.run(vertx, db.settings().withMaxRecordsPerRun(300), RunTrigger.MANUAL, false));
    db.killedWhileRunning(run.runId());
    long processed = db.count("SELECT count(*) FROM home_sales_processed");
    RunSummary next = await(RunOnce.run(vertx, db.settings().withMaxRecordsPerRun(1), RunTrigger.MANUAL, false));
    assertEquals(RunStatus.SUCCEEDED, next.status(), next.toString());
    assertEquals(processed + 1, db.count("SELECT count(*) FROM home_sales_processed"));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE run_id = $1 AND quality = 'ok'",
        run.runId()));
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_control WHERE held_at IS NOT NULL"));
  }
}
