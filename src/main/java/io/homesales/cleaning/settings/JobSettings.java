package io.homesales.cleaning.settings;

import io.homesales.cleaning.core.Reasons;
import io.homesales.cleaning.gate.GateMode;
import io.homesales.cleaning.gate.GateSettings;
import io.homesales.cleaning.gate.Limits;
import io.homesales.cleaning.notify.NotifySettings;
import io.homesales.cleaning.notify.NotifyTarget;
import io.homesales.cleaning.notify.Signature;
import io.homesales.cleaning.settings.Setting.Shown;
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
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.EnumSet;
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
 * @param gates how a run is judged as a whole (docs/quality-gates.md)
 * @param notifications where notifications go and how they are signed; never shown
 * @param maxSinceSuccess freshness breaches when no run has succeeded for longer; null: not checked
 * @param freshnessCheckSeconds how often freshness is checked, outside the runs
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
    Duration runHistoryRetention,
    GateSettings gates,
    NotifySettings notifications,
    Duration maxSinceSuccess,
    int freshnessCheckSeconds) {

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
  public static final int DEFAULT_FRESHNESS_CHECK_SECONDS = 60;
  /**
   * Connections besides the record writers: the run's lock, the page selection, and the next page's events
   * and three enrichment queries, prefetched while the current page is written.
   */
  static final int SUPPORT_CONNECTIONS = 5;
  /** How the job's connections show in {@code pg_stat_activity}. */
  public static final String APPLICATION_NAME = "cleaning-job";

  static final Setting<JobSettings, String> HOST = Setting.required("PGHOST", "host", JobSettings::host,
      "the database server's host").shown(Shown.CONNECTION);
  static final Setting<JobSettings, Integer> PORT = Setting.integer("PGPORT", "port", JobSettings::port, DEFAULT_PORT,
      1, 65_535, "its port").shown(Shown.CONNECTION);
  static final Setting<JobSettings, String> DATABASE = Setting.required("PGDATABASE", "database",
      JobSettings::database, "the database").shown(Shown.CONNECTION);
  static final Setting<JobSettings, String> USER = Setting.required("PGUSER", "user", JobSettings::user,
      "the role the job connects as").shown(Shown.CONNECTION);
  static final Setting<JobSettings, String> PASSWORD = Setting.text("PGPASSWORD", "password", JobSettings::password,
      null, "its password").shown(Shown.SECRET);
  static final Setting<JobSettings, SslMode> SSL_MODE = Setting.choice("PGSSLMODE", "sslMode", JobSettings::sslMode,
      DEFAULT_SSL_MODE, List.of(SslMode.VALUES), mode -> mode.value,
      "TLS as libpq does it: disable, allow, prefer, require, verify-ca or verify-full").shown(Shown.CONNECTION);
  static final Setting<JobSettings, String> SSL_ROOT_CERT = Setting.text("PGSSLROOTCERT", "sslRootCert",
      JobSettings::sslRootCert, null, "the PEM file of the CA that signs the server's certificate")
      .shown(Shown.PRIVATE).fallbackText("the JVM's trust store");
  static final Setting<JobSettings, Integer> INTERVAL = Setting.integer("CLEANING_JOB_INTERVAL_SECONDS",
      "intervalSeconds", JobSettings::intervalSeconds, DEFAULT_INTERVAL_SECONDS, 0, 7 * 24 * 3600,
      "seconds between scheduled runs; 0: runs only when asked");
  static final Setting<JobSettings, Boolean> RUN_ON_START = Setting.bool("CLEANING_JOB_RUN_ON_START", "runOnStart",
      JobSettings::runOnStart, DEFAULT_RUN_ON_START, "a run as soon as the job starts");
  static final Setting<JobSettings, Integer> BATCH_SIZE = Setting.integer("CLEANING_JOB_BATCH_SIZE", "batchSize",
      JobSettings::batchSize, DEFAULT_BATCH_SIZE, 1, 10_000, "events read and enriched together, a page at a time");
  static final Setting<JobSettings, Integer> MAX_RECORDS = Setting.integer("CLEANING_JOB_MAX_RECORDS_PER_RUN",
      "maxRecordsPerRun", JobSettings::maxRecordsPerRun, DEFAULT_MAX_RECORDS_PER_RUN, 1, 100_000_000,
      "events a run takes at most");
  static final Setting<JobSettings, Integer> CONCURRENCY = Setting.integer("CLEANING_JOB_CONCURRENCY", "concurrency",
      JobSettings::concurrency, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY,
      "writer connections, each record its own transaction");
  static final Setting<JobSettings, Integer> PIPELINE = Setting.integer("CLEANING_JOB_PIPELINE", "pipeline",
      JobSettings::pipeline, DEFAULT_PIPELINE, 1, MAX_PIPELINE,
      "statements sent ahead on each writer connection; 1: none");
  static final Setting<JobSettings, String> RUN_ADDRESS = Setting.text("CLEANING_JOB_ADDRESS", "address",
      settings -> settings.addresses().run(), Addresses.DEFAULT_RUN, "event-bus address that forces a run");
  static final Setting<JobSettings, String> STATUS_ADDRESS = Setting.text("CLEANING_JOB_STATUS_ADDRESS",
      "statusAddress", settings -> settings.addresses().status(), Addresses.DEFAULT_STATUS,
      "event-bus address that answers the job's status");
  static final Setting<JobSettings, String> RUNS_ADDRESS = Setting.text("CLEANING_JOB_RUNS_ADDRESS", "runsAddress",
      settings -> settings.addresses().runs(), Addresses.DEFAULT_RUNS, "event-bus address that publishes each run");
  static final Setting<JobSettings, String> CONTROL_ADDRESS = Setting.text("CLEANING_JOB_CONTROL_ADDRESS",
      "controlAddress", settings -> settings.addresses().control(), Addresses.DEFAULT_CONTROL,
      "event-bus address that pauses, resumes and cancels");
  static final Setting<JobSettings, String> REPROCESS_ADDRESS = Setting.text("CLEANING_JOB_REPROCESS_ADDRESS",
      "reprocessAddress", settings -> settings.addresses().reprocess(), Addresses.DEFAULT_REPROCESS,
      "event-bus address that re-cleans");
  static final Setting<JobSettings, String> QUERY_ADDRESS = Setting.text("CLEANING_JOB_QUERY_ADDRESS", "queryAddress",
      settings -> settings.addresses().query(), Addresses.DEFAULT_QUERY,
      "event-bus address that answers history queries");
  static final Setting<JobSettings, Integer> READY_MAX_FAILED_RUNS = Setting.integer(
      "CLEANING_JOB_READY_MAX_FAILED_RUNS", "readyMaxFailedRuns", JobSettings::readyMaxFailedRuns,
      DEFAULT_READY_MAX_FAILED_RUNS, 1, 1_000, "readiness fails after this many failed runs in a row");
  static final Setting<JobSettings, Duration> MAX_BACKLOG_AGE = Setting.duration("CLEANING_JOB_MAX_BACKLOG_AGE",
      "maxBacklogAge", JobSettings::maxBacklogAge, null,
      "ISO-8601 duration: readiness fails when the oldest unprocessed event is older");
  static final Setting<JobSettings, Duration> RUN_HISTORY_RETENTION = Setting.duration(
      "CLEANING_JOB_RUN_HISTORY_RETENTION", "runHistoryRetention", JobSettings::runHistoryRetention,
      DEFAULT_RUN_HISTORY_RETENTION, "ISO-8601 duration: older runs and quality hours are deleted");

  static final Setting<JobSettings, GateMode> GATES = Setting.choice("CLEANING_JOB_GATES", "gates",
      settings -> settings.gates().mode(), GateSettings.DEFAULT_MODE, List.of(GateMode.values()), GateMode::label,
      "quality gates: hold (a failing gate stops the run and holds the job), warn (report only) or off");
  static final Setting<JobSettings, Integer> GATE_MIN_SAMPLE = Setting.integer("CLEANING_JOB_GATE_MIN_SAMPLE",
      "gateMinSample", settings -> settings.gates().minSample(), GateSettings.DEFAULT_MIN_SAMPLE, 1, 1_000_000,
      "records a run finishes before a gate may trip; the probe's size while held");
  static final Setting<JobSettings, Limits> GATE_REJECTED = Setting.parsed("CLEANING_JOB_GATE_REJECTED",
      "gateRejected", settings -> settings.gates().rejected(), GateSettings.DEFAULT_REJECTED,
      text -> Limits.parse(text, 1), Limits::toString, "WARN/FAIL limits on the share of records rejected");
  static final Setting<JobSettings, Limits> GATE_REASON = Setting.parsed("CLEANING_JOB_GATE_REASON", "gateReason",
      settings -> settings.gates().reason(), GateSettings.DEFAULT_REASON, text -> Limits.parse(text, 1),
      Limits::toString, "WARN/FAIL limits on the share rejected for any one reason");
  static final Setting<JobSettings, Map<String, Limits>> GATE_REASONS = Setting.<JobSettings, Map<String, Limits>>parsed("CLEANING_JOB_GATE_REASONS",
      "gateReasons", settings -> settings.gates().reasons(), Map.of(), GateSettings::parseReasons,
      GateSettings::writeReasons, "REASON=WARN/FAIL,...: limits for named reasons, instead of the one above")
      .fallbackText("none");
  static final Setting<JobSettings, Integer> GATE_BASELINE_RUNS = Setting.integer("CLEANING_JOB_GATE_BASELINE_RUNS",
      "gateBaselineRuns", settings -> settings.gates().baselineRuns(), GateSettings.DEFAULT_BASELINE_RUNS, 1, 1_000,
      "the newest runs that count, over which a share's baseline is taken");
  static final Setting<JobSettings, Integer> GATE_BASELINE_MIN_RUNS = Setting.integer(
      "CLEANING_JOB_GATE_BASELINE_MIN_RUNS", "gateBaselineMinRuns", settings -> settings.gates().baselineMinRuns(),
      GateSettings.DEFAULT_BASELINE_MIN_RUNS, 1, 1_000, "fewer runs that count: only the absolute limits apply");
  static final Setting<JobSettings, Limits> GATE_RISE = Setting.parsed("CLEANING_JOB_GATE_RISE", "gateRise",
      settings -> settings.gates().rise(), GateSettings.DEFAULT_RISE, text -> Limits.parse(text, 1),
      Limits::toString, "WARN/FAIL: the least rise of a share above its baseline that trips; off: no baseline");
  static final Setting<JobSettings, Double> GATE_RATIO = Setting.parsed("CLEANING_JOB_GATE_RATIO", "gateRatio",
      settings -> settings.gates().ratio(), GateSettings.DEFAULT_RATIO, JobSettings::ratio, Limits::plain,
      "the least ratio of a share to its baseline that trips");

  static final Setting<JobSettings, List<NotifyTarget>> NOTIFY_URLS =
      Setting.<JobSettings, List<NotifyTarget>>parsed("CLEANING_JOB_NOTIFY_URLS", "notifyUrls", settings -> settings.notifications().targets(), List.of(),
      NotifyTarget::parseAll, NotifyTarget::writeAll,
      "comma-separated URLs notified of gates, failed runs and freshness; slack+https://... for Slack's shape")
      .shown(Shown.SECRET).fallbackText("none");
  static final Setting<JobSettings, String> NOTIFY_SECRET = Setting.<JobSettings>text("CLEANING_JOB_NOTIFY_SECRET",
      "notifySecret", settings -> settings.notifications().secret(), null,
      "the HMAC-SHA256 secret notifications are signed with (32 bytes or more)").shown(Shown.SECRET);
  static final Setting<JobSettings, String> NOTIFY_SECRET_2 = Setting.<JobSettings>text("CLEANING_JOB_NOTIFY_SECRET_2",
      "notifySecret2", settings -> settings.notifications().secondSecret(), null,
      "a second secret during a rotation: both signatures are sent").shown(Shown.SECRET);
  static final Setting<JobSettings, Duration> MAX_SINCE_SUCCESS = Setting.duration("CLEANING_JOB_MAX_SINCE_SUCCESS",
      "maxSinceSuccess", JobSettings::maxSinceSuccess, null,
      "ISO-8601 duration: freshness breaches when no run has succeeded for longer");
  static final Setting<JobSettings, Integer> FRESHNESS_CHECK = Setting.integer("CLEANING_JOB_FRESHNESS_CHECK_SECONDS",
      "freshnessCheckSeconds", JobSettings::freshnessCheckSeconds, DEFAULT_FRESHNESS_CHECK_SECONDS, 1, 86_400,
      "seconds between freshness checks, made outside the runs");

  /**
   * Every setting, in the order help and docs/settings.md list them: a new setting is declared above, added here,
   * and given its record component.
   */
  public static final SettingRegistry<JobSettings> SETTINGS = new SettingRegistry<>(HOST, PORT, DATABASE, USER,
      PASSWORD, SSL_MODE, SSL_ROOT_CERT, INTERVAL, RUN_ON_START, BATCH_SIZE, MAX_RECORDS, CONCURRENCY, PIPELINE,
      RUN_ADDRESS, STATUS_ADDRESS, RUNS_ADDRESS, CONTROL_ADDRESS, REPROCESS_ADDRESS, QUERY_ADDRESS,
      READY_MAX_FAILED_RUNS, MAX_BACKLOG_AGE, RUN_HISTORY_RETENTION, GATES, GATE_MIN_SAMPLE, GATE_REJECTED, GATE_REASON,
      GATE_REASONS, GATE_BASELINE_RUNS, GATE_BASELINE_MIN_RUNS, GATE_RISE, GATE_RATIO, NOTIFY_URLS, NOTIFY_SECRET,
      NOTIFY_SECRET_2, MAX_SINCE_SUCCESS, FRESHNESS_CHECK);

  /** Every setting's variable and JSON key, in order. */
  public static final List<Key> KEYS = SETTINGS.keys();

  /** Reads the libpq variables and {@code CLEANING_JOB_*}. */
  public static JobSettings fromEnv(Map<String, String> env) {
    return SettingsReader.ofEnv(env).readChecked(JobSettings::read);
  }

  /** Reads a verticle config: {@code {"host": ..., "port": 5432, "intervalSeconds": 900, ...}}. */
  public static JobSettings fromJson(JsonObject config) {
    return SettingsReader.ofJson(config, KEYS).readChecked(JobSettings::read);
  }

  /** Reads the settings, leaving their problems in the reader (to report them with other settings'). */
  public static JobSettings read(SettingsReader r) {
    // Arguments are evaluated in order, so problems are named in the order the settings are listed.
    JobSettings settings = new JobSettings(
        HOST.read(r),
        PORT.read(r),
        DATABASE.read(r),
        USER.read(r),
        PASSWORD.read(r),
        SSL_MODE.read(r),
        SSL_ROOT_CERT.read(r),
        INTERVAL.read(r),
        RUN_ON_START.read(r),
        BATCH_SIZE.read(r),
        MAX_RECORDS.read(r),
        CONCURRENCY.read(r),
        PIPELINE.read(r),
        new Addresses(RUN_ADDRESS.read(r), STATUS_ADDRESS.read(r), RUNS_ADDRESS.read(r), CONTROL_ADDRESS.read(r),
            REPROCESS_ADDRESS.read(r), QUERY_ADDRESS.read(r)),
        READY_MAX_FAILED_RUNS.read(r),
        MAX_BACKLOG_AGE.read(r),
        RUN_HISTORY_RETENTION.read(r),
        new GateSettings(GATES.read(r), GATE_MIN_SAMPLE.read(r), GATE_REJECTED.read(r), GATE_REASON.read(r),
            GATE_REASONS.read(r), GATE_BASELINE_RUNS.read(r), GATE_BASELINE_MIN_RUNS.read(r), GATE_RISE.read(r),
            GATE_RATIO.read(r)),
        new NotifySettings(NOTIFY_URLS.read(r), NOTIFY_SECRET.read(r), NOTIFY_SECRET_2.read(r)),
        MAX_SINCE_SUCCESS.read(r),
        FRESHNESS_CHECK.read(r));
    checkTrust(r, settings.sslMode, settings.sslRootCert);
    checkNotify(r, settings.notifications);
    for (String reason : settings.gates.reasons().keySet()) {
      if (!Reasons.isKnown(reason)) {
        String near = UnknownSettings.closestKey(reason, Reasons.fixedReasons());
        r.warning(GATE_REASONS, "names " + reason + ", which the job's rules never give"
            + (near == null ? " (a stage's own reason is fine)" : "; did you mean " + near + "?"));
      }
    }
    if (settings.gates.baselineMinRuns() > settings.gates.baselineRuns()) {
      r.problem(GATE_BASELINE_MIN_RUNS, "must be at most " + r.nameOf(GATE_BASELINE_RUNS) + " ("
          + settings.gates.baselineRuns() + "), or no baseline could ever be taken (got "
          + settings.gates.baselineMinRuns() + ")");
    }
    return settings;
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

  /**
   * Signed notifications need a secret long enough to sign with, unless every target is Slack's (which verifies
   * nothing); the secrets' values are never quoted back.
   */
  private static void checkNotify(SettingsReader r, NotifySettings notify) {
    for (Setting<JobSettings, String> secret : List.of(NOTIFY_SECRET, NOTIFY_SECRET_2)) {
      String value = secret == NOTIFY_SECRET ? notify.secret() : notify.secondSecret();
      if (value != null && value.getBytes(StandardCharsets.UTF_8).length < Signature.MIN_SECRET_BYTES) {
        r.problem(secret, "must be at least " + Signature.MIN_SECRET_BYTES + " bytes long (got "
            + value.getBytes(StandardCharsets.UTF_8).length + ")");
      }
    }
    boolean json = notify.targets().stream().anyMatch(t -> t.shape() == NotifyTarget.Shape.JSON);
    if (json && notify.secret() == null) {
      r.problem(NOTIFY_SECRET, "is required with " + r.nameOf(NOTIFY_URLS) + ": its receivers verify each"
          + " notification's signature (docs/quality-gates.md)");
    }
    if (notify.secondSecret() != null && notify.secret() == null) {
      r.problem(NOTIFY_SECRET_2, "is a second secret: set " + r.nameOf(NOTIFY_SECRET) + " too");
    }
    if (notify.secret() != null && notify.targets().isEmpty()) {
      r.warning(NOTIFY_SECRET, "is set but " + r.nameOf(NOTIFY_URLS) + " is not: nothing is notified");
    }
  }

  /** A ratio of 1 or more, as {@code CLEANING_JOB_GATE_RATIO} is written. */
  private static double ratio(String text) {
    try {
      double value = Double.parseDouble(text.trim());
      if (value >= 1 && value <= 1_000 && text.trim().matches("[0-9.]+")) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new IllegalArgumentException("must be a number from 1 to 1000, such as 2 (got '" + text + "')");
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
    return SETTINGS.config(this);
  }

  /**
   * The settings in force as an operator may see them: no password (nor its presence beyond a flag), no
   * certificate paths.
   */
  public JsonObject publicJson() {
    return SETTINGS.json(this, EnumSet.of(Shown.PUBLIC));
  }

  /** What an operator may see of the connection: where, as whom, how encrypted; never the password. */
  public JsonObject publicConnectionJson() {
    return SETTINGS.json(this, EnumSet.of(Shown.CONNECTION));
  }

  public JobSettings withMaxRecordsPerRun(int max) {
    return new JobSettings(host, port, database, user, password, sslMode, sslRootCert, intervalSeconds, runOnStart,
        batchSize, max, concurrency, pipeline, addresses, readyMaxFailedRuns, maxBacklogAge, runHistoryRetention,
        gates, notifications, maxSinceSuccess, freshnessCheckSeconds);
  }

  public JobSettings withBatchSize(int size) {
    return new JobSettings(host, port, database, user, password, sslMode, sslRootCert, intervalSeconds, runOnStart,
        size, maxRecordsPerRun, concurrency, pipeline, addresses, readyMaxFailedRuns, maxBacklogAge,
        runHistoryRetention, gates, notifications, maxSinceSuccess, freshnessCheckSeconds);
  }

  public JobSettings withConcurrency(int records) {
    return new JobSettings(host, port, database, user, password, sslMode, sslRootCert, intervalSeconds, runOnStart,
        batchSize, maxRecordsPerRun, records, pipeline, addresses, readyMaxFailedRuns, maxBacklogAge,
        runHistoryRetention, gates, notifications, maxSinceSuccess, freshnessCheckSeconds);
  }

  public JobSettings withPipeline(int statements) {
    return new JobSettings(host, port, database, user, password, sslMode, sslRootCert, intervalSeconds, runOnStart,
        batchSize, maxRecordsPerRun, concurrency, statements, addresses, readyMaxFailedRuns, maxBacklogAge,
        runHistoryRetention, gates, notifications, maxSinceSuccess, freshnessCheckSeconds);
  }

  public JobSettings withGates(GateSettings judged) {
    return new JobSettings(host, port, database, user, password, sslMode, sslRootCert, intervalSeconds, runOnStart,
        batchSize, maxRecordsPerRun, concurrency, pipeline, addresses, readyMaxFailedRuns, maxBacklogAge,
        runHistoryRetention, judged, notifications, maxSinceSuccess, freshnessCheckSeconds);
  }

  public JobSettings withNotifications(NotifySettings to) {
    return new JobSettings(host, port, database, user, password, sslMode, sslRootCert, intervalSeconds, runOnStart,
        batchSize, maxRecordsPerRun, concurrency, pipeline, addresses, readyMaxFailedRuns, maxBacklogAge,
        runHistoryRetention, gates, to, maxSinceSuccess, freshnessCheckSeconds);
  }

  /** Every setting, in order; never the password. */
  @Override
  public String toString() {
    return SETTINGS.describe("JobSettings", this);
  }
}
