package io.homesales.cleaning.support;

import io.homesales.cleaning.embedded.LocalPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one PostgreSQL server of a test JVM: a Testcontainers container where a Docker engine runs,
 * otherwise a local cluster from zonky's binaries. Both preload pg_stat_statements. Set
 * {@code -Dtests.postgres=local} to skip looking for Docker.
 */
public interface PostgresServer extends AutoCloseable {

  String host();

  int port();

  String user();

  String password();

  /** The maintenance database, to create the per-class test databases in. */
  String adminDatabase();

  @Override
  void close();

  static PostgresServer start() {
    boolean docker = !"local".equals(System.getProperty("tests.postgres")) && dockerAvailable();
    return docker ? new Container() : new Local();
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError noDocker) {
      return false;
    }
  }

  final class Container implements PostgresServer {
    private final PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine")
        .withCommand("postgres", "-c", "shared_preload_libraries=pg_stat_statements", "-c", "max_connections=200",
            "-c", "track_commit_timestamp=on");

    Container() {
      container.start();
    }

    public String host() {
      return container.getHost();
    }

    public int port() {
      return container.getMappedPort(5432);
    }

    public String user() {
      return container.getUsername();
    }

    public String password() {
      return container.getPassword();
    }

    public String adminDatabase() {
      return container.getDatabaseName();
    }

    public void close() {
      container.stop();
    }
  }

  /** A server over a local cluster the caller started (and may kill and restart). */
  static PostgresServer local(LocalPostgres pg) {
    return new Local(pg);
  }

  final class Local implements PostgresServer {
    private final LocalPostgres pg;

    Local() {
      this(LocalPostgres.start());
    }

    Local(LocalPostgres pg) {
      this.pg = pg;
    }

    public String host() {
      return pg.host();
    }

    public int port() {
      return pg.port();
    }

    public String user() {
      return pg.user();
    }

    public String password() {
      return null;
    }

    public String adminDatabase() {
      return pg.database();
    }

    public void close() {
      pg.close();
    }
  }
}
