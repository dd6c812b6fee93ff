package io.homesales.cleaning.support;

import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.store.UpstreamTables;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Loads upstream rows into a test database. */
public final class Sample {

  private Sample() {}

  /** The shipped enrichment tables (King County zips, weekly rates 2013-2015). */
  public static void loadEnrichment(TestDatabase db) {
    UpstreamTables upstream = new UpstreamTables(db.pool());
    TestDatabase.await(upstream.insertPopulation(SampleData.zipPopulation())
        .compose(v -> upstream.insertSchools(SampleData.schools()))
        .compose(v -> upstream.insertRates(SampleData.mortgageRates())));
  }

  public static void loadEvents(TestDatabase db, List<RawEvent> events) {
    TestDatabase.await(new UpstreamTables(db.pool()).insertEvents(events));
  }

  /**
   * Events 1..count with the payload of the sample's first sale (a clean record), each received a minute after
   * the one before: event {@code count} is the newest, and newest-first order is descending ids.
   */
  public static void loadInTimeOrder(TestDatabase db, int count) {
    String payload = SampleData.events().get(0).payload();
    OffsetDateTime t = OffsetDateTime.parse("2015-06-01T00:00:00Z");
    List<RawEvent> events = new ArrayList<>();
    for (int id = 1; id <= count; id++) {
      events.add(new RawEvent(id, t.plusMinutes(id), payload));
    }
    loadEvents(db, events);
  }

  /** The whole shipped sample: 3,000 King County sales and their enrichment. */
  public static void loadAll(TestDatabase db) {
    loadEnrichment(db);
    loadEvents(db, SampleData.events());
  }
}
