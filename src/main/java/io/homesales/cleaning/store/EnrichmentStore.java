package io.homesales.cleaning.store;

import io.homesales.cleaning.core.enrich.EnrichmentRows;
import io.homesales.cleaning.core.enrich.Enricher;
import io.homesales.cleaning.core.enrich.MortgageRate;
import io.homesales.cleaning.core.enrich.School;
import io.homesales.cleaning.core.enrich.ZipPopulation;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Fetches a page's enrichment rows: one query per table, for the zips and sale dates of the page's
 * valid sales. The three run side by side.
 */
public final class EnrichmentStore {

  static final String POPULATION = """
      SELECT zip_code, population, land_area_sq_mi, median_household_income
        FROM zip_population
       WHERE zip_code = ANY($1)""";

  static final String SCHOOLS = """
      SELECT zip_code, rating
        FROM public_schools
       WHERE zip_code = ANY($1)""";

  /**
   * For each distinct sale date, the newest rate in its window. The window only bounds what is fetched;
   * {@link Enricher} applies the rule to the rows it is given.
   */
  static final String RATES = """
      SELECT DISTINCT r.week_of, r.rate_30yr_fixed
        FROM unnest($1::date[]) AS sale(day)
        CROSS JOIN LATERAL (
              SELECT week_of, rate_30yr_fixed
                FROM mortgage_rates
               WHERE week_of <= sale.day AND week_of >= sale.day - $2::int
               ORDER BY week_of DESC
               LIMIT 1) r""";

  private final Pool pool;

  public EnrichmentStore(Pool pool) {
    this.pool = pool;
  }

  public Future<EnrichmentRows> load(Collection<String> zips, Collection<LocalDate> saleDates) {
    if (zips.isEmpty()) {
      return Future.succeededFuture(EnrichmentRows.NONE);
    }
    String[] zipArray = zips.toArray(String[]::new);
    Future<List<ZipPopulation>> population = pool.preparedQuery(POPULATION).execute(Tuple.of(zipArray))
        .map(EnrichmentStore::population);
    Future<List<School>> schools = pool.preparedQuery(SCHOOLS).execute(Tuple.of(zipArray))
        .map(EnrichmentStore::schools);
    Future<List<MortgageRate>> rates = pool.preparedQuery(RATES)
        .execute(Tuple.of(saleDates.toArray(LocalDate[]::new), Enricher.RATE_WINDOW_DAYS))
        .map(EnrichmentStore::rates);
    return Future.all(population, schools, rates)
        .map(all -> EnrichmentRows.of(population.result(), schools.result(), rates.result()));
  }

  private static List<ZipPopulation> population(RowSet<Row> rows) {
    List<ZipPopulation> list = new ArrayList<>(rows.size());
    for (Row row : rows) {
      list.add(new ZipPopulation(row.getString("zip_code"), row.getInteger("population"),
          row.getDouble("land_area_sq_mi"), row.getInteger("median_household_income")));
    }
    return list;
  }

  private static List<School> schools(RowSet<Row> rows) {
    List<School> list = new ArrayList<>(rows.size());
    for (Row row : rows) {
      Short rating = row.getShort("rating");
      list.add(new School(row.getString("zip_code"), rating == null ? null : rating.intValue()));
    }
    return list;
  }

  private static List<MortgageRate> rates(RowSet<Row> rows) {
    List<MortgageRate> list = new ArrayList<>(rows.size());
    for (Row row : rows) {
      list.add(new MortgageRate(row.getLocalDate("week_of"), row.getBigDecimal("rate_30yr_fixed")));
    }
    return list;
  }
}
