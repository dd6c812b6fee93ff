package io.homesales.cleaning.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.embedded.LocalPostgres;
import io.homesales.cleaning.support.Blocker;
import io.homesales.cleaning.support.Invariants;
import io.homesales.cleaning.support.PostgresServer;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Vertx;
import java.io.File;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A large re-processing killed at random moments. 150,000 processed records (half cleaned, half rejected);
 * {@code reprocess --all} runs in the packaged jar and is killed with SIGKILL at random moments, mostly while its
 * statement runs, and once PostgreSQL itself is stopped under it. After each disturbance the contract's
 * invariants hold, every event is processed or pending, and the re-processing is all or nothing: none of the
 * records is pending, or all are. The database checks its clients every 100 ms
 * ({@code client_connection_check_interval}), so that a killed client's statement is cancelled rather than run
 * to its end: the kills land inside transactions.
 */
class ReprocessChaosIT {

  private static final int RECORDS = 150_000;
  private static final int KILLS = 8;
  private static final Path JAR = Path.of("target", "cleaning-job.jar");

  private final Random random = new Random(20151231);

  @Test
  void aReprocessKilledAnywhereIsAllOrNothing() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (LocalPostgres pg = LocalPostgres.start()) {
      TestDatabase db = TestDatabase.create(PostgresServer.local(pg), vertx);
      db.execute("""
          INSERT INTO raw_home_sale_events
            SELECT g, timestamptz '2015-01-01' + g * interval '1 second', '{}' FROM generate_series(1, %d) g;
          INSERT INTO home_sales_clean (id, received_at, sale_date, price, zip_code, bedrooms, bathrooms, sqft_living,
                 zip_population, school_count, mortgage_rate_30yr, price_per_sqft)
            SELECT g, timestamptz '2015-01-01' + g * interval '1 second', '2014-12-01', 300000, '98178', 3, 2,
                   1500, 24092, 9, 4.1, 200 FROM generate_series(1, %d, 2) g;
          INSERT INTO home_sales_processed (id, outcome, reasons)
            SELECT g, CASE WHEN g %% 2 = 1 THEN 'cleaned' ELSE 'rejected' END,
                   CASE WHEN g %% 2 = 1 THEN NULL ELSE ARRAY['price:range'] END FROM generate_series(1, %d) g;
          ALTER DATABASE %s SET client_connection_check_interval = '100ms';
          CREATE TABLE saved_clean AS SELECT * FROM home_sales_clean;
          CREATE TABLE saved_processed AS SELECT * FROM home_sales_processed;
          """.formatted(RECORDS, RECORDS, RECORDS, db.name()));
      Invariants.assertHold(db);

      int killed = 0;
      int completed = 0;
      int appliedBeforeAKill = 0;
      int rolledBack = 0;
      for (int round = 0; round <= KILLS; round++) {
        restore(db);
        boolean lastRound = round == KILLS;
        Process reprocess = start(db);
        if (lastRound) {
          assertTrue(reprocess.waitFor(5, TimeUnit.MINUTES));
          assertEquals(0, reprocess.exitValue(), "the undisturbed reprocess succeeds");
          completed++;
        } else if (round == KILLS / 2) {
          Blocker.sleep(1_500 + random.nextInt(1_000)); // the statement is running: stop the server under it
          pg.kill();
          reprocess.waitFor(30, TimeUnit.SECONDS);
          pg.restart();
          killed++;
        } else {
          Blocker.sleep(600 + random.nextInt(2_000)); // past the JVM's start, into the statement (or after it)
          reprocess.destroyForcibly(); // SIGKILL
          reprocess.waitFor(10, TimeUnit.SECONDS);
          killed++;
        }
        // A killed client's statement may still run in its server session: check now, and once it has settled.
        check(db);
        awaitSessionsGone(db);
        long pending = check(db);
        if (!lastRound && pending == RECORDS) {
          appliedBeforeAKill++;
        } else if (!lastRound) {
          rolledBack++;
        }
      }
      System.out.printf("reprocess chaos: records=%d kills=%d (one a server stop) rolled-back=%d"
          + " applied-before-the-kill=%d completed=%d%n", RECORDS, killed, rolledBack, appliedBeforeAKill, completed);
      assertEquals(RECORDS, db.count("SELECT count(*) FROM cleaning_job_pending"));
      assertEquals(0, db.count("SELECT count(*) FROM home_sales_processed"));
      assertTrue(rolledBack > 0, "some kills landed inside the transaction");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** The invariants, and all or nothing; answers how many records are pending. */
  private static long check(TestDatabase db) {
    Invariants.assertHold(db);
    long raw = db.count("SELECT count(*) FROM raw_home_sale_events");
    long processed = db.count("SELECT count(*) FROM home_sales_processed");
    long pending = db.count("SELECT count(*) FROM cleaning_job_pending");
    assertEquals(raw, processed + pending, "every event is processed or pending");
    assertTrue(pending == 0 || pending == RECORDS, "all or nothing: " + pending + " pending");
    return pending;
  }

  private static void restore(TestDatabase db) {
    db.execute("BEGIN; TRUNCATE cleaning_job_pending, home_sales_processed, home_sales_clean, cleaning_job_reprocess;"
        + " INSERT INTO home_sales_clean SELECT * FROM saved_clean;"
        + " INSERT INTO home_sales_processed SELECT * FROM saved_processed; COMMIT");
  }

  private static void awaitSessionsGone(TestDatabase db) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        + " AND application_name = 'cleaning-job'") > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the killed reprocess's session never ended");
      }
      Blocker.sleep(100);
    }
  }

  private static Process start(TestDatabase db) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString(), "reprocess", "--all");
    builder.environment().putAll(db.env());
    File log = Path.of("target", "chaos", "reprocess.log").toFile();
    log.getParentFile().mkdirs();
    return builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
  }
}
