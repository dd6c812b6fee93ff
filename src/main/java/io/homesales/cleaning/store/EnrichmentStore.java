package io.homesales.cleaning.store;

import io.homesales.cleaning.core.enrich.Enricher;
import io.homesales.cleaning.core.enrich.EnrichmentRows;
import io.homesales.cleaning.core.enrich.MortgageRate;
import io.homesales.cleaning.core.enrich.School;
import io.homesales.cleaning.core.enrich.ZipPopulation;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.templates.RowMapper;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Fetches a page's enrichment rows: one query per table, for the zips and sale dates of the page's
 * valid sales. The three run side by side. Each is an SQL template with named parameters and a row mapper;
 * the client prepares and caches them like any other statement.
 */
public final class EnrichmentStore {

  static final String POPULATION = """
      SELECT zip_code, population, land_area_sq_mi, median_household_income
        FROM zip_population
       WHERE zip_code = ANY(#{zips})""";

  static final String SCHOOLS = """
      SELECT zip_code, rating
        FROM public_schools
       WHERE zip_code = ANY(#{zips})""";

  /**
   * For each distinct sale date, the newest rate in its window. The window only bounds what is fetched;
   * {@link Enricher} applies the rule to the rows it is given.
   */
  static final String RATES = """
      SELECT DISTINCT r.week_of, r.rate_30yr_fixed
        FROM unnest(#{sale_dates}::date[]) AS sale(day)
        CROSS JOIN LATERAL (
              SELECT week_of, rate_30yr_fixed
                FROM mortgage_rates
               WHERE week_of <= sale.day AND week_of >= sale.day - #{window_days}::int
               ORDER BY week_of DESC
               LIMIT 1) r""";

  // Parsed once per store (a run's), not once per page.
  private final SqlTemplate<Map<String, Object>, RowSet<ZipPopulation>> population;
  private final SqlTemplate<Map<String, Object>, RowSet<School>> schools;
  private final SqlTemplate<Map<String, Object>, RowSet<MortgageRate>> rates;

  public EnrichmentStore(Pool pool) {
    this.population = SqlTemplate.forQuery(pool, POPULATION).mapTo(POPULATION_ROW);
    this.schools = SqlTemplate.forQuery(pool, SCHOOLS).mapTo(SCHOOL_ROW);
    this.rates = SqlTemplate.forQuery(pool, RATES).mapTo(RATE_ROW);
  }

  public Future<EnrichmentRows> load(Collection<String> zips, Collection<LocalDate> saleDates) {
    if (zips.isEmpty()) {
      return Future.succeededFuture(EnrichmentRows.NONE);
    }
    Map<String, Object> zipParameters = Map.of("zips", zips.toArray(String[]::new));
    Future<List<ZipPopulation>> zipRows = population.execute(zipParameters).map(Rows::list);
    Future<List<School>> schoolRows = schools.execute(zipParameters).map(Rows::list);
    Future<List<MortgageRate>> rateRows = rates
        .execute(Map.of("sale_dates", saleDates.toArray(LocalDate[]::new), "window_days", Enricher.RATE_WINDOW_DAYS))
        .map(Rows::list);
    return Future.all(zipRows, schoolRows, rateRows)
        .map(all -> EnrichmentRows.of(zipRows.result(), schoolRows.result(), rateRows.result()));
  }

  // The mappers read by position, in each SELECT's order: a name is looked up in the row's columns for every value,
  // and a page brings hundreds of school rows.

  private static final RowMapper<ZipPopulation> POPULATION_ROW = row -> new ZipPopulation(row.getString(0),
      row.getInteger(1), row.getDouble(2), row.getInteger(3));

  private static final RowMapper<School> SCHOOL_ROW = row -> {
    Short rating = row.getShort(1);
    return new School(row.getString(0), rating == null ? null : rating.intValue());
  };

  private static final RowMapper<MortgageRate> RATE_ROW = row -> new MortgageRate(row.getLocalDate(0),
      row.getBigDecimal(1));
}
