package io.homesales.cleaning.bench;

import io.homesales.cleaning.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Row;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU per record in a warm job against its warm client floor, in one sitting, on a throwaway database (the local
 * cluster, or the server the {@code PG*} variables name). For each round and each connection count:
 * <ol>
 *   <li><b>the job, warm</b>: the packaged jar's {@code run} (the scheduler, as the container runs it) over a copy
 *       of a template of events, with its HTTP API; its startup run of N (and {@code bench.warmups - 1} forced
 *       ones) warms it; a run of N is then forced with {@code POST /api/v1/runs}, and charged the process's CPU
 *       between the two idles around it (from {@code /proc}), by kind of thread;
 *   <li><b>the floor, warm</b>: {@link ClientFloor}, the job's own clean-record statement with all its values
 *       through the same client, as many connections and statements in flight, as many rounds of N in one JVM as
 *       the job has runs, the last counted: it reads nothing and cleans nothing;
 *   <li><b>the ceilings</b>: pgbench, pipelined, at as many clients: the two-insert transaction and the job's own
 *       statement ({@link Ceilings}).
 * </ol>
 * The job and the floor take turns at going first from round to round, so that the server's drift favours
 * neither; it prints each pair and their ratios (CPU per record, job over floor; rate, job over floor; the job's
 * rate over each ceiling), then the medians per connection count.
 *
 * <p>Run: {@code ./mvnw -q -Pbench -DskipTests -Dinvoker.skip=true package exec:exec
 * -Dbench.main=io.homesales.cleaning.bench.WarmBenchmark} with {@code -Dbench.records} (N, 100,000),
 * {@code -Dbench.runs} (rounds, 3), {@code -Dbench.warmups} (runs before the measured one, 1: the startup run
 * alone; more are forced, and the CPU of each is printed too),
 * {@code -Dbench.connections} ({@code 1,4}), {@code -Dbench.jvm}, and
 * {@code -Dbench.profile=true}: after the rounds, one more warm job per connection count, recorded by JFR from its
 * start ({@code target/warm-N.jfr}), with its measured run's top frames, allocation per record, GC pauses,
 * compilations and deoptimizations ({@link Profile}); {@code -Dbench.versus=OTHER.jar}: in each round, another
 * build's warm job too, right after or before this build's, with the ratios of the two (a before/after in one sitting);
 * {@code -Dbench.versusEnv=K=V,...}: the other job with these variables too, or, without {@code -Dbench.versus}, this
 * build's job with them ({@code CLEANING_JOB_GATES=off}: the gates' cost, interleaved).
 */
public final class WarmBenchmark {

  private static final String TOKEN = "bench-token-0123456789abcdef0123456789";
  /**
   * Runs before the measured one ({@code -Dbench.warmups}): the startup run, then forced ones. Each is followed by a
   * forced run, so this is also the number of forced runs, the last of them measured.
   */
  private static final int FORCED_RUNS = Integer.getInteger("bench.warmups", 1);

  private WarmBenchmark() {}

  /** The job's forced run in a warm process, or the floor's warm round: rate, and CPU by thread. */
  record Warm(int records, double seconds, double cpu, String threads) {

    double rate() {
      return records / seconds;
    }

    double cpuPerRecordMicros() {
      return cpu / records * 1e6;
    }
  }

  /** One round's figures for one connection count; {@code other} is the {@code -Dbench.versus} build's, or null. */
  record Pair(Warm job, Warm floor, Warm other, Double transaction, Double statement) {}

  public static void main(String[] args) throws Exception {
    int records = Integer.getInteger("bench.records", 100_000);
    int rounds = Integer.getInteger("bench.runs", 3);
    List<Integer> connectionCounts = Arrays.stream(System.getProperty("bench.connections", "1,4").split(","))
        .map(String::trim).map(Integer::valueOf).toList();
    String jvm = System.getProperty("bench.jvm", "");
    List<String> jvmOptions = jvm.isBlank() ? List.of() : Arrays.asList(jvm.trim().split("\\s+"));
    String versus = System.getProperty("bench.versus", "");
    Map<String, String> versusEnv = variables(System.getProperty("bench.versusEnv", ""));
    // Another build, or this one with other settings (-Dbench.versusEnv=CLEANING_JOB_GATES=off).
    Path other = !versus.isBlank() ? Path.of(versus) : versusEnv.isEmpty() ? null : JobProcess.JAR;
    Vertx vertx = Vertx.vertx();
    try (BenchServer server = BenchServer.start(vertx)) {
      System.out.println("server: " + server.describe());
      System.out.printf(Locale.ROOT, "warm: %,d records a run, connections %s, %d rounds, JVM options %s%n", records,
          connectionCounts, rounds, jvmOptions.isEmpty() ? "none" : jvmOptions);
      long loadStart = System.nanoTime();
      PgConnectOptions template = server.template("bench_warm_template", (1 + FORCED_RUNS) * records);
      System.out.printf(Locale.ROOT, "loaded %,d events in %.1f s%n", (1 + FORCED_RUNS) * records,
          (System.nanoTime() - loadStart) / 1e9);
      Map<Integer, List<Pair>> pairs = new LinkedHashMap<>();
      for (int round = 1; round <= rounds; round++) {
        for (int connections : connectionCounts) {
          Warm job;
          Warm floor;
          Warm versusJob = null;
          if (round % 2 == 1) {
            job = warmJob(server, template, records, connections, jvmOptions);
            if (other != null) {
              versusJob = warmJob(other, server, template, records, connections, jvmOptions, null, versusEnv);
            }
            floor = warmFloor(server, template, records, connections, jvmOptions);
          } else {
            floor = warmFloor(server, template, records, connections, jvmOptions);
            if (other != null) {
              versusJob = warmJob(other, server, template, records, connections, jvmOptions, null, versusEnv);
            }
            job = warmJob(server, template, records, connections, jvmOptions);
          }
          PgConnectOptions scratch = server.copy(template, "bench_ceiling");
          Double transaction = Ceilings.measure(server, scratch, Ceilings.TRANSACTION, connections);
          Double statement = Ceilings.measure(server, scratch, Ceilings.STATEMENT, connections);
          Pair pair = new Pair(job, floor, versusJob, transaction, statement);
          pairs.computeIfAbsent(connections, c -> new ArrayList<>()).add(pair);
          print(round, connections, pair);
        }
      }
      if (Boolean.getBoolean("bench.profile")) {
        // Apart from the measured rounds: JFR's sampling costs CPU of its own.
        for (int connections : connectionCounts) {
          Path recording = Path.of("target", "warm-" + connections + ".jfr");
          Warm profiled = warmJob(server, template, records, connections, jvmOptions, recording);
          System.out.printf(Locale.ROOT, "profiled warm run above, %d connection(s), %s: %.0f us/record with JFR on%n",
              connections, recording, profiled.cpuPerRecordMicros());
        }
      }
      for (Map.Entry<Integer, List<Pair>> entry : pairs.entrySet()) {
        List<Pair> list = entry.getValue();
        // The job's own cost above the floor, in microseconds: the ratio also moves with the server's speed, since a
        // slower server makes both pay more system time per record (fewer answers read and statements sent per call).
        System.out.printf(Locale.ROOT, "median of %d, %d connection(s): job %.0f records/s, %.0f us/record; floor %.0f"
            + " records/s, %.0f us/record; job minus floor %.0f us/record (pairs %s); job/floor CPU per record %.2f"
            + " (pairs %s), rate %.2f (pairs %s)%s%n",
            list.size(), entry.getKey(),
            median(list.stream().mapToDouble(p -> p.job().rate()).toArray()),
            median(list.stream().mapToDouble(p -> p.job().cpuPerRecordMicros()).toArray()),
            median(list.stream().mapToDouble(p -> p.floor().rate()).toArray()),
            median(list.stream().mapToDouble(p -> p.floor().cpuPerRecordMicros()).toArray()),
            median(list.stream().mapToDouble(p -> p.job().cpuPerRecordMicros() - p.floor().cpuPerRecordMicros())
                .toArray()),
            list.stream().map(p -> String.format(Locale.ROOT, "%.0f",
                p.job().cpuPerRecordMicros() - p.floor().cpuPerRecordMicros())).toList(),
            median(list.stream().mapToDouble(p -> p.job().cpuPerRecordMicros() / p.floor().cpuPerRecordMicros())
                .toArray()),
            ratios(list.stream().map(p -> p.job().cpuPerRecordMicros() / p.floor().cpuPerRecordMicros()).toList()),
            median(list.stream().mapToDouble(p -> p.job().rate() / p.floor().rate()).toArray()),
            ratios(list.stream().map(p -> p.job().rate() / p.floor().rate()).toList()),
            list.stream().allMatch(p -> p.transaction() != null) ? String.format(Locale.ROOT,
                "; job rate over the pipelined ceilings %.2f of the two-insert, %.2f of the job statement",
                median(list.stream().mapToDouble(p -> p.job().rate() / p.transaction()).toArray()),
                median(list.stream().mapToDouble(p -> p.job().rate() / p.statement()).toArray())) : "");
        if (other != null) {
          System.out.printf(Locale.ROOT, "median of %d, %d connection(s), versus %s: that build %.0f records/s,"
              + " %.0f us/record, %.2f of the floor's CPU per record; this build's CPU per record over that one's %.3f"
              + " (pairs %s), rate %.3f (pairs %s)%n", list.size(), entry.getKey(), other,
              median(list.stream().mapToDouble(p -> p.other().rate()).toArray()),
              median(list.stream().mapToDouble(p -> p.other().cpuPerRecordMicros()).toArray()),
              median(list.stream().mapToDouble(p -> p.other().cpuPerRecordMicros() / p.floor().cpuPerRecordMicros())
                  .toArray()),
              median(list.stream().mapToDouble(p -> p.job().cpuPerRecordMicros() / p.other().cpuPerRecordMicros())
                  .toArray()),
              ratios(list.stream().map(p -> p.job().cpuPerRecordMicros() / p.other().cpuPerRecordMicros()).toList()),
              median(list.stream().mapToDouble(p -> p.job().rate() / p.other().rate()).toArray()),
              ratios(list.stream().map(p -> p.job().rate() / p.other().rate()).toList()));
        }
      }
    } finally {
      BenchServer.await(vertx.close());
    }
  }

  private static void print(int round, int connections, Pair pair) {
    Warm job = pair.job();
    Warm floor = pair.floor();
    System.out.printf(Locale.ROOT, "round %d, %d connection(s): job warm %.0f records/s, CPU %.1f s, %.0f us/record;"
        + " floor warm %.0f records/s, CPU %.1f s, %.0f us/record; job/floor CPU per record %.2f, rate %.2f%n", round,
        connections, job.rate(), job.cpu(), job.cpuPerRecordMicros(), floor.rate(), floor.cpu(),
        floor.cpuPerRecordMicros(), job.cpuPerRecordMicros() / floor.cpuPerRecordMicros(), job.rate() / floor.rate());
    System.out.printf("round %d, %d connection(s): job's CPU by thread: %s%n", round, connections, job.threads());
    System.out.printf("round %d, %d connection(s): floor's CPU by thread: %s%n", round, connections, floor.threads());
    Warm other = pair.other();
    if (other != null) {
      System.out.printf(Locale.ROOT, "round %d, %d connection(s): versus build warm %.0f records/s, CPU %.1f s,"
          + " %.0f us/record, %.2f of the floor's; this build's CPU per record over it %.2f, rate %.2f; by thread: %s%n",
          round, connections, other.rate(), other.cpu(), other.cpuPerRecordMicros(),
          other.cpuPerRecordMicros() / floor.cpuPerRecordMicros(), job.cpuPerRecordMicros() / other.cpuPerRecordMicros(),
          job.rate() / other.rate(), other.threads());
    }
    System.out.printf(Locale.ROOT, "round %d, %d connection(s): pipelined ceilings (pgbench, right after): %s"
        + " two-insert, %s job statements%s%n", round, connections, Ceilings.describe(pair.transaction()),
        Ceilings.describe(pair.statement()), pair.transaction() == null ? "" : String.format(Locale.ROOT,
            "; job %.2f and %.2f of them, floor %.2f and %.2f", job.rate() / pair.transaction(),
            job.rate() / pair.statement(), floor.rate() / pair.transaction(), floor.rate() / pair.statement()));
  }

  /**
   * The scheduler over 2N events: its startup run of N warms it, then a run of N is forced over HTTP and charged
   * the CPU between the idles before and after it.
   */
  static Warm warmJob(BenchServer server, PgConnectOptions template, int records, int connections,
      List<String> jvmOptions) throws Exception {
    return warmJob(server, template, records, connections, jvmOptions, null);
  }

  /** As {@link #warmJob(BenchServer, PgConnectOptions, int, int, List)}, with the forced run recorded by JFR. */
  static Warm warmJob(BenchServer server, PgConnectOptions template, int records, int connections,
      List<String> jvmOptions, Path recording) throws Exception {
    return warmJob(JobProcess.JAR, server, template, records, connections, jvmOptions, recording, Map.of());
  }

  /** As {@link #warmJob(BenchServer, PgConnectOptions, int, int, List, Path)}, with another build's jar. */
  static Warm warmJob(Path jar, BenchServer server, PgConnectOptions template, int records, int connections,
      List<String> jvmOptions, Path recording, Map<String, String> extraEnv) throws Exception {
    PgConnectOptions database = server.copy(template, "bench_warm");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Map<String, String> env = BenchServer.env(database);
    env.put("CLEANING_JOB_MAX_RECORDS_PER_RUN", Integer.toString(records));
    env.put("CLEANING_JOB_CONCURRENCY", Integer.toString(connections));
    env.put("CLEANING_JOB_INTERVAL_SECONDS", "0");
    env.put("CLEANING_JOB_RUN_ON_START", "true");
    env.put("CLEANING_JOB_HTTP_PORT", Integer.toString(port));
    env.put("CLEANING_JOB_API_TOKEN", TOKEN);
    env.putAll(extraEnv);
    List<Double> cpu = new ArrayList<>();
    Instant[] window = new Instant[2];
    List<String> options = new ArrayList<>(jvmOptions);
    if (recording != null) {
      Files.deleteIfExists(recording);
      options.add(Profile.jvmOption(recording));
    }
    List<Map<String, double[]>> threads = new ArrayList<>();
    double[][] pageLoads = new double[2][];
    Exception[] failed = {null};
    JobProcess.run(jar, options, env, List.of("run"), bash -> {
      try {
        ProcessHandle jvm = bash.toHandle().children().findFirst().orElseThrow();
        awaitRuns(server, database, 1);
        Thread.sleep(1_000); // the end of the warm-up run settles: history purge, the next page's prefetch
        cpu.add(JobProcess.cpuSeconds(jvm.pid()));
        threads.add(JobProcess.threadKinds(jvm.pid()));
        for (int forced = 1; forced <= FORCED_RUNS; forced++) {
          if (forced == FORCED_RUNS) {
            window[0] = Instant.now();
            pageLoads[0] = pageLoads(port);
          }
          Http.Answer answer = new Http("http://127.0.0.1:" + port).withToken(TOKEN).post("/api/v1/runs", "{}");
          if (answer.status() != 202) {
            throw new IllegalStateException("the forced run answered " + answer);
          }
          awaitRuns(server, database, 1 + forced);
          Thread.sleep(1_000);
          cpu.add(JobProcess.cpuSeconds(jvm.pid()));
          window[1] = Instant.now();
          threads.add(JobProcess.threadKinds(jvm.pid()));
        }
        pageLoads[1] = pageLoads(port);
        jvm.destroy(); // SIGTERM: the scheduler stops
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        failed[0] = e;
        bash.toHandle().children().forEach(ProcessHandle::destroy);
      }
    });
    if (failed[0] != null) {
      throw failed[0];
    }
    Row run = server.query(database, "SELECT selected, started_at, finished_at, status FROM cleaning_job_runs"
        + " ORDER BY started_at DESC LIMIT 1").get(0);
    if (!"succeeded".equals(run.getString("status")) || run.getInteger("selected") != records) {
      throw new IllegalStateException("the forced run " + run.getString("status") + " with " + run.getInteger("selected")
          + " records, not " + records);
    }
    double seconds = Duration.between(run.getOffsetDateTime("started_at"), run.getOffsetDateTime("finished_at"))
        .toNanos() / 1e9;
    int last = cpu.size() - 1;
    StringBuilder earlier = new StringBuilder();
    for (int i = 1; i < last; i++) {
      earlier.append(String.format(Locale.ROOT, "%sforced run %d of %d: %.0f us/record (%s)", earlier.length() == 0 ? ""
          : "; ", i, FORCED_RUNS, (cpu.get(i) - cpu.get(i - 1)) / records * 1e6,
          JobProcess.threadCpuBetween(threads.get(i - 1), threads.get(i), records)));
    }
    if (recording != null) {
      System.out.print(Profile.summarize(recording, window[0], window[1], records, 25));
    }
    double pages = pageLoads[1][0] - pageLoads[0][0];
    String pageReport = pages <= 0 ? "" : String.format(Locale.ROOT, "; %.0f pages, each prepared in %.1f ms on average"
        + " (select, load, check, enrich) and written in %.1f ms (the run's time over its pages)", pages,
        (pageLoads[1][1] - pageLoads[0][1]) / pages * 1e3, seconds / pages * 1e3);
    return new Warm(records, seconds, cpu.get(last) - cpu.get(last - 1),
        JobProcess.threadCpuBetween(threads.get(last - 1), threads.get(last), records) + pageReport
            + (earlier.length() == 0 ? "" : " [before it: " + earlier + "]"));
  }

  /** {@code K=V,K=V} as variables; empty for none. */
  static Map<String, String> variables(String text) {
    Map<String, String> variables = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        variables.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    return variables;
  }

  /**
   * The job's page-load timer so far ({@code cleaning_job_page_load_seconds}): its count and sum of seconds. A page is
   * prepared while the one before it is written, so a mean near a page's share of the run says the writes waited for
   * the reads.
   */
  private static double[] pageLoads(int port) {
    String metrics = new Http("http://127.0.0.1:" + port).withToken(TOKEN).get("/metrics").body();
    double[] countAndSum = new double[2];
    for (String line : metrics.split("\n")) {
      if (line.startsWith("cleaning_job_page_load_seconds_count")) {
        countAndSum[0] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      } else if (line.startsWith("cleaning_job_page_load_seconds_sum")) {
        countAndSum[1] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return countAndSum;
  }

  private static void awaitRuns(BenchServer server, PgConnectOptions database, int ended) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofHours(2).toNanos();
    while (server.query(database, "SELECT count(*) FROM cleaning_job_runs WHERE status <> 'running'").get(0)
        .getLong(0) < ended) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the job's run " + ended + " did not end within 2 hours");
      }
      Thread.sleep(200);
    }
  }

  /** {@link ClientFloor} with as many rounds of N in one JVM as the job runs, the last counted: as warm as the job. */
  static Warm warmFloor(BenchServer server, PgConnectOptions template, int records, int connections,
      List<String> jvmOptions) throws Exception {
    JobProcess.Result result = JobBenchmark.floorProcess(server, template, records, connections, "", 1 + FORCED_RUNS,
        jvmOptions);
    JsonArray rounds = result.summary().getJsonArray("rounds");
    JsonObject warm = rounds.getJsonObject(rounds.size() - 1);
    if (warm.getInteger("written") != records) {
      throw new IllegalStateException("the floor's warm round wrote " + warm.getInteger("written") + " records");
    }
    return new Warm(records, warm.getDouble("seconds"), warm.getDouble("cpu"), warm.getString("threads"));
  }

  private static String ratios(List<Double> values) {
    return values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList().toString();
  }

  static double median(double[] values) {
    return JobBenchmark.median(values);
  }
}
