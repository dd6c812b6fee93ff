package io.homesales.cleaning.store;

import io.homesales.cleaning.core.CleanRecord;
import io.homesales.cleaning.core.Cleaned;
import io.homesales.cleaning.core.Outcome;
import io.homesales.cleaning.core.Rejected;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.List;

/**
 * Writes one record's outcome atomically. A clean record is one statement that inserts into both tables
 * (a statement is its own transaction: both rows or neither); a rejection is its processed row alone.
 * Either statement also takes the event off the job's pending set ({@link PendingSet}), in the same
 * transaction: an id is never both pending and processed.
 * In dry-run mode each write runs in an explicit transaction that is rolled back: the database still
 * checks every value, and nothing stays.
 */
public final class RecordWriter {

  static final String INSERT_CLEAN = """
      WITH done AS (DELETE FROM cleaning_job_pending WHERE id = $1),
      clean AS (
        INSERT INTO home_sales_clean (id, received_at, sale_date, price, zip_code, bedrooms, bathrooms,
               sqft_living, sqft_lot, floors, waterfront, view, condition, grade, yr_built, yr_renovated,
               latitude, longitude, zip_population, zip_density, zip_median_income, school_count,
               school_avg_rating, mortgage_rate_30yr, price_per_sqft)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                $21, $22, $23, $24, $25)
        RETURNING id)
      INSERT INTO home_sales_processed (id, outcome) SELECT id, 'cleaned' FROM clean""";

  static final String INSERT_REJECTED = """
      WITH done AS (DELETE FROM cleaning_job_pending WHERE id = $1)
      INSERT INTO home_sales_processed (id, outcome, reasons) VALUES ($1, 'rejected', $2)""";

  private final Pool pool;
  private final boolean dryRun;

  public RecordWriter(Pool pool, boolean dryRun) {
    this.pool = pool;
    this.dryRun = dryRun;
  }

  public Future<Void> write(Outcome outcome) {
    if (outcome instanceof Cleaned cleaned) {
      return execute(INSERT_CLEAN, cleanRow(cleaned.record()));
    }
    Rejected rejected = (Rejected) outcome;
    return writeRejection(rejected.id(), rejected.reasons());
  }

  /** The processed row of a rejected record. */
  public Future<Void> writeRejection(long id, List<String> reasons) {
    // Built explicitly: Tuple.of(Object, Object...) would spread the array into separate parameters.
    return execute(INSERT_REJECTED, Tuple.tuple().addLong(id).addArrayOfString(reasons.toArray(String[]::new)));
  }

  private Future<Void> execute(String sql, Tuple params) {
    if (!dryRun) {
      return pool.preparedQuery(sql).execute(params).mapEmpty();
    }
    return pool.withConnection(connection -> connection.begin().compose(tx ->
        connection.preparedQuery(sql).execute(params).eventually(tx::rollback).mapEmpty()));
  }

  static Tuple cleanRow(CleanRecord r) {
    // Arrays.asList, unlike List.of, holds the nulls of optional columns.
    return Tuple.from(Arrays.asList(
        r.id(), r.receivedAt(), r.saleDate(), r.price(), r.zipCode(), r.bedrooms(), r.bathrooms(),
        r.sqftLiving(), r.sqftLot(), r.floors(), r.waterfront(), r.view(), r.condition(), r.grade(),
        r.yrBuilt(), r.yrRenovated(), r.latitude(), r.longitude(), r.zipPopulation(), r.zipDensity(),
        r.zipMedianIncome(), r.schoolCount(), r.schoolAvgRating(), r.mortgageRate30yr(), r.pricePerSqft()));
  }
}
