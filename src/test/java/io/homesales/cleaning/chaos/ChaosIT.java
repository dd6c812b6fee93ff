package io.homesales.cleaning.chaos;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.embedded.LocalPostgres;
import io.homesales.cleaning.run.RunOnce;
import io.homesales.cleaning.run.RunStatus;
import io.homesales.cleaning.run.RunSummary;
import io.homesales.cleaning.run.RunTrigger;
import io.homesales.cleaning.sample.EventGenerator;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.support.Blocker;
import io.homesales.cleaning.support.Invariants;
import io.homesales.cleaning.support.OutputTables;
import io.homesales.cleaning.support.PostgresServer;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Vertx;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The chaos test. On 50,000 generated events with every kind of defect, three instances of the packaged job
 * run side by side (one writing a record at a time, unpipelined; one with the default pipelined connection;
 * one with three pipelined connections) while they are killed with SIGKILL at random moments (at least 20 times)
 * and PostgreSQL is restarted twice during runs; the contract's invariants are checked with SQL after each
 * disturbance. After a final undisturbed run, both output tables must equal those of an undisturbed run
 * on the same data, timestamps aside. It prints its counts. Runs in {@code ./mvnw verify}; alone:
 * {@code ./mvnw -B verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ChaosIT}.
 */
class ChaosIT {

  private static final int EVENTS = 50_000;
  private static final int KILLS = 20;
  private static final Set<Integer> RESTART_AFTER_KILL = Set.of(7, 14);
  private static final Path JAR = Path.of("target", "cleaning-job.jar");
  private static final Path LOGS = Path.of("target", "chaos");

  private final Random random = new Random(20141013);

  @Test
  void nothingLostNothingTwiceThroughKillsRestartsAndRivals() throws Exception {
    Files.createDirectories(LOGS);
    Vertx vertx = Vertx.vertx();
    try (LocalPostgres pg = LocalPostgres.start()) {
      PostgresServer server = PostgresServer.local(pg);
      TestDatabase reference = TestDatabase.create(server, vertx);
      TestDatabase chaos = TestDatabase.create(server, vertx);
      List<RawEvent> events = new EventGenerator(42).events(1, EVENTS);
      for (TestDatabase db : List.of(reference, chaos)) {
        Sample.loadEnrichment(db);
        Sample.loadEvents(db, events);
      }

      // The undisturbed run the outputs must equal.
      JobSettings all = reference.settings().withMaxRecordsPerRun(EVENTS);
      RunSummary undisturbed = await(RunOnce.run(vertx, all, RunTrigger.MANUAL, false));
      assertEquals(RunStatus.SUCCEEDED, undisturbed.status(), undisturbed.toString());
      assertEquals(EVENTS, undisturbed.selected());

      // Three instances side by side, killed at random moments. Small runs every 2 s (at most 500 events a
      // second) keep a backlog for the whole of the chaos: the disturbances must land on work in progress.
      Map<String, String> env = chaos.env();
      env.put("CLEANING_JOB_INTERVAL_SECONDS", "2");
      env.put("CLEANING_JOB_MAX_RECORDS_PER_RUN", "1000");
      env.put("CLEANING_JOB_BATCH_SIZE", "200");
      Process[] instances = {start(env, 0), start(env, 1), start(env, 2)};
      int kills = 0;
      int restarts = 0;
      while (kills < KILLS) {
        Blocker.sleep(1_500 + random.nextInt(3_000)); // past the JVM start, into a run
        int victim = random.nextInt(instances.length);
        instances[victim].destroyForcibly(); // SIGKILL
        instances[victim].waitFor(10, TimeUnit.SECONDS);
        kills++;
        Invariants.assertHold(chaos);
        if (RESTART_AFTER_KILL.contains(kills)) {
          long before = processed(chaos);
          assertTrue(before < EVENTS - 1_000, "a backlog is left to restart the server under: " + before);
          Blocker.sleep(500 + random.nextInt(500)); // let the surviving instance be inside a run
          pg.kill();
          Blocker.sleep(1_000);
          pg.restart();
          restarts++;
          Invariants.assertHold(chaos);
          awaitProgressPast(chaos, before); // the surviving scheduler reconnected on its own
        }
        instances[victim] = start(env, victim);
      }
      for (Process instance : instances) {
        instance.destroyForcibly();
        instance.waitFor(10, TimeUnit.SECONDS);
      }
      Invariants.assertHold(chaos);
      long processedUnderChaos = processed(chaos);

      // A final undisturbed run takes what is left.
      RunSummary last = await(RunOnce.run(vertx, chaos.settings().withMaxRecordsPerRun(EVENTS), RunTrigger.MANUAL, false));
      assertEquals(RunStatus.SUCCEEDED, last.status(), last.toString());
      Invariants.assertHold(chaos);

      long mismatches = OutputTables.mismatches(reference, chaos);
      long skipped = chaos.count("SELECT count(*) FROM cleaning_job_runs WHERE status = 'skipped'");
      long abandoned = chaos.count("SELECT count(*) FROM cleaning_job_runs WHERE error LIKE 'abandoned%'");
      // The quality gates at their defaults judged every run, kills and restarts included, and none tripped.
      long judged = chaos.count("SELECT count(*) FROM cleaning_job_runs WHERE quality IS NOT NULL");
      long tripped = chaos.count("SELECT count(*) FROM cleaning_job_runs WHERE quality <> 'ok'");
      System.out.printf("chaos: kills=%d restarts=%d records=%d processed-under-chaos=%d final-run=%d"
          + " skipped-runs=%d abandoned-runs=%d mismatches=%d judged-runs=%d gates-tripped=%d%n", kills, restarts,
          EVENTS, processedUnderChaos, last.selected(), skipped, abandoned, mismatches, judged, tripped);
      assertTrue(judged > 0, "the gates judged the runs");
      assertEquals(0, tripped, "no gate warned or failed on normal data under chaos");
      assertEquals(0, chaos.count("SELECT count(*) FROM cleaning_job_control WHERE held_at IS NOT NULL"));
      assertTrue(kills >= 20 && restarts >= 2);
      assertTrue(skipped > 0, "the instances met the lock");
      assertEquals(EVENTS, processed(chaos));
      assertEquals(0, mismatches);
    } finally {
      await(vertx.close());
    }
  }

  private static long processed(TestDatabase db) {
    return db.count("SELECT count(*) FROM home_sales_processed");
  }

  private static void awaitProgressPast(TestDatabase db, long before) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (processed(db) <= before) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no progress 60 s after the restart");
      }
      Blocker.sleep(200);
    }
  }

  private static Process start(Map<String, String> env, int instance) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString(), "run");
    builder.environment().putAll(env);
    // Unpipelined one at a time; the default (one pipelined connection); three pipelined connections: each
    // way of writing must survive kills.
    builder.environment().put("CLEANING_JOB_PIPELINE", instance == 0 ? "1" : "16");
    builder.environment().put("CLEANING_JOB_CONCURRENCY", instance == 2 ? "3" : "1");
    File log = LOGS.resolve("instance-" + instance + ".log").toFile();
    return builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
  }

}
