package io.homesales.cleaning.store;

import io.homesales.cleaning.core.CleanRecord;
import io.homesales.cleaning.core.Cleaned;
import io.homesales.cleaning.core.Outcome;
import io.homesales.cleaning.core.Rejected;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes one record's outcome atomically. A clean record is one statement that inserts into both tables
 * (a statement is its own transaction: both rows or neither); a rejection is its processed row alone.
 * Either statement also takes the event off the job's pending set ({@link PendingSet}), in the same
 * transaction, so an id is never both pending and processed, and records the run that wrote it.
 * A dry run wraps each statement in a transaction that is rolled back: the database still checks every
 * value, and nothing stays.
 *
 * <p>The statements are SQL templates with named parameters. The clean table's column list, the template's
 * parameters and the values all come from one list, {@link #CLEAN_COLUMNS}. The tuple mapper resolves a
 * template's parameter names to their columns once, not per record: the templates' default, a name-keyed map
 * per record, would add a map and 26 lookups to every record on the job's hottest path, for nothing.
 */
public final class RecordWriter {

  /** The clean table's columns as the job writes them ({@code cleaned_at} is the database's default). */
  private static final Map<String, Function<CleanRecord, Object>> CLEAN_COLUMNS = inOrder(List.of(
      column("id", CleanRecord::id),
      column("received_at", CleanRecord::receivedAt),
      column("sale_date", CleanRecord::saleDate),
      column("price", CleanRecord::price),
      column("zip_code", CleanRecord::zipCode),
      column("bedrooms", CleanRecord::bedrooms),
      column("bathrooms", CleanRecord::bathrooms),
      column("sqft_living", CleanRecord::sqftLiving),
      column("sqft_lot", CleanRecord::sqftLot),
      column("floors", CleanRecord::floors),
      column("waterfront", CleanRecord::waterfront),
      column("view", CleanRecord::view),
      column("condition", CleanRecord::condition),
      column("grade", CleanRecord::grade),
      column("yr_built", CleanRecord::yrBuilt),
      column("yr_renovated", CleanRecord::yrRenovated),
      column("latitude", CleanRecord::latitude),
      column("longitude", CleanRecord::longitude),
      column("zip_population", CleanRecord::zipPopulation),
      column("zip_density", CleanRecord::zipDensity),
      column("zip_median_income", CleanRecord::zipMedianIncome),
      column("school_count", CleanRecord::schoolCount),
      column("school_avg_rating", CleanRecord::schoolAvgRating),
      column("mortgage_rate_30yr", CleanRecord::mortgageRate30yr),
      column("price_per_sqft", CleanRecord::pricePerSqft)));

  static final String INSERT_CLEAN = """
      WITH done AS (DELETE FROM cleaning_job_pending WHERE id = #{id}),
      clean AS (
        INSERT INTO home_sales_clean (%s)
        VALUES (%s)
        RETURNING id)
      INSERT INTO home_sales_processed (id, outcome, run_id) SELECT id, 'cleaned', #{run_id} FROM clean""".formatted(
      String.join(", ", CLEAN_COLUMNS.keySet()),
      CLEAN_COLUMNS.keySet().stream().map(name -> "#{" + name + "}").collect(Collectors.joining(", ")));

  static final String INSERT_REJECTED = """
      WITH done AS (DELETE FROM cleaning_job_pending WHERE id = #{id})
      INSERT INTO home_sales_processed (id, outcome, reasons, run_id) VALUES (#{id}, 'rejected', #{reasons}, #{run_id})""";

  private final UUID runId;

  public RecordWriter(UUID runId) {
    this.runId = runId;
  }

  /** The writes of this run on one connection: pipelined, if the connection allows it. */
  public Writes on(SqlConnection connection) {
    return new Writes(connection);
  }

  /** The statements of one connection. */
  public final class Writes {
    private final SqlConnection connection;
    private final SqlTemplate<CleanRecord, SqlResult<Void>> clean;
    private final SqlTemplate<Rejected, SqlResult<Void>> rejection;

    private Writes(SqlConnection connection) {
      this.connection = connection;
      Map<String, Function<CleanRecord, Object>> cleanParameters = new LinkedHashMap<>(CLEAN_COLUMNS);
      cleanParameters.put("run_id", record -> runId);
      this.clean = SqlTemplate.forUpdate(connection, INSERT_CLEAN).mapFrom(new ColumnMapper<>(cleanParameters));
      this.rejection = SqlTemplate.forUpdate(connection, INSERT_REJECTED).mapFrom(new ColumnMapper<>(Map.of(
          "id", Rejected::id,
          "reasons", rejected -> rejected.reasons().toArray(String[]::new),
          "run_id", rejected -> runId)));
    }

    /**
     * Writes an outcome as one statement. The statement's own future is answered, not one mapped from it: a
     * record's write is the job's hottest path, and a mapped future is one more object and callback per record.
     */
    public Future<SqlResult<Void>> write(Outcome outcome) {
      return outcome instanceof Cleaned cleaned
          ? clean.execute(cleaned.record())
          : rejection.execute((Rejected) outcome);
    }

    /** As {@link #write}, in a transaction that is rolled back. */
    public Future<SqlResult<Void>> dryWrite(Outcome outcome) {
      return connection.begin().compose(tx -> write(outcome).eventually(tx::rollback));
    }
  }

  private static Map.Entry<String, Function<CleanRecord, Object>> column(String name,
      Function<CleanRecord, Object> value) {
    return Map.entry(name, value);
  }

  private static Map<String, Function<CleanRecord, Object>> inOrder(
      List<Map.Entry<String, Function<CleanRecord, Object>>> columns) {
    Map<String, Function<CleanRecord, Object>> map = new LinkedHashMap<>();
    columns.forEach(column -> map.put(column.getKey(), column.getValue()));
    return map;
  }
}
