package io.homesales.cleaning.store;

import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.core.enrich.MortgageRate;
import io.homesales.cleaning.core.enrich.ZipPopulation;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Writes rows into the upstream tables, as ingestion would: for the demo, {@code load-sample}, the tests and the
 * benchmarks.
 * The job itself never writes these tables.
 */
public final class UpstreamTables {

  /** One row of {@code public_schools}. */
  public record SchoolRow(String schoolId, String zipCode, String name, Integer rating, Integer enrollment) {}

  private static final int CHUNK = 1_000;

  private final Pool pool;

  public UpstreamTables(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> insertEvents(List<RawEvent> events) {
    return insert("INSERT INTO raw_home_sale_events (id, received_at, payload) VALUES ($1, $2, $3)", events,
        e -> Tuple.of(e.id(), e.receivedAt(), e.payload()));
  }

  public Future<Void> insertPopulation(List<ZipPopulation> rows) {
    return insert("INSERT INTO zip_population (zip_code, population, land_area_sq_mi, median_household_income)"
        + " VALUES ($1, $2, $3, $4) ON CONFLICT (zip_code) DO NOTHING", rows,
        p -> Tuple.from(Arrays.asList(p.zipCode(), p.population(), p.landAreaSqMi(), p.medianHouseholdIncome())));
  }

  public Future<Void> insertSchools(List<SchoolRow> rows) {
    return insert("INSERT INTO public_schools (school_id, zip_code, name, rating, enrollment)"
        + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (school_id) DO NOTHING", rows,
        s -> Tuple.from(Arrays.asList(s.schoolId(), s.zipCode(), s.name(),
            s.rating() == null ? null : s.rating().shortValue(), s.enrollment())));
  }

  public Future<Void> insertRates(List<MortgageRate> rows) {
    return insert("INSERT INTO mortgage_rates (week_of, rate_30yr_fixed) VALUES ($1, $2)"
        + " ON CONFLICT (week_of) DO NOTHING", rows,
        r -> Tuple.of(r.weekOf(), r.rate30yrFixed()));
  }

  private <T> Future<Void> insert(String sql, List<T> rows, Function<T, Tuple> toTuple) {
    Future<Void> done = Future.succeededFuture();
    for (int from = 0; from < rows.size(); from += CHUNK) {
      List<Tuple> chunk = new ArrayList<>();
      for (T row : rows.subList(from, Math.min(rows.size(), from + CHUNK))) {
        chunk.add(toTuple.apply(row));
      }
      done = done.compose(v -> pool.preparedQuery(sql).executeBatch(chunk).mapEmpty());
    }
    return done;
  }
}
