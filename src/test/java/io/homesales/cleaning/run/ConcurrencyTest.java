package io.homesales.cleaning.run;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.sample.EventGenerator;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.support.Blocker;
import io.homesales.cleaning.support.Invariants;
import io.homesales.cleaning.support.OutputTables;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code CLEANING_JOB_CONCURRENCY}: several records in flight, each its own transaction, newest first. The
 * window's bounds are those of the connections: these tests turn pipelining off ({@code pipeline = 1}), so that
 * each connection has one record in flight; {@link PipeliningTest} covers the pipelined window.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class ConcurrencyTest {

  private static final int EVENTS = 20;

  private final TestDatabase db;

  ConcurrencyTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void emptyTables() {
    db.truncateAll();
    Sample.loadEnrichment(db);
  }

  /** Events 1..20, each newer than the one before: event 20 is the newest. */
  private void loadTwentyInTimeOrder() {
    Sample.loadInTimeOrder(db, EVENTS);
  }

  @Test
  void concurrentWritesGiveTheSameTablesAsSequentialOnes(Vertx vertx) {
    Sample.loadEvents(db, new EventGenerator(7).events(1, 3_000)); // every kind of defect
    JobSettings settings = db.settings().withBatchSize(200);

    RunSummary sequential = await(RunOnce.run(vertx, settings.withPipeline(1), RunTrigger.MANUAL, false));
    Set<String> expected = OutputTables.of(db);
    // Four connections one record at a time, four pipelined, and one pipelined connection (the default).
    for (JobSettings other : List.of(settings.withConcurrency(4).withPipeline(1), settings.withConcurrency(4),
        settings)) {
      db.execute("TRUNCATE home_sales_clean, home_sales_processed, cleaning_job_runs CASCADE");
      RunSummary concurrent = await(RunOnce.run(vertx, other, RunTrigger.MANUAL, false));

      assertEquals(RunStatus.SUCCEEDED, concurrent.status(), concurrent.toString());
      assertEquals(3_000, concurrent.selected());
      assertEquals(sequential.cleaned(), concurrent.cleaned());
      assertEquals(sequential.rejected(), concurrent.rejected());
      assertTrue(concurrent.rejected() > 500 && concurrent.cleaned() > 1_500, concurrent.toString());
      assertEquals(expected, OutputTables.of(db), other.toString());
      Invariants.assertHold(db);
    }
  }

  @Test
  void atMostTheConfiguredNumberOfRecordsAreInFlightAndTheNewestGoFirst(Vertx vertx) {
    loadTwentyInTimeOrder();
    Future<RunSummary> run;
    // The five newest are held: four of them fill the window, and nothing else may start meanwhile.
    try (Blocker blocker = Blocker.atEvents(db, 20, 19, 18, 17, 16)) {
      run = RunOnce.run(vertx, db.settings().withConcurrency(4).withPipeline(1), RunTrigger.MANUAL, false);
      blocker.awaitJobsWaiting(4);
      Blocker.sleep(500);
      assertEquals(4, blocker.jobsWaiting());
      assertEquals(0, db.count("SELECT count(*) FROM home_sales_processed"));
    }
    RunSummary summary = await(run);
    assertEquals(RunStatus.SUCCEEDED, summary.status(), summary.toString());
    assertEquals(EVENTS, db.count("SELECT count(*) FROM home_sales_processed"));
    Invariants.assertHold(db);
  }

  @Test
  void anInterruptedRunFinishesTheRecordsInFlightAndStartsNoOther(Vertx vertx) {
    loadTwentyInTimeOrder();
    RunOnce.Started started;
    try (Blocker blocker = Blocker.atEvents(db, 20, 19, 18, 17)) {
      started = RunOnce.start(vertx, db.settings().withConcurrency(4).withPipeline(1), RunTrigger.MANUAL, false);
      blocker.awaitJobsWaiting(4);
      started.run().interrupt(); // SIGTERM
    }
    RunSummary summary = await(started.result());
    assertEquals(RunStatus.INTERRUPTED, summary.status(), summary.toString());
    assertEquals(4, summary.cleaned());
    assertEquals(List.of(17L, 18L, 19L, 20L), processedIds());
    Invariants.assertHold(db);
  }

  private List<Long> processedIds() {
    List<Long> ids = new ArrayList<>();
    db.query("SELECT id FROM home_sales_processed ORDER BY id").forEach(row -> ids.add(row.getLong(0)));
    return ids;
  }

  @Test
  void aSlowRecordDoesNotHoldBackTheOthers(Vertx vertx) {
    loadTwentyInTimeOrder();
    Future<RunSummary> run;
    try (Blocker blocker = Blocker.atEvent(db, 20)) {
      run = RunOnce.run(vertx, db.settings().withConcurrency(4).withPipeline(1), RunTrigger.MANUAL, false);
      blocker.awaitJobWaiting();
      awaitProcessed(EVENTS - 1); // the other three slots went through the rest of the page
      assertEquals(0, db.count("SELECT count(*) FROM home_sales_processed WHERE id = 20"));
      assertTrue(!run.isComplete(), "the page waits for its record in flight");
    }
    RunSummary summary = await(run);
    assertEquals(RunStatus.SUCCEEDED, summary.status(), summary.toString());
    assertEquals(EVENTS, summary.cleaned());
    Invariants.assertHold(db);
  }

  @Test
  void byDefaultOneRecordAtATimeAsTheDatabaseSeesIt(Vertx vertx) {
    loadTwentyInTimeOrder();
    // One connection, pipelined: the records sent behind a held one wait for it, as the server executes a
    // connection's statements one after the other.
    assertEquals(1, db.settings().concurrency());
    assertEquals(16, db.settings().pipeline());
    Future<RunSummary> run;
    try (Blocker blocker = Blocker.atEvent(db, 20)) {
      run = RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false);
      blocker.awaitJobWaiting();
      Blocker.sleep(500);
      assertEquals(0, db.count("SELECT count(*) FROM home_sales_processed"));
    }
    assertEquals(EVENTS, await(run).cleaned());
  }

  private void awaitProcessed(long count) {
    db.awaitCount("SELECT count(*) FROM home_sales_processed", count);
  }
}
