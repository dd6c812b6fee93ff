package io.homesales.cleaning.bench;

import io.homesales.cleaning.store.RecordWriter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The floor under the job's writes: the job's own client (run from the packaged jar) executing the job's own
 * statement for each pending event, newest first, with the job's connection options, on as many connections
 * and with as many statements in flight on each as the job, and nothing else: no page selection, no payloads,
 * no cleaning, no run history. Run as a process of its own, like the job, so that its CPU per record (JVM start
 * and JIT included) is the least the job itself could spend on the same server at the same moment.
 *
 * <p>{@code java -cp target/cleaning-job.jar:target/test-classes io.homesales.cleaning.bench.ClientFloor N
 * connections pipeline [rounds]}, with the {@code PG*} variables naming a database whose pending set holds the
 * events (N times rounds of them). With rounds, it writes N after N in one JVM and reports each round's time and
 * CPU: the last is the warm floor.
 */
public final class ClientFloor {

  private static final Pattern PARAMETER = Pattern.compile("#\\{(\\w+)}");

  private ClientFloor() {}

  public static void main(String[] args) throws Exception {
    int records = Integer.parseInt(args[0]);
    int connections = Integer.parseInt(args[1]);
    int pipeline = Integer.parseInt(args[2]);
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    Statement statement = Statement.of(jobStatement());
    Vertx vertx = Vertx.vertx();
    PgConnectOptions options = PgConnectOptions.fromEnv()
        .setCachePreparedStatements(true)
        .setPipeliningLimit(pipeline);
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(connections)).connectingTo(options).using(vertx)
        .build();
    long start = System.nanoTime();
    List<Row> pending = new ArrayList<>(records * rounds);
    await(pool.query("SELECT id, received_at FROM cleaning_job_pending ORDER BY received_at DESC, id DESC LIMIT "
        + (long) records * rounds).execute()).forEach(pending::add);
    // Round after round in one JVM, each over the next N events: the last ones run warm, as a long-lived job does.
    StringBuilder each = new StringBuilder();
    int count = 0;
    for (int round = 0; round < rounds; round++) {
      List<Row> events = pending.subList(Math.min(pending.size(), round * records),
          Math.min(pending.size(), (round + 1) * records));
      long roundStart = System.nanoTime();
      double cpuStart = processCpuSeconds();
      Map<String, double[]> threadsStart = JobProcess.threadKinds(ProcessHandle.current().pid());
      int written = await(write(pool, statement, events, connections, pipeline));
      double roundSeconds = (System.nanoTime() - roundStart) / 1e9;
      double roundCpu = processCpuSeconds() - cpuStart;
      String threads = JobProcess.threadCpuBetween(threadsStart,
          JobProcess.threadKinds(ProcessHandle.current().pid()), Math.max(1, written));
      count += written;
      each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT,
          "{\"written\": %d, \"seconds\": %.3f, \"cpu\": %.3f, \"threads\": \"%s\"}", written, roundSeconds,
          roundCpu, threads));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    System.out.printf(Locale.ROOT, "{\"written\": %d, \"seconds\": %.3f, \"rounds\": [%s]}%n", count, seconds,
        each);
  }

  /** The events written on {@code connections} connections, each with up to {@code pipeline} in flight. */
  private static Future<Integer> write(Pool pool, Statement statement, List<Row> events, int connections,
      int pipeline) {
    List<Future<Integer>> lanes = new ArrayList<>();
    int[] next = {0};
    for (int i = 0; i < connections; i++) {
      lanes.add(pool.getConnection().compose(connection -> new Lane(connection, statement, events, next, pipeline)
          .run().eventually(connection::close)));
    }
    return Future.all(lanes).map(all -> lanes.stream().mapToInt(Future::result).sum());
  }

  /** The CPU this JVM has used so far, every thread and the JVM's own included. */
  private static double processCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(6, TimeUnit.HOURS);
  }


  /** One connection's writes: up to {@code depth} in flight, the next pending event each time one answers. */
  private static final class Lane {
    private final SqlConnection connection;
    private final Statement statement;
    private final List<Row> pending;
    private final int[] next;
    private final int depth;
    private final Promise<Integer> done = Promise.promise();
    private int inFlight;
    private int written;

    Lane(SqlConnection connection, Statement statement, List<Row> pending, int[] next, int depth) {
      this.connection = connection;
      this.statement = statement;
      this.pending = pending;
      this.next = next;
      this.depth = depth;
    }

    Future<Integer> run() {
      fill();
      return done.future();
    }

    private void fill() {
      while (inFlight < depth && next[0] < pending.size()) {
        Row event = pending.get(next[0]++);
        inFlight++;
        connection.preparedQuery(statement.sql())
            .execute(statement.tuple(event.getLong("id"), event.getOffsetDateTime("received_at")))
            .onComplete(result -> {
              inFlight--;
              if (result.failed()) {
                done.tryFail(result.cause());
                return;
              }
              written++;
              fill();
            });
      }
      if (inFlight == 0) {
        done.tryComplete(written);
      }
    }
  }

  /**
   * The job's statement with positional parameters, and one typical clean record's values in their order: a
   * record's tuple is a copy with its id and receipt time put in, no more work than the job's own writer does.
   */
  private record Statement(String sql, Object[] values, int idIndex, int receivedAtIndex) {

    private static final UUID RUN = UUID.randomUUID();

    static Statement of(String template) {
      List<String> parameters = new ArrayList<>();
      Matcher matcher = PARAMETER.matcher(template);
      StringBuilder sql = new StringBuilder();
      while (matcher.find()) {
        String name = matcher.group(1);
        int position = parameters.indexOf(name);
        if (position < 0) {
          parameters.add(name);
          position = parameters.size() - 1;
        }
        matcher.appendReplacement(sql, "\\$" + (position + 1));
      }
      matcher.appendTail(sql);
      Map<String, Object> known = typicalRecord();
      Object[] values = new Object[parameters.size()];
      for (int i = 0; i < values.length; i++) {
        if (!known.containsKey(parameters.get(i))) {
          throw new IllegalStateException("the job's statement has a parameter the floor has no value for: "
              + parameters.get(i));
        }
        values[i] = known.get(parameters.get(i));
      }
      return new Statement(sql.toString(), values, parameters.indexOf("id"), parameters.indexOf("received_at"));
    }

    Tuple tuple(long id, OffsetDateTime receivedAt) {
      Object[] record = values.clone();
      record[idIndex] = id;
      record[receivedAtIndex] = receivedAt;
      return Tuple.wrap(record);
    }

    /** A clean record of the King County sample, typed as the job binds it. */
    private static Map<String, Object> typicalRecord() {
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("id", null); // each record's own
      values.put("received_at", null); // each record's own
      values.put("sale_date", LocalDate.of(2014, 10, 13));
      values.put("price", new BigDecimal("221900"));
      values.put("zip_code", "98178");
      values.put("bedrooms", (short) 3);
      values.put("bathrooms", new BigDecimal("1.00"));
      values.put("sqft_living", 1180);
      values.put("sqft_lot", 5650);
      values.put("floors", new BigDecimal("1.0"));
      values.put("waterfront", false);
      values.put("view", (short) 0);
      values.put("condition", (short) 3);
      values.put("grade", (short) 7);
      values.put("yr_built", (short) 1955);
      values.put("yr_renovated", null);
      values.put("latitude", 47.5112);
      values.put("longitude", -122.257);
      values.put("zip_population", 24092);
      values.put("zip_density", 4916.7);
      values.put("zip_median_income", 53000);
      values.put("school_count", 9);
      values.put("school_avg_rating", null);
      values.put("mortgage_rate_30yr", new BigDecimal("4.120"));
      values.put("price_per_sqft", new BigDecimal("188.05"));
      values.put("run_id", RUN);
      return values;
    }
  }

  /** The job's clean-record statement, as its writer sends it (a template with named parameters). */
  private static String jobStatement() throws ReflectiveOperationException {
    java.lang.reflect.Field field = RecordWriter.class.getDeclaredField("INSERT_CLEAN");
    field.setAccessible(true);
    return (String) field.get(null);
  }
}
