package io.homesales.cleaning.cli;

import io.homesales.cleaning.embedded.LocalPostgres;
import io.homesales.cleaning.http.HttpSettings;
import io.homesales.cleaning.http.OperationsServer;
import io.homesales.cleaning.job.CleaningJobVerticle;
import io.homesales.cleaning.run.RunOnce;
import io.homesales.cleaning.run.RunStatus;
import io.homesales.cleaning.run.RunSummary;
import io.homesales.cleaning.run.RunTrigger;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.settings.Addresses;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.store.Schema;
import io.homesales.cleaning.store.UpstreamTables;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The job on an embedded default, for a new user with nothing installed: a throwaway PostgreSQL, every table,
 * the King County sample (3,000 sales and their enrichment), one run, and a look at the results. With
 * {@code --serve}, the job and its dashboard stay up on loopback until SIGTERM or Ctrl-C; the port is taken
 * before anything else starts, and the first run is the serving job's own, so that its history, dashboard and
 * metrics all count it.
 */
final class Demo {

  /** The class the embedded PostgreSQL comes from: the production image's jar leaves it out. */
  private static final String EMBEDDED = "io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver";

  private Demo() {}

  static int run(boolean serve, int port, PrintStream out, PrintStream err) throws Exception {
    try {
      Class.forName(EMBEDDED, false, Demo.class.getClassLoader());
    } catch (ClassNotFoundException leftOut) {
      err.println("cleaning-job: demo: this jar leaves out the embedded PostgreSQL (the production image's jar);"
          + " run the demo from target/cleaning-job.jar on a developer's machine");
      return Main.FAILED;
    }
    Vertx vertx = Vertx.vertx();
    try {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      String token = null;
      if (serve) {
        token = token();
        HttpSettings http = new HttpSettings(port, HttpSettings.DEFAULT_HOST, token, true, null, null);
        try {
          Commands.await(vertx.deployVerticle(new OperationsServer(Addresses.DEFAULT, http, registry)),
              60);
        } catch (Exception e) {
          err.println("cleaning-job: demo: --port " + port + ": cannot listen on 127.0.0.1:" + port + " ("
              + e.getMessage() + "); choose another with --port");
          return Main.USAGE;
        }
      }
      out.println("Starting an embedded PostgreSQL (the first start extracts its binaries)...");
      try (LocalPostgres pg = LocalPostgres.start()) {
        try {
          return demo(vertx, pg, registry, serve ? token : null, port, out, err);
        } finally {
          Commands.awaitQuietly(vertx.close(), 10); // the job and its pool first, then the server they use
        }
      }
    } catch (Exception e) {
      return Commands.failed("demo", e, err);
    } finally {
      Commands.awaitQuietly(vertx.close(), 10);
    }
  }

  private static int demo(Vertx vertx, LocalPostgres pg, PrometheusMeterRegistry registry, String token, int port,
      PrintStream out, PrintStream err) throws Exception {
    JobSettings settings = JobSettings.fromJson(new JsonObject().put("host", pg.host()).put("port", pg.port())
        .put("database", pg.database()).put("user", pg.user()).put("sslMode", "disable"));
    Pool pool = settings.pool(vertx, PoolOptions.DEFAULT_MAX_SIZE);
    try {
      int events = Commands.await(Schema.applyAll(pool).compose(v -> SampleData.load(new UpstreamTables(pool))), 300);
      out.printf("Loaded %d raw events (King County sales, May 2014 - May 2015) and their enrichment.%n", events);
      out.println("Running the job once...");
      Stopping stopping;
      JsonObject summary;
      if (token != null) {
        // The serving job, scheduled every 15 minutes, makes the first run itself: its meters count it.
        stopping = Stopping.install(signal -> vertx.close()); // undeploying interrupts the run in flight
        Commands.await(vertx.deployVerticle(new CleaningJobVerticle(registry), new DeploymentOptions()
            .setConfig(settings.toJson().put("runOnStart", false))), 60);
        try {
          summary = (JsonObject) Commands.await(vertx.eventBus().request(settings.addresses().run(),
              new JsonObject().put("note", "demo"), new DeliveryOptions().setSendTimeout(3_600_000)), 3600).body();
        } catch (Exception stopped) {
          if (stopping.signal() != 0) {
            return Stopping.interruptedStatus(stopping.signal());
          }
          throw stopped;
        }
      } else {
        RunOnce.Started run = RunOnce.start(vertx, settings, RunTrigger.MANUAL, false);
        stopping = Commands.interruptOnSignal(run);
        summary = Commands.await(run.result(), 3600).toJson();
      }
      out.println("Run summary:");
      out.println(summary.encodePrettily());
      boolean succeeded = RunStatus.SUCCEEDED.label().equals(summary.getString("status"));
      if (stopping.signal() != 0) {
        return Stopping.interruptedStatus(stopping.signal());
      }
      printCleaned(out, Commands.await(pool.query("""
          SELECT id, sale_date, price, zip_code, bedrooms, bathrooms, sqft_living, zip_population,
                 round(zip_density::numeric, 1) AS zip_density, school_count, mortgage_rate_30yr, price_per_sqft
            FROM home_sales_clean ORDER BY received_at DESC, id DESC LIMIT 5""").execute(), 60));
      printRejected(out, Commands.await(pool.query("""
          SELECT id, reasons FROM home_sales_processed WHERE outcome = 'rejected' ORDER BY id""").execute(), 60));
      if (token == null) {
        return succeeded ? Main.OK : Main.FAILED;
      }
      out.printf("%nDashboard: http://127.0.0.1:%d/%nAPI token for this demo (the dashboard asks for it to act): %s%n"
          + "The job runs every 15 minutes; Ctrl-C stops it and the embedded PostgreSQL.%n", port, token);
      out.flush();
      stopping.await();
      return Main.OK;
    } finally {
      Commands.awaitQuietly(pool.close(), 10);
    }
  }

  private static String token() {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
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
