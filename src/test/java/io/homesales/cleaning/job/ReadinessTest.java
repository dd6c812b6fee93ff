package io.homesales.cleaning.job;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.run.RunOnce;
import io.homesales.cleaning.run.RunSummary;
import io.homesales.cleaning.run.RunTrigger;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.settings.Addresses;
import io.homesales.cleaning.store.PendingSet;
import io.homesales.cleaning.support.DocumentedGrants;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code complete_through}: every raw event received before it is processed, as far as the job can know. What it
 * sees (events already stored but not yet in the pending set, late events with new ids, re-queued records), and
 * what it cannot (an event stored late with an old time and an old id, below the pending set's look-back).
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class ReadinessTest {

  private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-11-01T00:00:00Z");
  private static final String PAYLOAD = SampleData.events().get(0).payload();
  private final TestDatabase db;

  ReadinessTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void processedHistory(Vertx vertx) {
    db.truncateAll();
    Sample.loadEnrichment(db);
    // Ten events an hour apart from T0, all processed.
    for (int i = 1; i <= 10; i++) {
      event(i, T0.plusHours(i));
    }
    RunSummary summary = run(vertx);
    assertEquals(10, summary.cleaned());
  }

  private void event(long id, OffsetDateTime receivedAt) {
    Sample.loadEvents(db, List.of(new RawEvent(id, receivedAt, PAYLOAD)));
  }

  private RunSummary run(Vertx vertx) {
    return await(RunOnce.run(vertx, db.settings(), RunTrigger.MANUAL, false));
  }

  private OffsetDateTime completeThrough() {
    return db.query("SELECT complete_through FROM cleaning_job_status").get(0).getOffsetDateTime(0);
  }

  @Test
  void withNothingUnprocessedItIsTheTimeOfTheCheckAndEachRunRecordsIt(Vertx vertx) {
    OffsetDateTime before = OffsetDateTime.now().minusSeconds(5);
    assertTrue(completeThrough().isAfter(before));
    // The run (before this test) recorded the time of its own end's check: not before it started, nor in the future.
    io.vertx.sqlclient.Row run = db.query("SELECT complete_through, started_at FROM cleaning_job_runs").get(0);
    OffsetDateTime recorded = run.getOffsetDateTime("complete_through");
    assertTrue(!recorded.isBefore(run.getOffsetDateTime("started_at")) && !recorded.isAfter(OffsetDateTime.now()),
        recorded + " against the run's start " + run.getOffsetDateTime("started_at"));
  }

  @Test
  void eventsStoredSinceTheLastRunCountAlthoughTheyAreNotYetInThePendingSet(Vertx vertx) {
    event(11, T0.plusHours(11));
    event(12, T0.plusHours(12));
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_pending"), "not yet in the pending set");
    assertEquals(T0.plusHours(11).toInstant(), completeThrough().toInstant());
    assertEquals(2, db.count("SELECT backlog_events FROM cleaning_job_status"));
    run(vertx);
    assertTrue(completeThrough().isAfter(T0.plusDays(1)));
  }

  @Test
  void aLateEventWithANewIdMovesItBackwards(Vertx vertx) {
    OffsetDateTime now = completeThrough();
    event(100, T0.plusMinutes(30)); // stored now, received long ago: above the highest id seen
    assertEquals(T0.plusMinutes(30).toInstant(), completeThrough().toInstant());
    assertTrue(completeThrough().isBefore(now), "it can move backwards");
    run(vertx);
    assertTrue(completeThrough().isAfter(T0.plusDays(1)));
  }

  @Test
  void aLateEventWithAnOldTimeAndAnOldIdIsNotSeenUntilTheNextRunsCountCheck(Vertx vertx) {
    // The pending set's watermark is the newest event seen (T0 + 10 h), its look-back 10 minutes, and the
    // highest id seen is 10. An event stored now with id 0 and a time of T0 + 5 min is neither above the id
    // watermark nor inside the look-back: the view cannot see it.
    event(0, T0.plusMinutes(5));
    assertTrue(T0.plusHours(10).minus(PendingSet.LOOK_BACK).isAfter(T0.plusMinutes(5)));
    assertTrue(completeThrough().isAfter(T0.plusDays(1)), "documented: complete_through cannot know of it yet");
    RunSummary next = run(vertx); // its count check sees raw = processed + pending + 1, and rebuilds the set
    assertEquals(1, next.selected());
    assertEquals(1, db.count("SELECT count(*) FROM home_sales_processed WHERE id = 0"));
    assertTrue(completeThrough().isAfter(T0.plusDays(1)));
  }

  @Test
  void aReprocessMovesItBackToTheOldestRequeuedEvent(Vertx vertx) {
    Pool pool = db.pool(vertx, 2);
    try {
      await(new Reprocessor(pool).apply(ReprocessRequest.fromJson(new JsonObject().put("idRange", "3-5"), "test")));
    } finally {
      await(pool.close());
    }
    assertEquals(T0.plusHours(3).toInstant(), completeThrough().toInstant());
  }

  @Test
  void aReaderRoleWithTheDocumentedGrantsReadsTheViewAndNothingElse(Vertx vertx) {
    db.execute("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'training_reader') THEN"
        + " DROP OWNED BY training_reader; DROP ROLE training_reader; END IF; END $$");
    db.execute(DocumentedGrants.of("reader", db.name()));
    Pool reader = PgBuilder.pool().connectingTo(db.settings().connectOptions().setUser("training_reader")
        .setPassword("change-me")).using(vertx).build();
    try {
      JsonObject row = await(reader.query("SELECT complete_through, backlog_events, last_success_run_id"
          + " FROM cleaning_job_status").execute()).iterator().next().toJson();
      assertEquals(0, row.getInteger("backlog_events"));
      assertFalse(row.getString("last_success_run_id").isEmpty());
      RuntimeException denied = assertThrows(RuntimeException.class,
          () -> await(reader.query("SELECT count(*) FROM raw_home_sale_events").execute()));
      assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());
    } finally {
      await(reader.close());
      db.execute("DROP OWNED BY training_reader; DROP ROLE training_reader");
    }
  }

  @Test
  void theStatusAndTheMetricSayTheSame(Vertx vertx) {
    event(11, T0.plusHours(11));
    var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    String deployment = await(vertx.deployVerticle(new CleaningJobVerticle(registry),
        new io.vertx.core.DeploymentOptions().setConfig(db.config().put("runOnStart", false).put("intervalSeconds", 0))));
    JsonObject status = await(vertx.eventBus().<JsonObject>request(Addresses.DEFAULT_STATUS, null)).body();
    double gauge = registry.get("cleaning.job.complete.through.timestamp").gauge().value();
    await(vertx.undeploy(deployment));
    assertEquals(T0.plusHours(11).toEpochSecond(), (long) gauge);
    assertEquals(T0.plusHours(11).toInstant(), OffsetDateTime.parse(status.getString("completeThrough")).toInstant());
    assertEquals(Duration.ofHours(11).toSeconds(),
        Duration.between(T0, OffsetDateTime.parse(status.getJsonObject("backlog").getString("oldestReceivedAt")))
            .toSeconds());
  }
}
