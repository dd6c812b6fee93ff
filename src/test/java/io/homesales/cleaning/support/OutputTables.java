package io.homesales.cleaning.support;

import io.vertx.sqlclient.Row;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Both output tables as text, one string per row, without the timestamps of the job's own writes. */
public final class OutputTables {

  public static final String ROWS = """
      SELECT 'clean ' || id::text || ROW(received_at, sale_date, price, zip_code, bedrooms, bathrooms, sqft_living,
             sqft_lot, floors, waterfront, view, condition, grade, yr_built, yr_renovated, latitude, longitude,
             zip_population, zip_density, zip_median_income, school_count, school_avg_rating, mortgage_rate_30yr,
             price_per_sqft)::text
        FROM home_sales_clean
      UNION ALL
      SELECT 'processed ' || id::text || ROW(outcome, reasons)::text FROM home_sales_processed""";

  private OutputTables() {}

  public static Set<String> of(TestDatabase db) {
    return of(db.query(ROWS));
  }

  /** The rows of {@link #ROWS}, read by any client: the benchmarks' databases are not a {@link TestDatabase}. */
  public static Set<String> of(Iterable<Row> rows) {
    Set<String> text = new HashSet<>();
    for (Row row : rows) {
      text.add(row.getString(0));
    }
    return text;
  }

  /** Rows in one database's output tables and not in the other's. */
  public static long mismatches(TestDatabase a, TestDatabase b) {
    Set<String> left = of(a);
    Set<String> right = of(b);
    return onlyIn(left, right).size() + onlyIn(right, left).size();
  }

  /** The rows of {@code these} that {@code those} lacks, sorted. */
  public static SortedSet<String> onlyIn(Set<String> these, Set<String> those) {
    SortedSet<String> only = new TreeSet<>(these);
    only.removeAll(those);
    return only;
  }
}
