package io.homesales.cleaning.bench;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database's own ceiling, measured with pgbench in the same sitting as the job: as many clients as the job
 * has writer connections, each pipelined ({@code \startpipeline}), 10 s, into copies of the job's tables (the same
 * columns, keys and indexes), after a checkpoint, as the job's runs are. Two scripts:
 * <ul>
 *   <li>{@code transaction}: {@code BEGIN; INSERT} a clean row{@code ; INSERT} its processed row{@code ; COMMIT};
 *   <li>{@code statement}: the job's own statement, one per transaction: the CTE that deletes the pending row and
 *       inserts both rows, so that the ceiling is seen to be the same work.
 * </ul>
 */
final class Ceilings {

  private static final String PREPARE = """
      DROP TABLE IF EXISTS bench_clean, bench_processed, bench_pending; DROP SEQUENCE IF EXISTS bench_ids;
      CREATE TABLE bench_clean (LIKE home_sales_clean INCLUDING ALL);
      CREATE TABLE bench_processed (LIKE home_sales_processed INCLUDING ALL);
      CREATE TABLE bench_pending (LIKE cleaning_job_pending INCLUDING ALL);
      INSERT INTO bench_pending SELECT g, now() FROM generate_series(1, 500000) g;
      CREATE SEQUENCE bench_ids;
      CHECKPOINT;""";

  private static final String ROW = "'2014-10-13', :price, '98178', 3, 2.25, 1180, 5650, 1.0, false, 0, 3, 7, 1955,"
      + " NULL, 47.5112, -122.257, 24092, 4916.7, 53000, 9, NULL, 4.120, :price / 1180.0";
  private static final String COLUMNS = "id, received_at, sale_date, price, zip_code, bedrooms, bathrooms,"
      + " sqft_living, sqft_lot, floors, waterfront, view, condition, grade, yr_built, yr_renovated, latitude,"
      + " longitude, zip_population, zip_density, zip_median_income, school_count, school_avg_rating,"
      + " mortgage_rate_30yr, price_per_sqft";

  static final String TRANSACTION = """
      \\set price random(100000, 2000000)
      \\startpipeline
      BEGIN;
      INSERT INTO bench_clean (%s) VALUES (nextval('bench_ids'), now(), %s);
      INSERT INTO bench_processed (id, outcome) VALUES (currval('bench_ids'), 'cleaned');
      COMMIT;
      \\endpipeline
      """.formatted(COLUMNS, ROW);

  static final String STATEMENT = """
      \\set price random(100000, 2000000)
      \\startpipeline
      WITH next AS (SELECT nextval('bench_ids') AS id),
      done AS (DELETE FROM bench_pending WHERE id = (SELECT id FROM next)),
      clean AS (INSERT INTO bench_clean (%s) SELECT id, now(), %s FROM next RETURNING id)
      INSERT INTO bench_processed (id, outcome, run_id) SELECT id, 'cleaned', '00000000-0000-0000-0000-000000000001' FROM clean;
      \\endpipeline
      """.formatted(COLUMNS, ROW);

  private Ceilings() {}

  /** Transactions per second of one script at {@code clients} clients; null when pgbench is not installed. */
  static Double measure(BenchServer server, PgConnectOptions database, String script, int clients)
      throws Exception {
    String pgbench = pgbench();
    if (pgbench == null) {
      return null;
    }
    Pool pool = server.pool(database);
    BenchServer.await(pool.query(PREPARE).execute().eventually(pool::close));
    Path file = Files.createTempFile("ceiling", ".sql");
    Files.writeString(file, script);
    List<String> command = new ArrayList<>(List.of(pgbench, "-n", "-M", "prepared", "-c", Integer.toString(clients),
        "-j", Integer.toString(clients), "-T", "10", "-f", file.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(BenchServer.env(database));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(2, TimeUnit.MINUTES);
    Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(output);
    if (!tps.find()) {
      throw new IllegalStateException("pgbench said:\n" + output);
    }
    return Double.parseDouble(tps.group(1));
  }

  static String describe(Double tps) {
    return tps == null ? "unknown (pgbench not found: PATH, /usr/lib/postgresql/*/bin, or PGBENCH)"
        : String.format(Locale.ROOT, "%.0f tx/s", tps);
  }

  static String pgbench() {
    String configured = System.getenv("PGBENCH");
    if (configured != null) {
      return configured;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "pgbench"))) {
        return Path.of(dir, "pgbench").toString();
      }
    }
    File[] versions = new File("/usr/lib/postgresql").listFiles();
    if (versions != null) {
      for (File version : versions) {
        File candidate = new File(version, "bin/pgbench");
        if (candidate.canExecute()) {
          return candidate.getPath();
        }
      }
    }
    return null;
  }
}
