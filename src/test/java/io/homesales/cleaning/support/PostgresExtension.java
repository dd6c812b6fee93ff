package io.homesales.cleaning.support;

import io.homesales.cleaning.store.Schema;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a real PostgreSQL: one server per test JVM ({@link PostgresServer}), one fresh database per
 * test class with every table of {@code sql/}. Inject it as a {@link TestDatabase} parameter.
 */
public final class PostgresExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Shared shared = context.getRoot().getStore(NS).getOrComputeIfAbsent(Shared.class, k -> new Shared(), Shared.class);
    ExtensionContext classContext = context.getTestClass().isPresent() && context.getParent().isPresent()
        && context.getTestMethod().isPresent() ? context.getParent().get() : context;
    return classContext.getStore(NS).getOrComputeIfAbsent(TestDatabase.class, k -> shared.newDatabase(),
        TestDatabase.class);
  }

  /** The server and a Vert.x instance for the helpers, closed when the whole test run ends. */
  private static final class Shared implements AutoCloseable {
    private final PostgresServer server = PostgresServer.start();
    private final Vertx vertx = Vertx.vertx();

    TestDatabase newDatabase() {
      String name = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
      PgConnectOptions admin = new PgConnectOptions().setHost(server.host()).setPort(server.port())
          .setUser(server.user()).setDatabase(server.adminDatabase());
      if (server.password() != null) {
        admin.setPassword(server.password());
      }
      Pool adminPool = PgBuilder.pool().connectingTo(admin).using(vertx).build();
      TestDatabase.await(adminPool.query("CREATE DATABASE " + name).execute().eventually(adminPool::close));
      TestDatabase database = new TestDatabase(server, name, vertx);
      TestDatabase.await(Schema.applyAll(database.pool()));
      TestDatabase.await(database.pool().query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").execute());
      return database;
    }

    @Override
    public void close() {
      TestDatabase.await(vertx.close());
      server.close();
    }
  }
}
