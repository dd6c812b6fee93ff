package io.homesales.cleaning.cli;

import io.homesales.cleaning.embedded.LocalPostgres;
import io.homesales.cleaning.job.JobSettings;
import io.homesales.cleaning.job.OneRun;
import io.homesales.cleaning.job.RunSummary;
import io.homesales.cleaning.job.RunTrigger;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.store.Schema;
import io.homesales.cleaning.store.UpstreamTables;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.io.PrintStream;

/**
 * The job on an embedded default, for a new user with nothing installed: a throwaway PostgreSQL, every
 * table, the King County sample (3,000 sales and their enrichment), one run, and a look at the results.
 */
final class Demo {

  private Demo() {}

  static int run(PrintStream out, PrintStream err) {
    out.println("Starting an embedded PostgreSQL (the first start extracts its binaries)...");
    try (LocalPostgres pg = LocalPostgres.start()) {
      JobSettings settings = JobSettings.fromJson(new JsonObject().put("host", pg.host()).put("port", pg.port())
          .put("database", pg.database()).put("user", pg.user()).put("sslMode", "disable"));
      Vertx vertx = Vertx.vertx();
      Pool pool = PgBuilder.pool().connectingTo(settings.connectOptions()).using(vertx).build();
      try {
        UpstreamTables upstream = new UpstreamTables(pool);
        Commands.await(Schema.applyAll(pool)
            .compose(v -> upstream.insertPopulation(SampleData.zipPopulation()))
            .compose(v -> upstream.insertSchools(SampleData.schools()))
            .compose(v -> upstream.insertRates(SampleData.mortgageRates()))
            .compose(v -> upstream.insertEvents(SampleData.events())), 300);
        out.printf("Loaded %d raw events (King County sales, May 2014 - May 2015) and their enrichment.%n",
            SampleData.events().size());
        out.println("Running the job once...");
        RunSummary summary = Commands.await(OneRun.run(vertx, settings, RunTrigger.MANUAL, false), 3600);
        out.println("Run summary:");
        out.println(summary.toJson().encodePrettily());
        printCleaned(out, Commands.await(pool.query("""
            SELECT id, sale_date, price, zip_code, bedrooms, bathrooms, sqft_living, zip_population,
                   round(zip_density::numeric, 1) AS zip_density, school_count, mortgage_rate_30yr, price_per_sqft
              FROM home_sales_clean ORDER BY received_at DESC, id DESC LIMIT 5""").execute(), 60));
        printRejected(out, Commands.await(pool.query("""
            SELECT id, reasons FROM home_sales_processed WHERE outcome = 'rejected' ORDER BY id""").execute(), 60));
        return summary.succeeded() ? Main.OK : Main.FAILED;
      } finally {
        // One after the other from this thread: a close chained inside a Vert.x callback would complete
        // on an event loop that the close itself shuts down.
        Commands.awaitQuietly(pool.close(), 10);
        Commands.awaitQuietly(vertx.close(), 10);
      }
    } catch (Exception e) {
      err.println("cleaning-job: demo failed: " + e.getMessage());
      return Main.FAILED;
    }
  }

  private static void printCleaned(PrintStream out, RowSet<Row> rows) {
    out.println("\nNewest cleaned rows (home_sales_clean):");
    out.printf("%6s  %-10s  %12s  %-5s  %4s  %5s  %6s  %8s  %8s  %7s  %5s  %8s%n", "id", "sale_date", "price", "zip",
        "beds", "baths", "sqft", "zip_pop", "density", "schools", "rate", "$/sqft");
    for (Row r : rows) {
      out.printf("%6d  %-10s  %12s  %-5s  %4d  %5s  %6d  %8d  %8s  %7d  %5s  %8s%n", r.getLong("id"),
          r.getLocalDate("sale_date"), r.getBigDecimal("price").toPlainString(), r.getString("zip_code"),
          r.getShort("bedrooms"), r.getBigDecimal("bathrooms").toPlainString(), r.getInteger("sqft_living"),
          r.getInteger("zip_population"), r.getBigDecimal("zip_density"), r.getInteger("school_count"),
          r.getBigDecimal("mortgage_rate_30yr"), r.getBigDecimal("price_per_sqft"));
    }
  }

  private static void printRejected(PrintStream out, RowSet<Row> rows) {
    out.println("\nRejected events (home_sales_processed):");
    for (Row r : rows) {
      out.printf("%6d  %s%n", r.getLong("id"), String.join(", ", r.getArrayOfStrings("reasons")));
    }
  }

}
