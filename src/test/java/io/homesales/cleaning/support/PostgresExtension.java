package io.homesales.cleaning.support;

import io.vertx.core.Vertx;
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
      return TestDatabase.create(server, vertx);
    }

    @Override
    public void close() {
      TestDatabase.await(vertx.close());
      server.close();
    }
  }
}
