package io.homesales.cleaning.support;

import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.store.Schema;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A database of its own for one test class, on the shared server, with the upstream and job tables.
 * Its helpers block: call them from the test thread only, never from an event loop.
 */
public final class TestDatabase {

  private final PostgresServer server;
  private final String name;
  private final Vertx vertx;
  private final Pool pool;

  TestDatabase(PostgresServer server, String name, Vertx vertx) {
    this.server = server;
    this.name = name;
    this.vertx = vertx;
    this.pool = pool(vertx, 4);
  }

  /** A new database on {@code server} with every table of {@code sql/} and pg_stat_statements. */
  public static TestDatabase create(PostgresServer server, Vertx vertx) {
    String name = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    PgConnectOptions admin = new PgConnectOptions().setHost(server.host()).setPort(server.port())
        .setUser(server.user()).setDatabase(server.adminDatabase());
    if (server.password() != null) {
      admin.setPassword(server.password());
    }
    Pool adminPool = PgBuilder.pool().connectingTo(admin).using(vertx).build();
    await(adminPool.query("CREATE DATABASE " + name).execute().eventually(adminPool::close));
    TestDatabase database = new TestDatabase(server, name, vertx);
    await(Schema.applyAll(database.pool()));
    await(database.pool().query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").execute());
    return database;
  }

  public String name() {
    return name;
  }

  /** Settings for the job against this database (defaults elsewhere). */
  public JobSettings settings() {
    return JobSettings.fromJson(config());
  }

  /** The verticle config of this database. */
  public JsonObject config() {
    JsonObject json = new JsonObject().put("host", server.host()).put("port", server.port()).put("database", name)
        .put("user", server.user()).put("sslMode", "disable");
    if (server.password() != null) {
      json.put("password", server.password());
    }
    return json;
  }

  /** The libpq environment of this database, for a child process. */
  public Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", server.host());
    env.put("PGPORT", String.valueOf(server.port()));
    env.put("PGDATABASE", name);
    env.put("PGUSER", server.user());
    env.put("PGSSLMODE", "disable");
    if (server.password() != null) {
      env.put("PGPASSWORD", server.password());
    }
    return env;
  }

  /** A pool for the tests themselves: named apart from the job's connections in pg_stat_activity. */
  public Pool pool(Vertx vertx, int size) {
    var options = settings().connectOptions().addProperty("application_name", "cleaning-job-tests");
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(options).using(vertx).build();
  }

  /** The test helpers' own pool. */
  public Pool pool() {
    return pool;
  }

  public List<Row> query(String sql, Object... params) {
    return await(pool.preparedQuery(sql).execute(Tuple.wrap(params)).map(rows -> {
      List<Row> list = new ArrayList<>();
      rows.forEach(list::add);
      return list;
    }));
  }

  public long count(String sql, Object... params) {
    return query(sql, params).get(0).getLong(0);
  }

  /** Waits (up to 30 s) until a count query answers at least {@code count}. */
  public void awaitCount(String countSql, long count) {
    Eventually.until("'" + countSql + "' at least " + count, java.time.Duration.ofSeconds(30),
        () -> count(countSql) >= count);
  }

  /** Runs a script (several statements, no parameters). */
  public void execute(String sql) {
    await(pool.query(sql).execute());
  }

  /** Drops every object of the job's schema, so that an older release's, or none, can take their place. */
  public static final String DROP_JOB_SCHEMA = "DROP VIEW cleaning_job_status; DROP TABLE IF EXISTS"
      + " cleaning_job_run_gates, cleaning_job_gate_actions, cleaning_job_notify_state; DROP TABLE home_sales_clean,"
      + " home_sales_processed, cleaning_job_runs, cleaning_job_run_reasons, cleaning_job_outcomes_hourly,"
      + " cleaning_job_reasons_hourly, cleaning_job_pending, cleaning_job_watermark, cleaning_job_control,"
      + " cleaning_job_reprocess, cleaning_job_schema";

  /**
   * Makes a finished run look as a process killed while running left it: no end, no quality, no reasons counted.
   */
  public void killedWhileRunning(UUID runId) {
    execute("UPDATE cleaning_job_runs SET status = 'running', finished_at = NULL, quality = NULL"
        + " WHERE run_id = '" + runId + "'; DELETE FROM cleaning_job_run_reasons WHERE run_id = '" + runId + "'");
  }

  /** Empties the job's and the upstream tables. */
  public void truncateAll() {
    execute("TRUNCATE raw_home_sale_events, zip_population, public_schools, mortgage_rates, home_sales_clean,"
        + " home_sales_processed, cleaning_job_runs, cleaning_job_run_reasons, cleaning_job_pending,"
        + " cleaning_job_watermark, cleaning_job_outcomes_hourly, cleaning_job_reasons_hourly, cleaning_job_control,"
        + " cleaning_job_reprocess, cleaning_job_run_gates, cleaning_job_gate_actions,"
        + " cleaning_job_notify_state");
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits for {@code future} and answers why it failed, or null if it succeeded. */
  public static Throwable awaitFailure(Future<?> future) {
    return await(future.transform(ar -> Future.succeededFuture(ar.cause())));
  }

  Vertx vertx() {
    return vertx;
  }
}
