package io.homesales.cleaning.chaos;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.embedded.LocalPostgres;
import io.homesales.cleaning.run.RunOnce;
import io.homesales.cleaning.run.RunStatus;
import io.homesales.cleaning.run.RunSummary;
import io.homesales.cleaning.run.RunTrigger;
import io.homesales.cleaning.support.Blocker;
import io.homesales.cleaning.support.Invariants;
import io.homesales.cleaning.support.PostgresServer;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The breaker through real kills (docs/quality-gates.md). The packaged job's {@code run-once --force} runs over the
 * sample with its price key renamed, so that every run trips the gates at their defaults; each is killed with
 * SIGKILL at a random point around the trip: before it, between the trip and the re-queue, or after. The
 * invariants are checked after each kill. Then an undisturbed run, under the lock, pays what the killed runs owed:
 * no record that should have gone back is left rejected, and the job is held. Prints where the kills fell.
 */
class BreakerKillIT {

  private static final Path JAR = Path.of("target", "cleaning-job.jar");
  private static final Path LOG = Path.of("target", "chaos", "breaker-kill.log");
  private static final int ATTEMPTS = 16;
  private static final String PRICE_MISSING =
      "SELECT count(*) FROM home_sales_processed WHERE 'price:missing' = ANY(reasons)";
  /**
   * The price:missing rejections of the run this attempt started (after $1): what the kill waits for. A run an
   * earlier kill left {@code running} is not this one.
   */
  private static final String RUNNING = "SELECT count(*) FROM home_sales_processed p JOIN cleaning_job_runs r"
      + " ON r.run_id = p.run_id WHERE r.status = 'running' AND r.started_at > $1 AND 'price:missing' = ANY(p.reasons)";
  /** The run this attempt started has its verdict stored: the breaker comes next. */
  private static final String VERDICT = "SELECT count(*) FROM cleaning_job_runs WHERE started_at > $1"
      + " AND quality IS NOT NULL";

  @Test
  void killedAroundTheTripNoRecordThatShouldHaveGoneBackIsLeftRejected() throws Exception {
    Files.createDirectories(LOG.getParent());
    Vertx vertx = Vertx.vertx();
    Random random = new Random(20261208);
    try (LocalPostgres pg = LocalPostgres.start()) {
      TestDatabase db = TestDatabase.create(PostgresServer.local(pg), vertx);
      Sample.loadAll(db);
      db.execute("UPDATE raw_home_sale_events SET payload = replace(payload, '\"price\"', '\"sale_amount\"')");
      int minSample = db.settings().gates().minSample();
      Map<String, Integer> fell = new TreeMap<>();
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        // Every other kill waits for a random number of rejections below the minimum sample (before the trip);
        // the others wait until the run has stored its verdict, then a few milliseconds more: between the verdict
        // and the breaker's re-queue, or after it.
        boolean early = attempt % 2 == 0;
        int target = minSample / 2 + random.nextInt(minSample / 2);
        OffsetDateTime before = db.query("SELECT now()").get(0).getOffsetDateTime(0);
        Process job = start(db.env());
        while (job.isAlive() && (early ? db.count(RUNNING, before) < target : db.count(VERDICT, before) == 0)) {
          Blocker.sleep(1);
        }
        String where = "ran out";
        if (job.isAlive()) {
          if (!early) {
            Blocker.sleep(random.nextInt(5));
          }
          job.destroyForcibly(); // SIGKILL
          job.waitFor();
          List<Row> run = db.query("SELECT CASE WHEN quality IS NULL THEN 'before the verdict'"
              + " WHEN requeue_request IS NULL THEN 'between the verdict and the re-queue'"
              + " ELSE 'after the re-queue' END FROM cleaning_job_runs WHERE started_at > $1", before);
          where = run.isEmpty() ? "before the run started" : run.get(0).getString(0);
        }
        job.waitFor();
        fell.merge(where, 1, Integer::sum);
        Invariants.assertHold(db);
        assertEquals(3_000, db.count("SELECT count(*) FROM cleaning_job_pending")
            + db.count("SELECT count(*) FROM home_sales_processed"), "nothing lost after attempt " + attempt);
      }

      RunSummary next = await(RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false));
      long left = db.count(PRICE_MISSING);
      long abandoned = db.count("SELECT count(*) FROM cleaning_job_runs WHERE error LIKE 'abandoned:%'");
      long requeues = db.count("SELECT count(*) FROM cleaning_job_reprocess WHERE requested_by = 'breaker'");
      System.out.printf("breaker-kill: attempts=%d kills-fell=%s abandoned=%d breaker-requeues=%d left-rejected=%d%n",
          ATTEMPTS, fell, abandoned, requeues, left);
      assertEquals(0, left, "no record that should have gone back is left rejected");
      assertEquals(RunStatus.SKIPPED, next.status(), "the job is held, and the probe fails: " + next);
      assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_control WHERE held_at IS NOT NULL"));
      assertTrue(fell.getOrDefault("before the verdict", 0) >= ATTEMPTS / 4, "kills fell before the trip: " + fell);
      assertTrue(fell.getOrDefault("between the verdict and the re-queue", 0)
          + fell.getOrDefault("after the re-queue", 0) > 0, "kills fell at or after the trip: " + fell);
      Invariants.assertHold(db);
    } finally {
      await(vertx.close());
    }
  }

  /** The packaged job's run-once, forced past the hold, one record at a time so that kills land mid-run. */
  private static Process start(Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString(), "run-once", "--force");
    builder.environment().putAll(env);
    builder.environment().put("CLEANING_JOB_PIPELINE", "1");
    builder.environment().put("CLEANING_JOB_BATCH_SIZE", "50");
    File log = LOG.toFile();
    return builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
  }
}
