package io.homesales.cleaning.support;

import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.store.UpstreamTables;
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

  /** The whole shipped sample: 3,000 King County sales and their enrichment. */
  public static void loadAll(TestDatabase db) {
    loadEnrichment(db);
    loadEvents(db, SampleData.events());
  }
}
