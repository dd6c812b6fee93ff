package io.homesales.cleaning.bench;

import io.homesales.cleaning.core.Field;
import io.homesales.cleaning.core.Payload;
import io.homesales.cleaning.core.RandomPayloads;
import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.sample.EventGenerator;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.store.UpstreamTables;
import io.homesales.cleaning.support.OutputTables;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether two builds write the same output tables from the same events: a check for a change to the decoding of
 * payloads or the binding of values, which the benchmarks time but do not compare. One database holds the shipped
 * sample, generated events (every kind of defect, docs/data-rules.md section 4.2) and hostile payloads (the property
 * tests' random and mutated payloads, and the cases of huge numbers, keys and nesting); a copy of it is cleaned by
 * each build's {@code run-once}, and their {@code home_sales_clean} and {@code home_sales_processed} are compared row
 * by row, every column but the times and run ids of the job's own writes ({@link OutputTables}). Exits 1 on a
 * difference, printing the first rows of it.
 *
 * <p>Run: {@code ./mvnw -q -Pbench -DskipTests -Dinvoker.skip=true package exec:exec
 * -Dbench.main=io.homesales.cleaning.bench.SameOutput -Dbench.versus=/tmp/before.jar} ({@code -Dbench.records}
 * generated events, 100,000 by default), on the local cluster or the server the {@code PG*} variables name.
 */
public final class SameOutput {

  private static final long GENERATED_FROM = 1_000_000;
  private static final long RANDOM_FROM = 2_000_000;
  private static final long HOSTILE_FROM = 3_000_000;
  private static final int RANDOM_PAYLOADS = 20_000;

  private SameOutput() {}

  public static void main(String[] args) throws Exception {
    int records = Integer.getInteger("bench.records", 100_000);
    String versus = System.getProperty("bench.versus", "");
    if (versus.isBlank()) {
      throw new IllegalArgumentException("-Dbench.versus=OTHER.jar names the build to compare with");
    }
    Vertx vertx = Vertx.vertx();
    int exit;
    try (BenchServer server = BenchServer.start(vertx)) {
      System.out.println("server: " + server.describe());
      PgConnectOptions template = server.createDatabase("bench_same_template");
      List<RawEvent> events = events(records);
      Pool pool = server.pool(template);
      try {
        UpstreamTables upstream = new UpstreamTables(pool);
        for (int from = 0; from < events.size(); from += 1_000) {
          BenchServer.await(upstream.insertEvents(events.subList(from, Math.min(events.size(), from + 1_000))));
        }
      } finally {
        BenchServer.await(pool.close());
      }
      System.out.printf(Locale.ROOT, "events: %,d (the sample, %,d generated, %,d random, the hostile cases)%n",
          events.size(), records, RANDOM_PAYLOADS);
      Set<String> mine = output(server, server.copy(template, "bench_same_this"), JobProcess.JAR, events.size());
      Set<String> theirs = output(server, server.copy(template, "bench_same_that"), Path.of(versus), events.size());
      exit = compare(mine, theirs, versus) ? 0 : 1;
    } finally {
      BenchServer.await(vertx.close());
    }
    System.exit(exit);
  }

  /** Both output tables as text, after one {@code run-once} of {@code jar} over every event. */
  private static Set<String> output(BenchServer server, PgConnectOptions database, Path jar, int events)
      throws Exception {
    Map<String, String> env = BenchServer.env(database);
    env.put("CLEANING_JOB_MAX_RECORDS_PER_RUN", Integer.toString(events));
    JobProcess.Result result = JobProcess.run(jar, List.of(), env, List.of("run-once"), null);
    String status = result.summary().getString("status");
    System.out.printf(Locale.ROOT, "%s: run-once %s, %s%n", jar, status, result.summary().encode());
    if (!"succeeded".equals(status)) {
      throw new IllegalStateException(jar + " did not succeed: " + result.stderr());
    }
    return OutputTables.of(server.query(database, OutputTables.ROWS));
  }

  private static boolean compare(Set<String> mine, Set<String> theirs, String versus) {
    Set<String> onlyMine = OutputTables.onlyIn(mine, theirs);
    Set<String> onlyTheirs = OutputTables.onlyIn(theirs, mine);
    long clean = mine.stream().filter(row -> row.startsWith("clean ")).count();
    System.out.printf(Locale.ROOT, "this build: %,d rows (%,d clean); %s: %,d rows; only in this build's: %,d; only"
        + " in the other's: %,d%n", mine.size(), clean, versus, theirs.size(), onlyMine.size(), onlyTheirs.size());
    onlyMine.stream().limit(10).forEach(row -> System.out.println("  only this build: " + row));
    onlyTheirs.stream().limit(10).forEach(row -> System.out.println("  only the other: " + row));
    boolean same = onlyMine.isEmpty() && onlyTheirs.isEmpty();
    System.out.println(same ? "same output" : "DIFFERENT output");
    return same;
  }

  /** The sample, generated events, the property tests' random payloads, then the hostile cases. */
  static List<RawEvent> events(int generated) {
    List<RawEvent> events = new ArrayList<>(SampleData.events());
    events.addAll(new EventGenerator(7).events(GENERATED_FROM, generated));
    OffsetDateTime received = OffsetDateTime.of(2016, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    RandomPayloads random = new RandomPayloads(11);
    long id = RANDOM_FROM;
    for (int i = 0; i < RANDOM_PAYLOADS; i++) {
      storable(events, id++, received.plusSeconds(i), random.next());
    }
    id = HOSTILE_FROM;
    for (String payload : hostile()) {
      storable(events, id, received.plusSeconds(id - HOSTILE_FROM), payload);
      id++;
    }
    return events;
  }

  /**
   * What a text column can hold: it cannot hold NUL, so such a payload cannot reach the job and is left out; nor a
   * lone surrogate, which is written as UTF-8 writes it ({@code ?}), as a client would have to.
   */
  private static void storable(List<RawEvent> events, long id, OffsetDateTime received, String payload) {
    if (payload.indexOf('\u0000') < 0) {
      events.add(new RawEvent(id, received, new String(payload.getBytes(StandardCharsets.UTF_8),
          StandardCharsets.UTF_8)));
    }
  }

  /** The property tests' hostile cases that a text column can hold: sizes, nesting, huge numbers and keys. */
  private static List<String> hostile() {
    return List.of(
        "x".repeat(1_000_001),
        "\"" + "a".repeat(2_000_000) + "\"",
        "[".repeat(100_000) + "]".repeat(100_000),
        "{\"a\":" + "[".repeat(100_000),
        "{\"a\":" + "[".repeat(499) + "]".repeat(499) + "}",
        "{\"a\":" + "[".repeat(500) + "]".repeat(500) + "}",
        "\uD800{}",
        Payload.valid().set(Field.PRICE, "1e999999").json(),
        Payload.valid().set(Field.PRICE, "-1e999999").json(),
        Payload.valid().set(Field.PRICE, "9".repeat(900_000)).json(),
        Payload.valid().with("lat", "4" + "7".repeat(900_000)).json(),
        Payload.valid().set(Field.BEDROOMS, "3." + "0".repeat(900_000) + "1").json(),
        Payload.valid().set(Field.PRICE, Payload.quote("1" + ",".repeat(900_000) + "x")).json(),
        Payload.valid().with("notes", Payload.quote("\uD800\uDFFF".repeat(100_000))).json(),
        Payload.valid().set(Field.ZIP_CODE, Payload.quote("\uDC00" + "9".repeat(500_000))).json(),
        Payload.valid().set(Field.SALE_DATE, Payload.quote("2014-10-13".repeat(90_000))).json(),
        Payload.valid().with("k".repeat(900_000), "1").json(),
        Payload.valid().set(Field.PRICE, "\"\uD800\"").json(),
        Payload.valid().with("price", "221900").json(),
        Payload.valid().with("Price", "221900").with("PRICE", "221900.00").json(),
        Payload.valid().with("SALE PRICE", "\"$221,900\"").with("price", "221901").json(),
        Payload.valid().json() + " ",
        Payload.valid().json() + "{}",
        "{}",
        "[]",
        "null",
        "\"text\"",
        "");
  }
}
