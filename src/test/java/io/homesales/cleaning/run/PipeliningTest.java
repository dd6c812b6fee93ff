package io.homesales.cleaning.run;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.sample.EventGenerator;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.support.Blocker;
import io.homesales.cleaning.support.Invariants;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code CLEANING_JOB_PIPELINE}: a writer connection has several statements in flight, each its own implicit
 * transaction (the PG client ends each with its own Sync), executed and committed by the server in the order
 * sent. Commit order is read from the server's commit timestamps ({@code track_commit_timestamp} is on in the
 * test servers).
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class PipeliningTest {

  private final TestDatabase db;

  PipeliningTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void emptyTables() {
    db.truncateAll();
    Sample.loadEnrichment(db);
  }

  @AfterEach
  void dropConstraint() {
    db.execute("ALTER TABLE home_sales_clean DROP CONSTRAINT IF EXISTS test_price_cap");
  }

  /** The processed ids in the order their transactions committed. */
  private List<Long> commitOrder() {
    List<Long> ids = new ArrayList<>();
    db.query("SELECT id FROM home_sales_processed ORDER BY pg_xact_commit_timestamp(xmin), xmin::text::bigint")
        .forEach(row -> ids.add(row.getLong(0)));
    return ids;
  }

  private List<Long> newestFirst() {
    List<Long> ids = new ArrayList<>();
    db.query("SELECT id FROM raw_home_sale_events ORDER BY received_at DESC, id DESC")
        .forEach(row -> ids.add(row.getLong(0)));
    return ids;
  }

  @Test
  void onTheSuccessPathTheCommitOrderIsTheNewestFirstOrder(Vertx vertx) {
    Sample.loadEvents(db, new EventGenerator(11).events(1, 1_000)); // clean and rejected records, every defect
    JobSettings settings = db.settings().withBatchSize(100); // ten pages: the order holds across pages too
    assertEquals(16, settings.pipeline());

    RunSummary summary = await(RunOnce.run(vertx, settings, RunTrigger.MANUAL, false));

    assertEquals(RunStatus.SUCCEEDED, summary.status(), summary.toString());
    assertEquals(1_000, summary.selected());
    assertTrue(summary.rejected() > 100 && summary.cleaned() > 500, summary.toString());
    assertEquals(newestFirst(), commitOrder());
    Invariants.assertHold(db);
  }

  @Test
  void anErrorInOnePipelinedStatementDoesNotAbortTheNextAndItsRejectionCommitsLater(Vertx vertx) {
    Sample.loadEvents(db, new EventGenerator(12).events(1, 400));
    // Every clean record priced from 500,000 up breaks this CHECK (23514) in the middle of the pipeline.
    db.execute("ALTER TABLE home_sales_clean ADD CONSTRAINT test_price_cap CHECK (price < 500000)");

    RunSummary summary = await(RunOnce.run(vertx, db.settings().withBatchSize(400), RunTrigger.MANUAL, false));

    assertEquals(RunStatus.SUCCEEDED, summary.status(), summary.toString());
    assertEquals(400, summary.cleaned() + summary.rejected());
    List<Long> capped = new ArrayList<>();
    db.query("SELECT id FROM home_sales_processed WHERE reasons = ARRAY['database:23514']")
        .forEach(row -> capped.add(row.getLong(0)));
    assertTrue(capped.size() > 20, "expensive sales met the CHECK: " + capped.size());
    assertEquals(0, db.count("SELECT count(*) FROM home_sales_clean WHERE price >= 500000"));
    // The statements sent after a failed one committed on their own, before its rejection did: had they shared
    // its transaction, they would have been rolled back with it.
    List<Long> newest = newestFirst();
    List<Long> committed = commitOrder();
    int overtaken = 0;
    for (long id : capped) {
      long next = newest.indexOf(id) + 1 < newest.size() ? newest.get(newest.indexOf(id) + 1) : -1;
      if (next >= 0 && committed.indexOf(next) < committed.indexOf(id)) {
        overtaken++;
      }
    }
    assertTrue(overtaken > 0, "rejections written after the newer records already in the pipeline");
    Invariants.assertHold(db);
  }

  @Test
  void anInterruptedRunFinishesTheStatementsSentAndSendsNoOther(Vertx vertx) {
    Sample.loadInTimeOrder(db, 20);
    RunOnce.Started started;
    try (Blocker blocker = Blocker.atEvent(db, 20)) {
      // A window of four on one connection: 20 (held), 19, 18, 17 are sent, and nothing else.
      started = RunOnce.start(vertx, db.settings().withPipeline(4), RunTrigger.MANUAL, false);
      blocker.awaitJobWaiting();
      Blocker.sleep(300);
      started.run().interrupt(); // SIGTERM
    }
    RunSummary summary = await(started.result());
    assertEquals(RunStatus.INTERRUPTED, summary.status(), summary.toString());
    assertEquals(4, summary.cleaned());
    assertEquals(List.of(20L, 19L, 18L, 17L), commitOrder());
    Invariants.assertHold(db);
  }

  @Test
  void aHeldRecordHoldsBackOnlyTheStatementsBehindItOnItsConnection(Vertx vertx) {
    Sample.loadInTimeOrder(db, 20);
    Future<RunSummary> run;
    try (Blocker blocker = Blocker.atEvent(db, 20)) {
      // Two connections, two statements each: 20 and 18 go to the first, 19 and 17 to the second; then the
      // first has no room, and every other record goes through the second.
      run = RunOnce.run(vertx, db.settings().withConcurrency(2).withPipeline(2), RunTrigger.MANUAL, false);
      blocker.awaitJobWaiting();
      db.awaitCount("SELECT count(*) FROM home_sales_processed", 18);
      Blocker.sleep(300);
      assertEquals(18, db.count("SELECT count(*) FROM home_sales_processed"));
      assertEquals(0, db.count("SELECT count(*) FROM home_sales_processed WHERE id IN (18, 20)"));
      assertFalse(run.isComplete(), "the page waits for its statements in flight");
    }
    RunSummary summary = await(run);
    assertEquals(RunStatus.SUCCEEDED, summary.status(), summary.toString());
    assertEquals(20, summary.cleaned());
    Invariants.assertHold(db);
  }
}
