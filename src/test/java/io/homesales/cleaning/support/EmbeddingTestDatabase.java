package io.homesales.cleaning.support;

import io.homesales.cleaning.embedded.LocalPostgres;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.store.Schema;
import io.homesales.cleaning.store.UpstreamTables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL of the embedding test (src/it/embed-consumer), started by the build before the test in the
 * build's own JVM (and stopped when it exits): the upstream tables and 300 sample events, and where to find them
 * in a properties file. The consumer creates the job's tables itself, as a host application would.
 */
public final class EmbeddingTestDatabase {

  private static final int EVENTS = 300;

  private EmbeddingTestDatabase() {}

  public static void main(String[] args) throws Exception {
    LocalPostgres pg = LocalPostgres.start();
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost(pg.host()).setPort(pg.port())
          .setUser(pg.user()).setDatabase(pg.database())).using(vertx).build();
      UpstreamTables upstream = new UpstreamTables(pool);
      await(Schema.applyUpstreamTables(pool)
          .compose(v -> upstream.insertPopulation(SampleData.zipPopulation()))
          .compose(v -> upstream.insertSchools(SampleData.schools()))
          .compose(v -> upstream.insertRates(SampleData.mortgageRates()))
          .compose(v -> upstream.insertEvents(SampleData.events().subList(0, EVENTS)))
          .eventually(pool::close));
    } finally {
      await(vertx.close());
    }
    Properties properties = new Properties();
    properties.setProperty("host", pg.host());
    properties.setProperty("port", Integer.toString(pg.port()));
    properties.setProperty("database", pg.database());
    properties.setProperty("user", pg.user());
    properties.setProperty("events", Integer.toString(EVENTS));
    try (OutputStream out = new FileOutputStream(args[0])) {
      properties.store(out, "the embedding test's PostgreSQL, up until the build ends");
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
