package io.homesales.cleaning.bench;

import static io.homesales.cleaning.bench.BenchServer.await;

import io.homesales.cleaning.settings.JobSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The job against the database's own ceiling, in one sitting. On a throwaway database (a local cluster with fsync
 * on, or the server the {@code PG*} variables name):
 * <ol>
 *   <li>loads N generated events (70% clean, 30% with every kind of defect) into a template, once;
 *   <li>runs the packaged jar's {@code run-once} over a fresh copy of it, {@code bench.runs} times, as a user
 *       meets it (a JVM of its own, the JVM's start and the run's fixed costs included), and for each prints the
 *       whole process's rate and CPU per record, and the steady part's (the middle 80% of the records, from their
 *       {@code processed_at} and the process's CPU sampled meanwhile), the fixed costs, heap and resident set;
 *   <li>after each run, measures the ceiling with pgbench at as many clients as the job has writer connections: a
 *       transaction of two inserts, and the job's own statement;
 *   <li>after each run, runs the client floor ({@link ClientFloor}): the job's statement alone through the job's
 *       own client, in a process of its own, so that the job's CPU per record can be told from what any client of
 *       this server pays at this moment (off with {@code -Dbench.floor=false});
 *   <li>prints the medians, and the ratios of each run to the ceiling and the floor measured right after it.
 * </ol>
 * Run: {@code ./mvnw -q -Pbench -DskipTests -Dinvoker.skip=true package exec:exec} with {@code -Dbench.records},
 * {@code -Dbench.concurrency}, {@code -Dbench.pipeline}, {@code -Dbench.runs}, {@code -Dbench.jvm} (JVM options;
 * {@code batch} for {@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}), {@code -Dbench.floor=false},
 * {@code -Dbench.selection=true}; {@code -Dbench.versus=OTHER.jar} and {@code -Dbench.versusJvm=OPTIONS} run
 * another build, or this one with other JVM options, in interleaved pairs; {@code -Dbench.cds=true} pairs each run
 * with one that uses a class-data sharing archive of a training run of the same N, and {@code -Dbench.aot=true}
 * (JDK 25, the benchmark run with it) with one that uses an ahead-of-time cache of it.
 */
public final class JobBenchmark {

  static final String BATCH_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  private JobBenchmark() {}

  /** One measured run. */
  record Measured(int records, double wall, double cpu, double steadyRate, double steadyCpuPerRecord,
      double toFirstRecord, long peakHeap, long liveHeap, long peakRss, String status, String threadCpu) {

    double rate() {
      return records / wall;
    }

    double cpuPerRecordMicros() {
      return cpu / records * 1e6;
    }

    /** The wall time the run spent beyond its records at the steady rate: JVM start, lock, refresh, first page. */
    double fixedSeconds() {
      return wall - records / steadyRate;
    }
  }

  public static void main(String[] args) throws Exception {
    int records = Integer.getInteger("bench.records", 100_000);
    int concurrency = Integer.getInteger("bench.concurrency", 1);
    String pipeline = System.getProperty("bench.pipeline", "");
    int runs = Integer.getInteger("bench.runs", 3);
    String jvm = System.getProperty("bench.jvm", "");
    boolean withFloor = !"false".equals(System.getProperty("bench.floor", "true"));
    // Another build's jar, run right after each run over its own fresh copy: a before/after in one sitting.
    String versus = System.getProperty("bench.versus", "");
    List<Double> versusRatios = new ArrayList<>();
    List<Double> versusFirstRecord = new ArrayList<>();
    List<Double> versusCpu = new ArrayList<>();
    List<String> jvmOptions = jvm.isBlank() ? List.of()
        : Arrays.asList(("batch".equals(jvm) ? BATCH_JVM : jvm).trim().split("\\s+"));
    // The other side's JVM options: those of -Dbench.versusJvm, or the same as this side's.
    String versusJvmText = System.getProperty("bench.versusJvm", "");
    List<String> versusJvm = new ArrayList<>(versusJvmText.isBlank() ? jvmOptions
        : Arrays.asList(versusJvmText.trim().split("\\s+")));
    // Class-data sharing: the other side is this jar with an archive of the classes a training run loaded.
    // Or, on JDK 25, the ahead-of-time cache (JEP 483 and 515: classes linked, and the compilers' profiles).
    boolean aot = Boolean.getBoolean("bench.aot");
    boolean cds = Boolean.getBoolean("bench.cds") || aot;
    Path archive = Path.of("target", aot ? "cleaning-job.aot" : "cleaning-job.jsa").toAbsolutePath();
    if (cds) {
      versus = JobProcess.JAR.toString();
      versusJvm.add((aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
    } else if (!versusJvmText.isBlank() && versus.isBlank()) {
      versus = JobProcess.JAR.toString();
    }
    Vertx vertx = Vertx.vertx();
    try (BenchServer server = BenchServer.start(vertx)) {
      System.out.println("server: " + server.describe());
      System.out.printf("job: %,d records, concurrency %d, pipeline %s, JVM options %s, %d runs%n", records,
          concurrency, pipeline.isBlank() ? "default" : pipeline, jvmOptions.isEmpty() ? "none" : jvmOptions, runs);
      long loadStart = System.nanoTime();
      PgConnectOptions template = server.template("bench_template", records);
      System.out.printf("loaded %,d events in %.1f s%n", records, (System.nanoTime() - loadStart) / 1e9);
      if (cds) {
        // The training run: run-once over its own copy, the JVM writing the classes it loaded when it exits.
        List<String> training = new ArrayList<>(jvmOptions);
        training.add((aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive);
        Measured trained = runJob(server, server.copy(template, "bench_training"), records, concurrency, pipeline,
            training);
        System.out.printf(Locale.ROOT, "%s: %s (%.0f MB) from a run-once of %,d (%s), Java %s%n",
            aot ? "ahead-of-time cache" : "class-data sharing archive", archive, java.nio.file.Files.size(archive) / 1e6, records, trained.status(), System.getProperty("java.version"));
      }

      // The disk's commit rate drifts by tens of percent from minute to minute on a shared machine, so each run is
      // paired with a ceiling measured right after it, on the same server, and the ratios are taken pair by pair.
      List<Measured> measured = new ArrayList<>();
      List<Double> transactions = new ArrayList<>();
      List<Double> statements = new ArrayList<>();
      List<Floor> floors = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        PgConnectOptions database = server.copy(template, "bench_run");
        boolean statementStats = resetStatementStats(server, database);
        // With a build to compare against, the two take turns at going first, so that drift favours neither.
        Measured v = !versus.isBlank() && run % 2 == 0 ? runJob(Path.of(versus), server,
            server.copy(template, "bench_versus"), records, concurrency, pipeline, versusJvm) : null;
        Measured m = runJob(server, database, records, concurrency, pipeline, jvmOptions);
        if (!versus.isBlank() && run % 2 == 1) {
          v = runJob(Path.of(versus), server, server.copy(template, "bench_versus"), records, concurrency, pipeline,
              versusJvm);
        }
        measured.add(m);
        System.out.printf(Locale.ROOT, "run %d: %s, wall %.1f s, %.0f records/s whole process, %.0f records/s"
            + " steady; CPU %.1f s, %.0f us/record whole, %.0f us/record steady; fixed costs %.1f s (first record"
            + " after %.1f s); peak heap %.0f MB, live heap %.0f MB, peak RSS %.0f MB%n", run, m.status(), m.wall(),
            m.rate(), m.steadyRate(), m.cpu(), m.cpuPerRecordMicros(), m.steadyCpuPerRecord(), m.fixedSeconds(),
            m.toFirstRecord(), m.peakHeap() / 1e6, m.liveHeap() / 1e6, m.peakRss() / 1e6);
        System.out.printf("run %d's CPU by thread: %s%n", run, m.threadCpu());
        if (v != null) {
          versusRatios.add(m.cpuPerRecordMicros() / v.cpuPerRecordMicros());
          versusFirstRecord.add(v.toFirstRecord());
          versusCpu.add(v.cpuPerRecordMicros());
          System.out.printf(Locale.ROOT, "run %d versus %s %s: %s, wall %.1f s, %.0f records/s whole process, CPU %.1f"
              + " s, %.0f us/record whole, %.0f steady, first record after %.1f s; this build's CPU per record is %.3f"
              + " times that one's%n", run, versus, versusJvm, v.status(), v.wall(), v.rate(), v.cpu(),
              v.cpuPerRecordMicros(), v.steadyCpuPerRecord(), v.toFirstRecord(),
              m.cpuPerRecordMicros() / v.cpuPerRecordMicros());
        }
        if (run == runs && statementStats) {
          printStatementStats(server, database);
        }
        PgConnectOptions scratch = server.copy(template, "bench_ceiling");
        Double transaction = Ceilings.measure(server, scratch, Ceilings.TRANSACTION, concurrency);
        Double statement = Ceilings.measure(server, scratch, Ceilings.STATEMENT, concurrency);
        System.out.printf(Locale.ROOT, "run %d's ceiling (pgbench, %d client(s), pipelined, 10 s, right after it): %s"
            + " two-insert transactions, %s job statements%s%n", run, concurrency, Ceilings.describe(transaction),
            Ceilings.describe(statement), transaction == null ? "" : String.format(Locale.ROOT,
                "; steady ratio %.2f of the two-insert ceiling, %.2f of the job-statement one",
                m.steadyRate() / transaction, m.steadyRate() / statement));
        if (transaction != null) {
          transactions.add(transaction);
          statements.add(statement);
        }
        if (withFloor) {
          Floor floor = runFloor(server, template, records, concurrency, pipeline, jvmOptions);
          floors.add(floor);
          System.out.printf(Locale.ROOT, "run %d's client floor (the job's statement alone through the job's client,"
              + " as many connections and in flight, a process of its own, right after it): %.0f records/s whole"
              + " process%s, CPU %.1f s, %.0f us/record; the job's CPU per record is %.2f times the floor's%n", run,
              floor.rate(), transaction == null ? "" : String.format(Locale.ROOT, " (%.2f of the two-insert ceiling)",
                  floor.rate() / transaction), floor.cpu(), floor.cpuPerRecordMicros(),
              m.cpuPerRecordMicros() / floor.cpuPerRecordMicros());
          System.out.printf("run %d's client floor's CPU by thread: %s%n", run, floor.threadCpu());
        }
      }

      double rate = median(measured.stream().mapToDouble(Measured::rate).toArray());
      double steady = median(measured.stream().mapToDouble(Measured::steadyRate).toArray());
      System.out.printf(Locale.ROOT, "median of %d: job %.0f records/s whole process (%.0f steady), CPU %.0f us/record"
          + " whole (%.0f steady), fixed costs %.1f s, peak heap %.0f MB%n", runs, rate, steady,
          median(measured.stream().mapToDouble(Measured::cpuPerRecordMicros).toArray()),
          median(measured.stream().mapToDouble(Measured::steadyCpuPerRecord).toArray()),
          median(measured.stream().mapToDouble(Measured::fixedSeconds).toArray()),
          median(measured.stream().mapToDouble(Measured::peakHeap).toArray()) / 1e6);
      if (!transactions.isEmpty()) {
        double[] wholeToTransaction = new double[runs];
        double[] steadyToTransaction = new double[runs];
        double[] wholeToStatement = new double[runs];
        double[] steadyToStatement = new double[runs];
        for (int i = 0; i < runs; i++) {
          wholeToTransaction[i] = measured.get(i).rate() / transactions.get(i);
          steadyToTransaction[i] = measured.get(i).steadyRate() / transactions.get(i);
          wholeToStatement[i] = measured.get(i).rate() / statements.get(i);
          steadyToStatement[i] = measured.get(i).steadyRate() / statements.get(i);
        }
        System.out.printf(Locale.ROOT, "ceiling, median of %d: %.0f tx/s two-insert, %.0f tx/s job statements%n", runs,
            median(transactions.stream().mapToDouble(Double::doubleValue).toArray()),
            median(statements.stream().mapToDouble(Double::doubleValue).toArray()));
        System.out.printf(Locale.ROOT, "ratios, median of the pairs: whole process %.2f, steady %.2f of the two-insert"
            + " ceiling; whole process %.2f, steady %.2f of the job-statement ceiling%n", median(wholeToTransaction),
            median(steadyToTransaction), median(wholeToStatement), median(steadyToStatement));
      }
      if (!versusRatios.isEmpty()) {
        System.out.printf(Locale.ROOT, "versus %s, median of %d interleaved pairs: this build's CPU per record is %.3f"
            + " times that one's (pairs: %s); first record after %.1f s here, %.1f s there; CPU %.0f and %.0f us/record%n",
            versus + " " + versusJvm, versusRatios.size(),
            median(versusRatios.stream().mapToDouble(Double::doubleValue).toArray()), versusRatios,
            median(measured.stream().mapToDouble(Measured::toFirstRecord).toArray()),
            median(versusFirstRecord.stream().mapToDouble(Double::doubleValue).toArray()),
            median(measured.stream().mapToDouble(Measured::cpuPerRecordMicros).toArray()),
            median(versusCpu.stream().mapToDouble(Double::doubleValue).toArray()));
      }
      if (!floors.isEmpty()) {
        double[] cpuToFloor = new double[floors.size()];
        for (int i = 0; i < floors.size(); i++) {
          cpuToFloor[i] = measured.get(i).cpuPerRecordMicros() / floors.get(i).cpuPerRecordMicros();
        }
        System.out.printf(Locale.ROOT, "client floor, median of %d: %.0f records/s whole process, %.0f us/record;"
            + " the job's CPU per record, median of the pairs: %.2f times the floor's%n", floors.size(),
            median(floors.stream().mapToDouble(Floor::rate).toArray()),
            median(floors.stream().mapToDouble(Floor::cpuPerRecordMicros).toArray()), median(cpuToFloor));
      }
      if (Boolean.getBoolean("bench.selection")) {
        PgConnectOptions selection = server.copy(template, "bench_selection");
        Pool pool = server.pool(selection);
        try {
          SelectionBenchmark.run(pool);
        } finally {
          await(pool.close());
        }
      }
    } finally {
      await(vertx.close());
    }
  }

  static Measured runJob(BenchServer server, PgConnectOptions database, int records, int concurrency,
      String pipeline, List<String> jvmOptions) throws Exception {
    return runJob(JobProcess.JAR, server, database, records, concurrency, pipeline, jvmOptions);
  }

  static Measured runJob(Path jar, BenchServer server, PgConnectOptions database, int records, int concurrency,
      String pipeline, List<String> jvmOptions) throws Exception {
    Map<String, String> env = BenchServer.env(database);
    env.put("CLEANING_JOB_MAX_RECORDS_PER_RUN", Integer.toString(records));
    env.put("CLEANING_JOB_CONCURRENCY", Integer.toString(concurrency));
    if (!pipeline.isBlank()) {
      env.put("CLEANING_JOB_PIPELINE", pipeline);
    }
    Instant start = Instant.now();
    JobProcess.Result result = JobProcess.run(jar, jvmOptions, env, List.of("run-once"), null);
    JsonObject summary = result.summary();
    Row times = server.query(database, """
        SELECT min(processed_at) AS first,
               percentile_disc(0.1) WITHIN GROUP (ORDER BY processed_at) AS p10,
               percentile_disc(0.9) WITHIN GROUP (ORDER BY processed_at) AS p90,
               count(*) FILTER (WHERE processed_at >= (SELECT percentile_disc(0.1) WITHIN GROUP (ORDER BY processed_at)
                 FROM home_sales_processed) AND processed_at <= (SELECT percentile_disc(0.9) WITHIN GROUP
                 (ORDER BY processed_at) FROM home_sales_processed)) AS middle
          FROM home_sales_processed""").get(0);
    Instant p10 = times.getOffsetDateTime("p10").toInstant();
    Instant p90 = times.getOffsetDateTime("p90").toInstant();
    long middle = times.getLong("middle");
    double seconds = Duration.between(p10, p90).toNanos() / 1e9;
    double steadyCpu = (result.cpuAt(p90) - result.cpuAt(p10)) / middle * 1e6;
    OffsetDateTime first = times.getOffsetDateTime("first");
    return new Measured(summary.getInteger("selected"), result.wallSeconds(), result.cpuSeconds(), middle / seconds,
        steadyCpu, Duration.between(start, first.toInstant()).toNanos() / 1e9, result.peakHeapBytes(),
        result.liveHeapBytes(), result.peakRssBytes(), summary.getString("status"),
        result.threadCpuSummary(summary.getInteger("selected")));
  }

  /** The client floor's process: what the job's statement alone costs through the job's client. */
  record Floor(int records, double wall, double cpu, String threadCpu) {

    double rate() {
      return records / wall;
    }

    double cpuPerRecordMicros() {
      return cpu / records * 1e6;
    }
  }

  /**
   * {@link ClientFloor} over a fresh copy of the template whose pending set holds every event, with the job's JVM
   * options, connections and pipeline depth.
   */
  static Floor runFloor(BenchServer server, PgConnectOptions template, int records, int concurrency, String pipeline,
      List<String> jvmOptions) throws Exception {
    JobProcess.Result result = floorProcess(server, template, records, concurrency, pipeline, 1, jvmOptions);
    int written = result.summary().getInteger("written");
    if (written != records) {
      throw new IllegalStateException("the client floor wrote " + written + " records, not " + records);
    }
    return new Floor(written, result.wallSeconds(), result.cpuSeconds(), result.threadCpuSummary(written));
  }

  /**
   * {@link ClientFloor}'s process over a fresh copy of the template whose pending set holds every event: {@code rounds}
   * rounds of {@code records}, on {@code connections} connections with {@code pipeline} statements in flight on each
   * (blank: the job's default).
   */
  static JobProcess.Result floorProcess(BenchServer server, PgConnectOptions template, int records, int connections,
      String pipeline, int rounds, List<String> jvmOptions) throws Exception {
    PgConnectOptions database = server.copy(template, "bench_floor");
    server.query(database, "INSERT INTO cleaning_job_pending (id, received_at)"
        + " SELECT id, received_at FROM raw_home_sale_events");
    server.query(database, "CHECKPOINT");
    String classpath = JobProcess.JAR + File.pathSeparator + Path.of("target", "test-classes");
    return JobProcess.java(jvmOptions, BenchServer.env(database), List.of("-cp", classpath,
        ClientFloor.class.getName(), Integer.toString(records), Integer.toString(connections),
        pipeline.isBlank() ? Integer.toString(JobSettings.DEFAULT_PIPELINE) : pipeline, Integer.toString(rounds)),
        null);
  }

  /** pg_stat_statements, where the server loads it (the local cluster does): false if it is not there. */
  private static boolean resetStatementStats(BenchServer server, PgConnectOptions database) {
    try {
      server.query(database, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      server.query(database, "SELECT pg_stat_statements_reset()");
      return true;
    } catch (RuntimeException unavailable) {
      return false;
    }
  }

  /** What the run's statements cost inside the server, per kind. */
  private static void printStatementStats(BenchServer server, PgConnectOptions database) {
    for (Row row : server.query(database, """
        SELECT CASE WHEN query LIKE '%FROM cleaning_job_pending q%' THEN 'page selection (pending set)'
                    WHEN query LIKE '%INSERT INTO home_sales_clean%' THEN 'clean record write'
                    WHEN query LIKE '%INSERT INTO home_sales_processed (id, outcome, reasons, run_id)%' THEN 'rejection write'
                    WHEN query LIKE '%left(payload%' THEN 'payload load'
                    WHEN query LIKE '%cleaning_job_watermark%' OR query LIKE '%count(*) FROM raw%'
                      OR query LIKE 'INSERT INTO cleaning_job_pending%' OR query LIKE 'DELETE FROM cleaning_job_pending%'
                      THEN 'pending set refresh' END AS kind,
               sum(calls)::bigint AS calls, sum(total_exec_time) / sum(calls) AS mean_ms, max(max_exec_time) AS max_ms
          FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
         GROUP BY 1 HAVING sum(calls) > 0 ORDER BY 1""")) {
      if (row.getString("kind") != null) {
        System.out.printf(Locale.ROOT, "statement times (last run): %-28s %,9d calls, mean %7.3f ms, max %8.1f ms%n",
            row.getString("kind"), row.getLong("calls"), row.getDouble("mean_ms"), row.getDouble("max_ms"));
      }
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
