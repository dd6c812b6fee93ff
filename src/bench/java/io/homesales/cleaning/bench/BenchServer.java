package io.homesales.cleaning.bench;

import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.embedded.LocalPostgres;
import io.homesales.cleaning.sample.EventGenerator;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.store.Schema;
import io.homesales.cleaning.store.UpstreamTables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server a benchmark measures: the one the {@code PG*} variables name, or else a local cluster from the
 * embedded binaries with fsync on (commits cost what they cost in production). Data is loaded once into a
 * template database; each measured run gets a fresh copy of it ({@code CREATE DATABASE ... TEMPLATE}), so that
 * repeated and interleaved runs see the same data.
 */
final class BenchServer implements AutoCloseable {

  private static final int LOAD_CHUNK = 20_000;

  private final LocalPostgres local;
  private final Vertx vertx;
  private final PgConnectOptions admin;
  private final Pool adminPool;
  private final List<String> databases = new ArrayList<>();

  private BenchServer(LocalPostgres local, Vertx vertx, PgConnectOptions admin) {
    this.local = local;
    this.vertx = vertx;
    this.admin = admin;
    this.adminPool = PgBuilder.pool().connectingTo(admin).using(vertx).build();
  }

  static BenchServer start(Vertx vertx) {
    if (System.getenv("PGHOST") != null) {
      return new BenchServer(null, vertx, PgConnectOptions.fromEnv());
    }
    LocalPostgres local = LocalPostgres.start(true);
    return new BenchServer(local, vertx, new PgConnectOptions().setHost(local.host()).setPort(local.port())
        .setUser(local.user()).setDatabase(local.database()));
  }

  String describe() {
    String version = await(adminPool.query("SELECT current_setting('server_version') AS v, current_setting('fsync')"
        + " AS fsync, current_setting('synchronous_commit') AS sync").execute()).iterator().next().toJson().encode();
    return admin.getHost() + ":" + admin.getPort() + " (" + (local == null ? "from the PG* variables"
        : "local cluster from the embedded binaries") + ") " + version;
  }

  Vertx vertx() {
    return vertx;
  }

  /** A new empty database with every table of sql/ and the shipped enrichment tables. */
  PgConnectOptions createDatabase(String name) {
    await(adminPool.query("DROP DATABASE IF EXISTS " + name).execute()
        .compose(v -> adminPool.query("CREATE DATABASE " + name).execute()));
    databases.add(name);
    PgConnectOptions options = new PgConnectOptions(admin).setDatabase(name);
    Pool pool = pool(options);
    UpstreamTables upstream = new UpstreamTables(pool);
    await(Schema.applyAll(pool)
        .compose(v -> upstream.insertPopulation(SampleData.zipPopulation()))
        .compose(v -> upstream.insertSchools(SampleData.schools()))
        .compose(v -> upstream.insertRates(SampleData.mortgageRates()))
        .eventually(pool::close));
    return options;
  }

  /** A template with {@code records} generated events (70% clean, 30% with every kind of defect). */
  PgConnectOptions template(String name, int records) {
    PgConnectOptions options = createDatabase(name);
    Pool pool = pool(options);
    EventGenerator generator = new EventGenerator(1);
    UpstreamTables upstream = new UpstreamTables(pool);
    for (int first = 1; first <= records; first += LOAD_CHUNK) {
      List<RawEvent> chunk = generator.events(first, Math.min(LOAD_CHUNK, records - first + 1));
      await(upstream.insertEvents(chunk));
    }
    await(pool.query("VACUUM ANALYZE").execute().eventually(pool::close));
    return options;
  }

  /** A fresh copy of a template, for one measured run. */
  PgConnectOptions copy(PgConnectOptions template, String name) {
    // A template must have no other session: the pools that loaded it are closed.
    // FORCE: the backends of a job that has just exited may not have ended yet.
    await(adminPool.query("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").execute()
        .compose(v -> adminPool.query("CREATE DATABASE " + name + " TEMPLATE " + template.getDatabase()).execute())
        // The copy writes the whole database to the WAL; a checkpoint now keeps that flush out of what is measured.
        .compose(v -> adminPool.query("CHECKPOINT").execute()));
    if (!databases.contains(name)) {
      databases.add(name);
    }
    return new PgConnectOptions(admin).setDatabase(name);
  }

  Pool pool(PgConnectOptions options) {
    return PgBuilder.pool().connectingTo(options).using(vertx).build();
  }

  List<Row> query(PgConnectOptions options, String sql) {
    Pool pool = pool(options);
    try {
      List<Row> rows = new ArrayList<>();
      await(pool.query(sql).execute()).forEach(rows::add);
      return rows;
    } finally {
      await(pool.close());
    }
  }

  /** The libpq environment of a database, for a child process (the job, pgbench). */
  static Map<String, String> env(PgConnectOptions options) {
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", options.getHost());
    env.put("PGPORT", Integer.toString(options.getPort()));
    env.put("PGDATABASE", options.getDatabase());
    env.put("PGUSER", options.getUser());
    env.put("PGSSLMODE", "disable");
    if (options.getPassword() != null) {
      env.put("PGPASSWORD", options.getPassword());
    }
    return env;
  }

  @Override
  public void close() {
    for (String name : databases) {
      try {
        await(adminPool.query("DROP DATABASE IF EXISTS " + name).execute());
      } catch (RuntimeException busy) {
        System.out.println("could not drop " + name + ": " + busy.getMessage());
      }
    }
    await(adminPool.close());
    if (local != null) {
      local.close();
    }
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(6, TimeUnit.HOURS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
