package io.homesales.cleaning.settings;

import io.homesales.cleaning.settings.SettingsReader.Key;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Everything the job is configured with, validated as a whole: from the environment (the container,
 * {@link #fromEnv}) or from a verticle's JSON config ({@link #fromJson}). Connection settings follow
 * libpq's variables; every missing or malformed setting is reported at once, by name.
 *
 * @param intervalSeconds time between scheduled runs; 0: no schedule, forced runs only
 * @param runOnStart whether deploying starts a run at once
 * @param concurrency records written at once, each its own transaction on its own connection
 * @param pipeline statements sent ahead on each writer connection before the first has answered
 * @param readyMaxFailedRuns readiness fails when this many finished runs in a row failed
 * @param maxBacklogAge readiness fails when the oldest unprocessed event is older; null: not checked
 * @param runHistoryRetention run rows older than this are purged when a run ends
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
    boolean runOnStart,
    int batchSize,
    int maxRecordsPerRun,
    int concurrency,
    int pipeline,
    Addresses addresses,
    int readyMaxFailedRuns,
    Duration maxBacklogAge,
    Duration runHistoryRetention) {

  public static final int DEFAULT_PORT = 5432;
  public static final SslMode DEFAULT_SSL_MODE = SslMode.PREFER;
  public static final int DEFAULT_INTERVAL_SECONDS = 900;
  public static final boolean DEFAULT_RUN_ON_START = true;
  public static final int DEFAULT_BATCH_SIZE = 500;
  public static final int DEFAULT_MAX_RECORDS_PER_RUN = 10_000;
  /** Records written at once, each in its own transaction: 1 writes them one at a time, in order. */
  public static final int DEFAULT_CONCURRENCY = 1;
  public static final int MAX_CONCURRENCY = 64;
  /**
   * Statements in flight per writer connection. Each is still its own transaction, executed and committed by
   * the server in the order sent; the window only spares the server from waiting for the client between
   * records. Chosen by measurement (docs/performance.md).
   */
  public static final int DEFAULT_PIPELINE = 16;
  public static final int MAX_PIPELINE = 256;
  public static final int DEFAULT_READY_MAX_FAILED_RUNS = 3;
  public static final Duration DEFAULT_RUN_HISTORY_RETENTION = Duration.ofDays(90);
  /**
   * Connections besides the record writers: the run's lock, the page selection, and the next page's events
   * and three enrichment queries, prefetched while the current page is written.
   */
  static final int SUPPORT_CONNECTIONS = 5;
  /** How the job's connections show in {@code pg_stat_activity}. */
  public static final String APPLICATION_NAME = "cleaning-job";

  static final Key HOST = new Key("PGHOST", "host");
  static final Key PORT = new Key("PGPORT", "port");
  static final Key DATABASE = new Key("PGDATABASE", "database");
  static final Key USER = new Key("PGUSER", "user");
  static final Key PASSWORD = new Key("PGPASSWORD", "password");
  static final Key SSL_MODE = new Key("PGSSLMODE", "sslMode");
  static final Key SSL_ROOT_CERT = new Key("PGSSLROOTCERT", "sslRootCert");
  static final Key INTERVAL = new Key("CLEANING_JOB_INTERVAL_SECONDS", "intervalSeconds");
  static final Key RUN_ON_START = new Key("CLEANING_JOB_RUN_ON_START", "runOnStart");
  static final Key BATCH_SIZE = new Key("CLEANING_JOB_BATCH_SIZE", "batchSize");
  static final Key MAX_RECORDS = new Key("CLEANING_JOB_MAX_RECORDS_PER_RUN", "maxRecordsPerRun");
  static final Key CONCURRENCY = new Key("CLEANING_JOB_CONCURRENCY", "concurrency");
  static final Key PIPELINE = new Key("CLEANING_JOB_PIPELINE", "pipeline");
  static final Key RUN_ADDRESS = new Key("CLEANING_JOB_ADDRESS", "address");
  static final Key STATUS_ADDRESS = new Key("CLEANING_JOB_STATUS_ADDRESS", "statusAddress");
  static final Key RUNS_ADDRESS = new Key("CLEANING_JOB_RUNS_ADDRESS", "runsAddress");
  static final Key CONTROL_ADDRESS = new Key("CLEANING_JOB_CONTROL_ADDRESS", "controlAddress");
  static final Key REPROCESS_ADDRESS = new Key("CLEANING_JOB_REPROCESS_ADDRESS", "reprocessAddress");
  static final Key QUERY_ADDRESS = new Key("CLEANING_JOB_QUERY_ADDRESS", "queryAddress");
  static final Key READY_MAX_FAILED_RUNS = new Key("CLEANING_JOB_READY_MAX_FAILED_RUNS", "readyMaxFailedRuns");
  static final Key MAX_BACKLOG_AGE = new Key("CLEANING_JOB_MAX_BACKLOG_AGE", "maxBacklogAge");
  static final Key RUN_HISTORY_RETENTION = new Key("CLEANING_JOB_RUN_HISTORY_RETENTION", "runHistoryRetention");

  /** Every setting, in the order {@code --help} and the docs list them. */
  public static final List<Key> KEYS = List.of(HOST, PORT, DATABASE, USER, PASSWORD, SSL_MODE,
      SSL_ROOT_CERT, INTERVAL, RUN_ON_START, BATCH_SIZE, MAX_RECORDS, CONCURRENCY, PIPELINE, RUN_ADDRESS,
      STATUS_ADDRESS, RUNS_ADDRESS, CONTROL_ADDRESS, REPROCESS_ADDRESS, QUERY_ADDRESS, READY_MAX_FAILED_RUNS,
      MAX_BACKLOG_AGE, RUN_HISTORY_RETENTION);

  /** Reads the libpq variables and {@code CLEANING_JOB_*}. */
  public static JobSettings fromEnv(Map<String, String> env) {
    return SettingsReader.ofEnv(env).readChecked(JobSettings::read);
  }

  /** Reads a verticle config: {@code {"host": ..., "port": 5432, "intervalSeconds": 900, ...}}. */
  public static JobSettings fromJson(JsonObject config) {
    return SettingsReader.ofJson(config).readChecked(JobSettings::read);
  }

  /** Reads the settings, leaving their problems in the reader (to report them with other settings'). */
  public static JobSettings read(SettingsReader r) {
    // Read in the order the settings are listed, so that problems are named in that order too.
    String host = r.required(HOST);
    int port = r.integer(PORT, DEFAULT_PORT, 1, 65_535);
    String database = r.required(DATABASE);
    String user = r.required(USER);
    String password = r.optional(PASSWORD, null);
    SslMode sslMode = sslMode(r);
    String sslRootCert = r.optional(SSL_ROOT_CERT, null);
    checkTrust(r, sslMode, sslRootCert);
    return new JobSettings(
        host,
        port,
        database,
        user,
        password,
        sslMode,
        sslRootCert,
        r.integer(INTERVAL, DEFAULT_INTERVAL_SECONDS, 0, 7 * 24 * 3600),
        r.bool(RUN_ON_START, DEFAULT_RUN_ON_START),
        r.integer(BATCH_SIZE, DEFAULT_BATCH_SIZE, 1, 10_000),
        r.integer(MAX_RECORDS, DEFAULT_MAX_RECORDS_PER_RUN, 1, 100_000_000),
        r.integer(CONCURRENCY, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY),
        r.integer(PIPELINE, DEFAULT_PIPELINE, 1, MAX_PIPELINE),
        new Addresses(
            r.optional(RUN_ADDRESS, Addresses.DEFAULT_RUN),
            r.optional(STATUS_ADDRESS, Addresses.DEFAULT_STATUS),
            r.optional(RUNS_ADDRESS, Addresses.DEFAULT_RUNS),
            r.optional(CONTROL_ADDRESS, Addresses.DEFAULT_CONTROL),
            r.optional(REPROCESS_ADDRESS, Addresses.DEFAULT_REPROCESS),
            r.optional(QUERY_ADDRESS, Addresses.DEFAULT_QUERY)),
        r.integer(READY_MAX_FAILED_RUNS, DEFAULT_READY_MAX_FAILED_RUNS, 1, 1_000),
        r.duration(MAX_BACKLOG_AGE, null),
        r.duration(RUN_HISTORY_RETENTION, DEFAULT_RUN_HISTORY_RETENTION));
  }

  private static SslMode sslMode(SettingsReader r) {
    String value = r.oneOf(SSL_MODE, DEFAULT_SSL_MODE.value,
        Arrays.stream(SslMode.VALUES).map(mode -> mode.value).toList());
    return SslMode.of(value);
  }

  /**
   * Trust that no server could get past is a settings error, found once at start-up rather than at every run:
   * an unreadable or empty root certificate file, or an empty JVM trust store where it stands in for one.
   */
  private static void checkTrust(SettingsReader r, SslMode mode, String rootCert) {
    boolean verifies = mode == SslMode.VERIFY_CA || mode == SslMode.VERIFY_FULL;
    if (rootCert != null && (verifies || mode == SslMode.REQUIRE)) {
      String problem = ServerTrust.pemProblem(rootCert);
      if (problem != null) {
        r.problem(SSL_ROOT_CERT, problem);
      }
    } else if (rootCert != null) {
      r.warning(SSL_ROOT_CERT, "is not used with " + r.nameOf(SSL_MODE) + "=" + mode.value
          + ": only require, verify-ca and verify-full check the server's certificate");
    } else if (verifies) {
      String problem = ServerTrust.jvmDefaultProblem();
      if (problem != null) {
        r.problem(SSL_MODE, "is " + mode.value + " without " + r.nameOf(SSL_ROOT_CERT) + ", so it trusts the JVM's"
            + " trust store, but " + problem + ": set " + r.nameOf(SSL_ROOT_CERT) + " to the CA's PEM file");
      }
    }
  }

  /** Whether a timer starts runs; without it, runs happen only when forced. */
  public boolean scheduled() {
    return intervalSeconds > 0;
  }

  /** The pool's size: a connection per record writer, and the run's other work beside them. */
  public int poolSize() {
    return concurrency + SUPPORT_CONNECTIONS;
  }

  /** The job's pool on these settings: {@link #poolSize()} connections at most. */
  public Pool pool(Vertx vertx) {
    return pool(vertx, poolSize());
  }

  /** A pool on these settings with at most {@code size} connections: the one way this project builds a pool. */
  public Pool pool(Vertx vertx, int size) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(connectOptions()).using(vertx)
        .build();
  }

  /**
   * Connection options for the reactive client, with TLS as libpq does it: "allow" and "prefer" encrypt without
   * checking the server; "require" checks its certificate against the root certificate only when one is given;
   * "verify-ca" checks it against the root certificate or, without one, the JVM's trust store; "verify-full" also
   * checks the host name.
   */
  public PgConnectOptions connectOptions() {
    PgConnectOptions options = new PgConnectOptions()
        .setHost(host).setPort(port).setDatabase(database).setUser(user).setSslMode(sslMode)
        // The same few statements run for every record: parse and plan them once per connection. Caching
        // is also what lets a writer connection pipeline them: an uncached statement is prepared first,
        // and the client sends nothing more until the server has answered the prepare.
        .setCachePreparedStatements(true)
        .setPipeliningLimit(pipeline)
        .addProperty("application_name", APPLICATION_NAME);
    if (password != null) {
      options.setPassword(password);
    }
    ClientSSLOptions ssl = new ClientSSLOptions();
    switch (sslMode) {
      case ALLOW, PREFER -> ssl.setTrustAll(true);
      case REQUIRE -> {
        if (sslRootCert == null) {
          ssl.setTrustAll(true);
        } else {
          // libpq: "if a root CA file exists, the behavior of sslmode=require will be the same as that of
          // verify-ca". The client refuses trust options under "require", so it is asked for verify-ca.
          options.setSslMode(SslMode.VERIFY_CA);
          ssl.setTrustOptions(new PemTrustOptions().addCertPath(sslRootCert));
        }
      }
      case VERIFY_CA, VERIFY_FULL -> {
        ssl.setTrustOptions(sslRootCert != null ? new PemTrustOptions().addCertPath(sslRootCert) : jvmTrust());
        if (sslMode == SslMode.VERIFY_FULL) {
          ssl.setHostnameVerificationAlgorithm("HTTPS");
        }
      }
      default -> { }
    }
    return options.setSslOptions(ssl);
  }

  private static TrustOptions jvmTrust() {
    try {
      return TrustOptions.wrap(ServerTrust.jvmDefault());
    } catch (GeneralSecurityException unusable) {
      // Reading the settings found the store usable; it is gone or broken since.
      throw new IllegalStateException("the JVM's trust store (" + ServerTrust.jvmStoreName() + ") cannot be loaded: "
          + unusable.getMessage(), unusable);
    }
  }

  /** The same settings as a verticle config (the password included: keep it out of logs). */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put(HOST.json(), host).put(PORT.json(), port).put(DATABASE.json(), database)
        .put(USER.json(), user).put(SSL_MODE.json(), sslMode.value);
    if (password != null) {
      json.put(PASSWORD.json(), password);
    }
    if (sslRootCert != null) {
      json.put(SSL_ROOT_CERT.json(), sslRootCert);
    }
    return json.mergeIn(publicJson());
  }

  /**
   * The settings in force as an operator may see them: no password (nor its presence beyond a flag), no
   * certificate paths.
   */
  public JsonObject publicJson() {
    JsonObject json = new JsonObject()
        .put(INTERVAL.json(), intervalSeconds).put(RUN_ON_START.json(), runOnStart)
        .put(BATCH_SIZE.json(), batchSize).put(MAX_RECORDS.json(), maxRecordsPerRun)
        .put(CONCURRENCY.json(), concurrency).put(PIPELINE.json(), pipeline)
        .put(RUN_ADDRESS.json(), addresses.run()).put(STATUS_ADDRESS.json(), addresses.status())
        .put(RUNS_ADDRESS.json(), addresses.runs()).put(CONTROL_ADDRESS.json(), addresses.control())
        .put(REPROCESS_ADDRESS.json(), addresses.reprocess()).put(QUERY_ADDRESS.json(), addresses.query())
        .put(READY_MAX_FAILED_RUNS.json(), readyMaxFailedRuns)
        .put(RUN_HISTORY_RETENTION.json(), runHistoryRetention.toString());
    if (maxBacklogAge != null) {
      json.put(MAX_BACKLOG_AGE.json(), maxBacklogAge.toString());
    }
    return json;
  }

  /** What an operator may see of the connection: where, as whom, how encrypted; never the password. */
  public JsonObject publicConnectionJson() {
    return new JsonObject().put(HOST.json(), host).put(PORT.json(), port).put(DATABASE.json(), database)
        .put(USER.json(), user).put(SSL_MODE.json(), sslMode.value);
  }

  public JobSettings withMaxRecordsPerRun(int max) {
    return new JobSettings(host, port, database, user, password, sslMode, sslRootCert, intervalSeconds, runOnStart,
        batchSize, max, concurrency, pipeline, addresses, readyMaxFailedRuns, maxBacklogAge, runHistoryRetention);
  }

  public JobSettings withBatchSize(int size) {
    return new JobSettings(host, port, database, user, password, sslMode, sslRootCert, intervalSeconds, runOnStart,
        size, maxRecordsPerRun, concurrency, pipeline, addresses, readyMaxFailedRuns, maxBacklogAge,
        runHistoryRetention);
  }

  public JobSettings withConcurrency(int records) {
    return new JobSettings(host, port, database, user, password, sslMode, sslRootCert, intervalSeconds, runOnStart,
        batchSize, maxRecordsPerRun, records, pipeline, addresses, readyMaxFailedRuns, maxBacklogAge,
        runHistoryRetention);
  }

  public JobSettings withPipeline(int statements) {
    return new JobSettings(host, port, database, user, password, sslMode, sslRootCert, intervalSeconds, runOnStart,
        batchSize, maxRecordsPerRun, concurrency, statements, addresses, readyMaxFailedRuns, maxBacklogAge,
        runHistoryRetention);
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "JobSettings[" + user + "@" + host + ":" + port + "/" + database + ", sslmode=" + sslMode.value
        + ", password=" + (password == null ? "none" : "***") + ", interval=" + intervalSeconds + "s, runOnStart="
        + runOnStart + ", batch=" + batchSize + ", max=" + maxRecordsPerRun + ", concurrency=" + concurrency
        + ", pipeline=" + pipeline + ", address=" + addresses.run() + "]";
  }
}
