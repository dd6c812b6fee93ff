package io.homesales.cleaning.store;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.run.RunOnce;
import io.homesales.cleaning.run.RunStatus;
import io.homesales.cleaning.run.RunSummary;
import io.homesales.cleaning.run.RunTrigger;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.settings.SettingsException;
import io.homesales.cleaning.support.DocumentedGrants;
import io.homesales.cleaning.support.Invariants;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The least-privilege role of the README, SSL modes, and the password kept out of every message. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class SecurityTest {

  @Test
  void theJobRunsAsALeastPrivilegeRole(Vertx vertx, TestDatabase db) {
    db.truncateAll();
    Sample.loadAll(db);
    dropRole(db);
    db.execute(DocumentedGrants.of("job", db.name()));
    // A run old enough for the history's retention: the role must be able to purge it.
    db.execute("INSERT INTO cleaning_job_runs (run_id, triggered_by, started_at, finished_at, status, host)"
        + " VALUES (gen_random_uuid(), 'schedule', now() - interval '200 days', now() - interval '200 days',"
        + " 'succeeded', 'old@host');"
        + " INSERT INTO cleaning_job_run_reasons SELECT run_id, 'price:range', 1 FROM cleaning_job_runs;"
        + " INSERT INTO cleaning_job_outcomes_hourly VALUES (date_trunc('hour', now() - interval '200 days'), 5, 1);"
        + " INSERT INTO cleaning_job_run_gates (run_id, phase, gate, verdict, observed, records, sample)"
        + " SELECT run_id, 'run', 'rejected', 'ok', 0.1, 1, 10 FROM cleaning_job_runs;"
        + " INSERT INTO cleaning_job_gate_actions (action_id, acted_at, action, acted_by)"
        + " VALUES (gen_random_uuid(), now() - interval '200 days', 'cleared', 'old@host')");
    try {
      JobSettings asRole = JobSettings.fromJson(db.config().put("user", "cleaning_job").put("password", "change-me"));
      RunSummary summary = await(RunOnce.run(vertx, asRole, RunTrigger.MANUAL, false));
      assertEquals(RunStatus.SUCCEEDED, summary.status(), summary.toString());
      assertEquals(2993, summary.cleaned());
      Invariants.assertHold(db);
      // It recorded its end, with its reasons and the hourly history, and purged the old run.
      assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE run_id = $1 AND status = 'succeeded'"
          + " AND complete_through IS NOT NULL", summary.runId()));
      assertEquals(7, db.count("SELECT sum(records) FROM cleaning_job_run_reasons WHERE run_id = $1", summary.runId()));
      assertEquals(2993, db.count("SELECT sum(cleaned) FROM cleaning_job_outcomes_hourly"));
      assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs"), "the 200-day-old run is purged");
      assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_run_gates WHERE run_id <> $1", summary.runId()),
          "with its gate verdicts");
      assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_gate_actions"), "and the old audit of holds");
      assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE run_id = $1 AND quality = 'ok'",
          summary.runId()), "the gates judged the run as the role");
      // It could not change what it only reads, nor delete what it wrote.
      assertFalse(privilege(db, "raw_home_sale_events", "INSERT"));
      assertFalse(privilege(db, "raw_home_sale_events", "DELETE"));
      assertFalse(privilege(db, "home_sales_processed", "DELETE"));
      assertFalse(privilege(db, "home_sales_clean", "UPDATE"));
      assertEquals(0, db.count("SELECT count(*) FROM pg_tables WHERE tableowner = 'cleaning_job'"));
    } finally {
      dropRole(db);
    }
  }

  @Test
  void withoutTheReprocessGrantsTheBreakerStillHoldsAndNamesTheCommandThatPutsTheRecordsBack(Vertx vertx,
      TestDatabase db) {
    db.truncateAll();
    Sample.loadAll(db);
    db.execute("UPDATE raw_home_sale_events SET payload = replace(payload, '\"price\"', '\"sale_amount\"')");
    dropRole(db);
    db.execute(DocumentedGrants.of("job", db.name()));
    try {
      JobSettings asRole = JobSettings.fromJson(db.config().put("user", "cleaning_job").put("password", "change-me"));
      RunSummary summary = await(RunOnce.run(vertx, asRole, RunTrigger.MANUAL, false));
      assertEquals(RunStatus.FAILED, summary.status(), summary.toString());
      String command = "cleaning-job reprocess --run " + summary.runId() + " --reason price:missing";
      assertTrue(summary.error().contains("could not be put back") && summary.error().contains(command),
          summary.error());
      assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_control WHERE held_at IS NOT NULL"));
      assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE run_id = $1 AND requeue_error LIKE"
          + " '%" + command + "%' AND error LIKE '%" + command + "%'", summary.runId()));
      Invariants.assertHold(db);
      // Nothing else is owed: the next run probes, and does not try the re-queue again.
      RunSummary held = await(RunOnce.run(vertx, asRole, RunTrigger.MANUAL, false));
      assertEquals(RunStatus.SKIPPED, held.status(), held.toString());
    } finally {
      dropRole(db);
    }
  }

  private static void dropRole(TestDatabase db) {
    db.execute("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cleaning_job') THEN"
        + " DROP OWNED BY cleaning_job; DROP ROLE cleaning_job; END IF; END $$");
  }

  private static boolean privilege(TestDatabase db, String table, String privilege) {
    return db.query("SELECT has_table_privilege('cleaning_job', $1, $2)", table, privilege).get(0).getBoolean(0);
  }

  @Test
  void sslModesAreHonoured(Vertx vertx, TestDatabase db) {
    db.truncateAll();
    // The test server has no TLS: "prefer" falls back to plain, "require" must refuse to go on without it.
    RunSummary preferred = await(RunOnce.run(vertx, JobSettings.fromJson(db.config().put("sslMode", "prefer")),
        RunTrigger.MANUAL, false));
    assertEquals(RunStatus.SUCCEEDED, preferred.status(), preferred.toString());
    RunSummary required = await(RunOnce.run(vertx, JobSettings.fromJson(db.config().put("sslMode", "require")),
        RunTrigger.MANUAL, false));
    assertEquals(RunStatus.FAILED, required.status());
    assertTrue(required.error().toLowerCase().contains("ssl"), required.error());
  }

  @Test
  void thePasswordAppearsInNoSettingsTextSummaryOrError(Vertx vertx, TestDatabase db) {
    String secret = "pw-7f3a9c-do-not-print";
    JobSettings settings = JobSettings.fromJson(db.config().put("password", secret).put("port", 1));
    assertFalse(settings.toString().contains(secret), settings.toString());
    RunSummary failed = await(RunOnce.run(vertx, settings, RunTrigger.MANUAL, false));
    assertEquals(RunStatus.FAILED, failed.status());
    assertFalse(failed.toJson().encode().contains(secret));
    JobSettings wrongDb = JobSettings.fromJson(db.config().put("password", secret).put("database", "nope"));
    assertFalse(await(RunOnce.run(vertx, wrongDb, RunTrigger.MANUAL, false)).toJson().encode().contains(secret));
    SettingsException bad = org.junit.jupiter.api.Assertions.assertThrows(SettingsException.class,
        () -> JobSettings.fromEnv(Map.of("PGPASSWORD", secret, "PGPORT", secret)));
    // A malformed value is quoted back, but the password itself never is.
    assertFalse(bad.getMessage().contains("PGPASSWORD"));
    assertTrue(new JsonObject().put("settings", settings.toString()).encode().contains("password=***"));
  }
}
