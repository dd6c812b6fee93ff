package io.homesales.cleaning.store;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.run.RunOnce;
import io.homesales.cleaning.run.RunStatus;
import io.homesales.cleaning.run.RunSummary;
import io.homesales.cleaning.run.RunTrigger;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.support.Invariants;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pending set a run selects from must take exactly what the contract's anti-join would: new events,
 * events stored late with an old time and a low id, events made unprocessed again by hand, and not events
 * deleted upstream.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class PendingSetTest {

  private static final OffsetDateTime T = OffsetDateTime.parse("2015-06-01T00:00:00Z");

  private final TestDatabase db;

  PendingSetTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void emptyTables() {
    db.truncateAll();
    Sample.loadEnrichment(db);
  }

  /** Events with the given ids, event {@code id} received {@code id} minutes after T. */
  private void load(long... ids) {
    String payload = SampleData.events().get(0).payload();
    List<RawEvent> events = new ArrayList<>();
    for (long id : ids) {
      events.add(new RawEvent(id, T.plusMinutes(id), payload));
    }
    Sample.loadEvents(db, events);
  }

  private RunSummary run(Vertx vertx) {
    return run(vertx, db.settings());
  }

  private RunSummary run(Vertx vertx, JobSettings settings) {
    RunSummary summary = await(RunOnce.run(vertx, settings, RunTrigger.MANUAL, false));
    assertEquals(RunStatus.SUCCEEDED, summary.status(), summary.toString());
    Invariants.assertHold(db);
    return summary;
  }

  private OffsetDateTime lastRebuild() {
    return db.query("SELECT reconciled_at FROM cleaning_job_watermark").get(0).getOffsetDateTime(0);
  }

  private List<Long> unprocessedByTheContract() {
    List<Long> ids = new ArrayList<>();
    db.query("SELECT id FROM raw_home_sale_events r WHERE NOT EXISTS"
            + " (SELECT 1 FROM home_sales_processed p WHERE p.id = r.id) ORDER BY id")
        .forEach(row -> ids.add(row.getLong(0)));
    return ids;
  }

  @Test
  void newEventsAreFedWithoutARebuild(Vertx vertx) {
    load(100, 101, 102);
    assertEquals(3, run(vertx).selected());
    OffsetDateTime rebuilt = lastRebuild();

    load(200, 201, 202, 203);
    assertEquals(4, run(vertx).selected());
    assertEquals(rebuilt, lastRebuild(), "fed from above the watermark, no anti-join over the history");
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_pending"));
    assertEquals(List.of(), unprocessedByTheContract());
  }

  /** Events 100..102 processed, then event {@code id} stored late, a month older: the last rebuild's time. */
  private OffsetDateTime processedThenStoredLate(Vertx vertx, long id) {
    load(100, 101, 102);
    run(vertx);
    OffsetDateTime rebuilt = lastRebuild();
    Sample.loadEvents(db, List.of(new RawEvent(id, T.minusDays(30), SampleData.events().get(1).payload())));
    return rebuilt;
  }

  @Test
  void anEventStoredLateWithAnOldTimeAndALowIdIsTakenByTheNextRun(Vertx vertx) {
    // Below the watermark's time (and its look-back) and below its highest id: no feed can see it.
    OffsetDateTime rebuilt = processedThenStoredLate(vertx, 5);

    RunSummary next = run(vertx);
    assertEquals(1, next.selected());
    assertEquals(1, db.count("SELECT count(*) FROM home_sales_processed WHERE id = 5"));
    assertTrue(lastRebuild().isAfter(rebuilt), "the counts differed, so the set was rebuilt");
  }

  @Test
  void anEventStoredLateWithAnOldTimeButANewIdIsFedWithoutARebuild(Vertx vertx) {
    // Ids from a sequence: a late event gets the next id whatever its received_at.
    OffsetDateTime rebuilt = processedThenStoredLate(vertx, 103);

    assertEquals(1, run(vertx).selected());
    assertEquals(1, db.count("SELECT count(*) FROM home_sales_processed WHERE id = 103"));
    assertEquals(rebuilt, lastRebuild(), "fed by its id, above the highest seen");
  }

  @Test
  void eventsMadeUnprocessedAgainByHandAreTakenAgain(Vertx vertx) {
    load(1, 2, 3, 4, 5);
    run(vertx);
    db.execute("DELETE FROM home_sales_clean WHERE id IN (2, 4); DELETE FROM home_sales_processed WHERE id IN (2, 4)");

    assertEquals(2, run(vertx).selected());
    assertEquals(5, db.count("SELECT count(*) FROM home_sales_clean"));
  }

  @Test
  void anEventDeletedUpstreamWhilePendingIsDropped(Vertx vertx) {
    load(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    RunSummary first = await(RunOnce.run(vertx, db.settings().withMaxRecordsPerRun(4), RunTrigger.MANUAL, false));
    assertEquals(4, first.selected()); // 10..7; 6..1 stay pending
    assertEquals(6, db.count("SELECT count(*) FROM cleaning_job_pending"));
    db.execute("DELETE FROM raw_home_sale_events WHERE id = 3");

    RunSummary second = run(vertx);
    assertEquals(5, second.selected());
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_pending"));
    assertEquals(0, db.count("SELECT count(*) FROM home_sales_processed WHERE id = 3"));
    assertEquals(List.of(), unprocessedByTheContract());
  }

  /**
   * The one case the counts cannot see: in the same interval an event is deleted upstream while pending
   * and another is stored late below the watermark. The hourly rebuild takes it.
   */
  @Test
  void aCoincidenceTheCountsCannotSeeWaitsForTheHourlyRebuild(Vertx vertx) {
    load(10, 11, 12, 13);
    await(RunOnce.run(vertx, db.settings().withMaxRecordsPerRun(2), RunTrigger.MANUAL, false)); // 13, 12
    db.execute("DELETE FROM raw_home_sale_events WHERE id = 11");
    Sample.loadEvents(db, List.of(new RawEvent(3, T.minusDays(30), SampleData.events().get(1).payload())));

    // Pages of one: the first holds only the stale row of event 11, passed over; the next holds event 10.
    RunSummary summary = run(vertx, db.settings().withBatchSize(1));
    assertEquals(1, summary.selected()); // event 10; event 3 missed: raw 4 = processed 3 + pending 1 (stale 11)
    assertEquals(1, db.count("SELECT count(*) FROM home_sales_processed WHERE id = 10"));
    assertEquals(List.of(3L), unprocessedByTheContract());

    db.execute("UPDATE cleaning_job_watermark SET reconciled_at = now() - interval '61 minutes'");
    assertEquals(1, run(vertx).selected());
    assertEquals(List.of(), unprocessedByTheContract());
  }

  @Test
  void aRefreshReportsWhatItDid(Vertx vertx) {
    load(1, 2, 3);
    PendingSet pending = new PendingSet(db.pool());
    PendingSet.Refresh first = await(pending.refresh(Duration.ofHours(1)));
    assertEquals("first run", first.rebuiltBecause());
    assertEquals(3, first.added());
    assertEquals(3, first.pending());

    load(40, 50); // the watermark moves to T + 50 min; the next feed looks back to T + 40 min
    PendingSet.Refresh second = await(pending.refresh(Duration.ofHours(1)));
    assertNull(second.rebuiltBecause());
    assertEquals(2, second.fed());
    assertEquals(5, second.pending());
    assertEquals(5, second.raw());

    db.execute("DELETE FROM cleaning_job_pending WHERE id = 1"); // lost, and out of the feed's reach
    PendingSet.Refresh third = await(pending.refresh(Duration.ofHours(1)));
    assertEquals("raw 5 <> processed 0 + pending 4", third.rebuiltBecause());
    assertEquals(1, third.added());
    assertEquals(5, third.pending());
  }
}
