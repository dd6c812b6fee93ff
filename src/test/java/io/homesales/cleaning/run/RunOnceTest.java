package io.homesales.cleaning.run;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.support.Blocker;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code run-once}'s run: its summary as soon as the run has ended (printed while the pool closes), the same
 * summary as its result, and no connection of its own pool left behind.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class RunOnceTest {

  private static final String JOB_SESSIONS = "SELECT count(*) FROM pg_stat_activity"
      + " WHERE application_name = '" + JobSettings.APPLICATION_NAME + "' AND datname = current_database()";

  @Test
  void theSummaryComesWhenTheRunEndsAndItsPoolIsClosedAfterIt(Vertx vertx, TestDatabase db) {
    db.truncateAll();
    Sample.loadEnrichment(db);
    Sample.loadEvents(db, SampleData.events().subList(0, 700));

    RunOnce.Started started = RunOnce.start(vertx, db.settings().withBatchSize(200), RunTrigger.MANUAL, false);
    RunSummary ended = await(started.ended());
    RunSummary result = await(started.result());

    assertSame(ended, result, "one summary, told twice");
    assertEquals(RunStatus.SUCCEEDED, ended.status(), ended.toString());
    assertEquals(700, ended.selected());
    assertEquals(700, db.count("SELECT count(*) FROM home_sales_processed"));
    // A closed connection leaves pg_stat_activity once its backend has exited, a moment after the client lets go;
    // a pool left open would keep its sessions there until the deadline.
    long deadline = System.nanoTime() + 10_000_000_000L;
    long sessions;
    while ((sessions = db.count(JOB_SESSIONS)) > 0 && System.nanoTime() < deadline) {
      Blocker.sleep(50);
    }
    assertEquals(0, sessions, "the run's connections are still open 10 s after its result");
  }
}
