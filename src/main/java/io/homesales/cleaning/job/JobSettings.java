package io.homesales.cleaning.job;

import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything the job is configured with, validated as a whole: from the environment (the container,
 * {@link #fromEnv}) or from a verticle's JSON config ({@link #fromJson}). Connection settings follow
 * libpq's variables; every missing or malformed setting is reported at once, by name.
 */
public record JobSettings(
    String host,
    int port,
    String database,
    String user,
    String password,
    SslMode sslMode,
    String sslRootCert,
    int intervalSeconds,
    int batchSize,
    int maxRecordsPerRun,
    int concurrency,
    String address) {

  public static final int DEFAULT_PORT = 5432;
  public static final SslMode DEFAULT_SSL_MODE = SslMode.PREFER;
  public static final int DEFAULT_INTERVAL_SECONDS = 900;
  public static final int DEFAULT_BATCH_SIZE = 500;
  public static final int DEFAULT_MAX_RECORDS_PER_RUN = 10_000;
  /** Records written at once, each in its own transaction: 1 is the design card's sequential processing. */
  public static final int DEFAULT_CONCURRENCY = 1;
  public static final int MAX_CONCURRENCY = 64;
  /**
   * Connections besides the record writers: the run's lock, the page selection, and the next page's events
   * and three enrichment queries, prefetched while the current page is written.
   */
  static final int SUPPORT_CONNECTIONS = 5;
  public static final String DEFAULT_ADDRESS = "cleaning-job.run";
  /** How the job's connections show in {@code pg_stat_activity}. */
  public static final String APPLICATION_NAME = "cleaning-job";

  /** One setting: its environment variable and its JSON key. */
  enum Setting {
    HOST("PGHOST", "host"),
    PORT("PGPORT", "port"),
    DATABASE("PGDATABASE", "database"),
    USER("PGUSER", "user"),
    PASSWORD("PGPASSWORD", "password"),
    SSL_MODE("PGSSLMODE", "sslMode"),
    SSL_ROOT_CERT("PGSSLROOTCERT", "sslRootCert"),
    INTERVAL("CLEANING_JOB_INTERVAL_SECONDS", "intervalSeconds"),
    BATCH_SIZE("CLEANING_JOB_BATCH_SIZE", "batchSize"),
    MAX_RECORDS("CLEANING_JOB_MAX_RECORDS_PER_RUN", "maxRecordsPerRun"),
    CONCURRENCY("CLEANING_JOB_CONCURRENCY", "concurrency"),
    ADDRESS("CLEANING_JOB_ADDRESS", "address");

    final String env;
    final String json;

    Setting(String env, String json) {
      this.env = env;
      this.json = json;
    }
  }

  /** Reads the libpq variables and {@code CLEANING_JOB_*}. */
  public static JobSettings fromEnv(Map<String, String> env) {
    return read(s -> env.get(s.env), s -> s.env);
  }

  /** Reads a verticle config: {@code {"host": ..., "port": 5432, "intervalSeconds": 900, ...}}. */
  public static JobSettings fromJson(JsonObject config) {
    return read(s -> {
      Object value = config.getValue(s.json);
      return value == null ? null : String.valueOf(value);
    }, s -> "'" + s.json + "'");
  }

  private static JobSettings read(Function<Setting, String> source, Function<Setting, String> name) {
    Reader r = new Reader(source, name);
    JobSettings settings = new JobSettings(
        r.required(Setting.HOST),
        r.integer(Setting.PORT, DEFAULT_PORT, 1, 65_535),
        r.required(Setting.DATABASE),
        r.required(Setting.USER),
        r.optional(Setting.PASSWORD, null),
        r.sslMode(),
        r.optional(Setting.SSL_ROOT_CERT, null),
        r.integer(Setting.INTERVAL, DEFAULT_INTERVAL_SECONDS, 1, 7 * 24 * 3600),
        r.integer(Setting.BATCH_SIZE, DEFAULT_BATCH_SIZE, 1, 10_000),
        r.integer(Setting.MAX_RECORDS, DEFAULT_MAX_RECORDS_PER_RUN, 1, 100_000_000),
        r.integer(Setting.CONCURRENCY, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY),
        r.optional(Setting.ADDRESS, DEFAULT_ADDRESS));
    if (!r.problems.isEmpty()) {
      throw new SettingsException(r.problems);
    }
    return settings;
  }

  /** The pool's size: a connection per record in flight, and the run's other work beside them. */
  public int poolSize() {
    return concurrency + SUPPORT_CONNECTIONS;
  }

  /** Connection options for the reactive client. libpq's "prefer" and "require" do not verify the server. */
  public PgConnectOptions connectOptions() {
    PgConnectOptions options = new PgConnectOptions()
        .setHost(host).setPort(port).setDatabase(database).setUser(user).setSslMode(sslMode)
        // The same few statements run for every record: parse and plan them once per connection.
        .setCachePreparedStatements(true)
        .addProperty("application_name", APPLICATION_NAME);
    if (password != null) {
      options.setPassword(password);
    }
    ClientSSLOptions ssl = new ClientSSLOptions();
    switch (sslMode) {
      case ALLOW, PREFER, REQUIRE -> ssl.setTrustAll(true);
      case VERIFY_CA, VERIFY_FULL -> {
        if (sslRootCert != null) {
          ssl.setTrustOptions(new PemTrustOptions().addCertPath(sslRootCert));
        }
        if (sslMode == SslMode.VERIFY_FULL) {
          ssl.setHostnameVerificationAlgorithm("HTTPS");
        }
      }
      default -> { }
    }
    return options.setSslOptions(ssl);
  }

  /** The same settings as a verticle config (the password included: keep it out of logs). */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put(Setting.HOST.json, host).put(Setting.PORT.json, port).put(Setting.DATABASE.json, database)
        .put(Setting.USER.json, user).put(Setting.SSL_MODE.json, sslMode.value)
        .put(Setting.INTERVAL.json, intervalSeconds).put(Setting.BATCH_SIZE.json, batchSize)
        .put(Setting.MAX_RECORDS.json, maxRecordsPerRun).put(Setting.CONCURRENCY.json, concurrency)
        .put(Setting.ADDRESS.json, address);
    if (password != null) {
      json.put(Setting.PASSWORD.json, password);
    }
    if (sslRootCert != null) {
      json.put(Setting.SSL_ROOT_CERT.json, sslRootCert);
    }
    return json;
  }

  public JobSettings withMaxRecordsPerRun(int max) {
    return new JobSettings(host, port, database, user, password, sslMode, sslRootCert, intervalSeconds, batchSize,
        max, concurrency, address);
  }

  public JobSettings withBatchSize(int size) {
    return new JobSettings(host, port, database, user, password, sslMode, sslRootCert, intervalSeconds, size,
        maxRecordsPerRun, concurrency, address);
  }

  public JobSettings withConcurrency(int records) {
    return new JobSettings(host, port, database, user, password, sslMode, sslRootCert, intervalSeconds, batchSize,
        maxRecordsPerRun, records, address);
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "JobSettings[" + user + "@" + host + ":" + port + "/" + database + ", sslmode=" + sslMode.value
        + ", password=" + (password == null ? "none" : "***") + ", interval=" + intervalSeconds + "s, batch="
        + batchSize + ", max=" + maxRecordsPerRun + ", concurrency=" + concurrency + ", address=" + address + "]";
  }

  /** Reads settings one by one, collecting every problem instead of stopping at the first. */
  private static final class Reader {
    private final Function<Setting, String> source;
    private final Function<Setting, String> name;
    private final List<String> problems = new ArrayList<>();

    Reader(Function<Setting, String> source, Function<Setting, String> name) {
      this.source = source;
      this.name = name;
    }

    String required(Setting setting) {
      String value = source.apply(setting);
      if (value == null || value.isBlank()) {
        problems.add(name.apply(setting) + " is missing");
        return null;
      }
      return value;
    }

    String optional(Setting setting, String fallback) {
      String value = source.apply(setting);
      return value == null || value.isEmpty() ? fallback : value;
    }

    int integer(Setting setting, int fallback, int min, int max) {
      String value = source.apply(setting);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        int parsed = Integer.parseInt(value.trim());
        if (parsed >= min && parsed <= max) {
          return parsed;
        }
      } catch (NumberFormatException notAnInteger) {
        // reported below
      }
      problems.add(name.apply(setting) + " must be an integer from " + min + " to " + max + " (got '" + value + "')");
      return fallback;
    }

    SslMode sslMode() {
      String value = source.apply(Setting.SSL_MODE);
      if (value == null || value.isBlank()) {
        return DEFAULT_SSL_MODE;
      }
      for (SslMode mode : SslMode.VALUES) {
        if (mode.value.equals(value.trim())) {
          return mode;
        }
      }
      problems.add(name.apply(Setting.SSL_MODE)
          + " must be one of disable, allow, prefer, require, verify-ca, verify-full (got '" + value + "')");
      return DEFAULT_SSL_MODE;
    }
  }
}
