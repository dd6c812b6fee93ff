package io.homesales.cleaning.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Settings without a database: defaults, the concurrency setting and the pool it sizes, TLS trust. */
class JobSettingsTest {

  private static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", "db.example");
    env.put("PGDATABASE", "sales");
    env.put("PGUSER", "cleaner");
    return env;
  }

  @Test
  void defaultsAreTheContractsAndSequentialWriting() {
    JobSettings settings = JobSettings.fromEnv(minimal());
    assertEquals(5432, settings.port());
    assertEquals(500, settings.batchSize());
    assertEquals(10_000, settings.maxRecordsPerRun());
    assertEquals(900, settings.intervalSeconds());
    assertEquals(1, settings.concurrency());
    assertEquals(6, settings.poolSize());
  }

  @Test
  void concurrencyComesFromTheEnvironmentOrTheConfigAndSizesThePool() {
    Map<String, String> env = minimal();
    env.put("CLEANING_JOB_CONCURRENCY", " 4 ");
    JobSettings fromEnv = JobSettings.fromEnv(env);
    assertEquals(4, fromEnv.concurrency());
    assertEquals(9, fromEnv.poolSize());
    // The JSON form round-trips it, as the verticle receives it.
    assertEquals(fromEnv, JobSettings.fromJson(fromEnv.toJson()));
    assertEquals(8, JobSettings.fromJson(new JsonObject().put("host", "h").put("database", "d").put("user", "u")
        .put("concurrency", 8)).concurrency());
  }

  @Test
  void aConcurrencyOutOfRangeIsNamed() {
    for (String bad : new String[] {"0", "65", "four", "-1", "2.5"}) {
      Map<String, String> env = minimal();
      env.put("CLEANING_JOB_CONCURRENCY", bad);
      SettingsException e = assertThrows(SettingsException.class, () -> JobSettings.fromEnv(env));
      assertEquals("invalid settings: CLEANING_JOB_CONCURRENCY must be an integer from 1 to 64 (got '" + bad + "')",
          e.getMessage());
    }
  }

  @Test
  void verifyingWithoutARootCertificateTrustsTheJvmsStoreAndRequireWithOneChecksTheAuthority() throws Exception {
    Map<String, String> env = minimal();
    env.put("PGSSLMODE", "verify-full");
    PgConnectOptions full = JobSettings.fromEnv(env).connectOptions();
    assertEquals(SslMode.VERIFY_FULL, full.getSslMode());
    assertNotNull(full.getSslOptions().getTrustOptions(), "the client refuses verify-full without trust options");
    assertFalse(full.getSslOptions().isTrustAll());
    assertEquals("HTTPS", full.getSslOptions().getHostnameVerificationAlgorithm());

    env.put("PGSSLMODE", "require");
    assertTrue(JobSettings.fromEnv(env).connectOptions().getSslOptions().isTrustAll(), "require alone checks nothing");
    Path root = Files.writeString(Files.createTempFile("root", ".pem"),
        io.homesales.cleaning.support.Certificates.authority("test CA").certificatePem());
    env.put("PGSSLROOTCERT", root.toString());
    JobSettings require = JobSettings.fromEnv(env);
    assertEquals(SslMode.REQUIRE, require.sslMode(), "the setting stays as given");
    assertEquals(SslMode.VERIFY_CA, require.connectOptions().getSslMode(), "libpq: require with a root is verify-ca");
    assertFalse(require.connectOptions().getSslOptions().isTrustAll());
  }

  @Test
  void aRootCertificateThatCannotBeTrustedFromFailsTheDeploymentsSettingsByItsJsonKey() throws Exception {
    Path empty = Files.createTempFile("root", ".pem");
    SettingsException e = assertThrows(SettingsException.class, () -> JobSettings.fromJson(new JsonObject()
        .put("host", "h").put("database", "d").put("user", "u").put("sslMode", "verify-ca")
        .put("sslRootCert", empty.toString())));
    assertEquals("invalid settings: 'sslRootCert' is not a PEM file (no '-----BEGIN CERTIFICATE-----'"
        + " line): " + empty, e.getMessage());
  }

  @Test
  void badGateSettingsAreOneLineEachNamingTheSettingAndAnUnknownReasonIsAWarning() {
    Map<String, String> env = new HashMap<>(Map.of("PGHOST", "h", "PGDATABASE", "d", "PGUSER", "u",
        "CLEANING_JOB_GATES", "block", "CLEANING_JOB_GATE_REJECTED", "0.9", "CLEANING_JOB_GATE_REASON", "0.9/0.5",
        "CLEANING_JOB_GATE_REASONS", "price:missing", "CLEANING_JOB_GATE_RATIO", "0.5",
        "CLEANING_JOB_GATE_BASELINE_RUNS", "3"));
    SettingsException e = assertThrows(SettingsException.class, () -> JobSettings.fromEnv(env));
    assertEquals(List.of(
        "CLEANING_JOB_GATES must be one of hold, warn, off (got 'block')",
        "CLEANING_JOB_GATE_REJECTED must be WARN/FAIL, each a number or off, such as 0.75/0.9 (got '0.9')",
        "CLEANING_JOB_GATE_REASON must have its warn limit at most its fail limit (got 0.9/0.5)",
        "CLEANING_JOB_GATE_REASONS must be REASON=WARN/FAIL entries separated by commas, such as"
            + " price:missing=0.5/0.8,enrichment:schools=off (got 'price:missing')",
        "CLEANING_JOB_GATE_RATIO must be a number from 1 to 1000, such as 2 (got '0.5')",
        "CLEANING_JOB_GATE_BASELINE_MIN_RUNS must be at most CLEANING_JOB_GATE_BASELINE_RUNS (3), or no baseline could"
            + " ever be taken (got 5)"), e.problems());

    SettingsReader reader = SettingsReader.ofEnv(Map.of("PGHOST", "h", "PGDATABASE", "d", "PGUSER", "u",
        "CLEANING_JOB_GATE_REASONS", "price:mising=0.5/0.8, database:22001=off"));
    JobSettings read = reader.readChecked(JobSettings::read);
    assertEquals(List.of("CLEANING_JOB_GATE_REASONS names price:mising, which the job's rules never give; did you"
        + " mean price:missing?"), reader.warnings());
    assertEquals(2, read.gates().reasons().size());
  }

  private static final String NOTIFY_SECRET = "notify-secret-0123456789-0123456789";

  @Test
  void notificationsNeedALongEnoughSecretAndNeverShowTheirUrlsOrSecrets() {
    Map<String, String> env = new HashMap<>(minimal());
    env.put("CLEANING_JOB_NOTIFY_URLS", "https://hooks.example/private-path,ftp://x");
    env.put("CLEANING_JOB_NOTIFY_SECRET_2", "short-secret-value");
    SettingsException e = assertThrows(SettingsException.class, () -> JobSettings.fromEnv(env));
    assertEquals(List.of(
        "CLEANING_JOB_NOTIFY_URLS has an entry (number 2) that is not an http or https URL with a host (a Slack URL is"
            + " written slack+https://...)",
        "CLEANING_JOB_NOTIFY_SECRET_2 must be at least 32 bytes long (got 18)",
        "CLEANING_JOB_NOTIFY_SECRET_2 is a second secret: set CLEANING_JOB_NOTIFY_SECRET too"), e.problems());
    assertFalse(e.getMessage().contains("private-path") || e.getMessage().contains("short-secret-value"));

    env.put("CLEANING_JOB_NOTIFY_URLS", "https://hooks.example/private-path");
    env.remove("CLEANING_JOB_NOTIFY_SECRET_2");
    assertEquals(List.of("CLEANING_JOB_NOTIFY_SECRET is required with CLEANING_JOB_NOTIFY_URLS: its receivers verify"
        + " each notification's signature (docs/quality-gates.md)"),
        assertThrows(SettingsException.class, () -> JobSettings.fromEnv(env)).problems());

    env.put("CLEANING_JOB_NOTIFY_SECRET", NOTIFY_SECRET);
    JobSettings settings = JobSettings.fromEnv(env);
    for (String shown : List.of(settings.toString(), settings.publicJson().encode(),
        settings.publicConnectionJson().encode(), settings.notifications().toString())) {
      assertFalse(shown.contains("private-path") || shown.contains(NOTIFY_SECRET), shown);
    }
    assertTrue(settings.toString().contains("notifyUrls=***"), settings.toString());
  }

  /** A value for every setting, none of them its default: reading must take each to its own accessor. */
  private static Map<String, String> everySetting() {
    Map<String, String> env = new HashMap<>(Map.of("PGHOST", "db.example", "PGPORT", "6543", "PGDATABASE", "sales",
        "PGUSER", "cleaner", "PGPASSWORD", "s3cret-password", "PGSSLMODE", "disable", "PGSSLROOTCERT", "/unused.pem",
        "CLEANING_JOB_INTERVAL_SECONDS", "60", "CLEANING_JOB_RUN_ON_START", "false", "CLEANING_JOB_BATCH_SIZE", "7"));
    env.putAll(Map.of("CLEANING_JOB_MAX_RECORDS_PER_RUN", "70", "CLEANING_JOB_CONCURRENCY", "3",
        "CLEANING_JOB_PIPELINE", "5", "CLEANING_JOB_ADDRESS", "a.run", "CLEANING_JOB_STATUS_ADDRESS", "a.status",
        "CLEANING_JOB_RUNS_ADDRESS", "a.runs", "CLEANING_JOB_CONTROL_ADDRESS", "a.control",
        "CLEANING_JOB_REPROCESS_ADDRESS", "a.reprocess", "CLEANING_JOB_QUERY_ADDRESS", "a.query"));
    env.putAll(Map.of("CLEANING_JOB_READY_MAX_FAILED_RUNS", "9", "CLEANING_JOB_MAX_BACKLOG_AGE", "PT2H",
        "CLEANING_JOB_RUN_HISTORY_RETENTION", "PT36H"));
    env.putAll(Map.of("CLEANING_JOB_GATES", "warn", "CLEANING_JOB_GATE_MIN_SAMPLE", "50",
        "CLEANING_JOB_GATE_REJECTED", "0.5/0.6", "CLEANING_JOB_GATE_REASON", "0.4/0.5",
        "CLEANING_JOB_GATE_REASONS", "price:missing=0.1/0.2", "CLEANING_JOB_GATE_BASELINE_RUNS", "10",
        "CLEANING_JOB_GATE_BASELINE_MIN_RUNS", "3", "CLEANING_JOB_GATE_RISE", "0.2/0.3", "CLEANING_JOB_GATE_RATIO",
        "3"));
    env.putAll(Map.of("CLEANING_JOB_NOTIFY_URLS", "https://hooks.example/a,slack+https://hooks.slack.com/services/X",
        "CLEANING_JOB_NOTIFY_SECRET", NOTIFY_SECRET, "CLEANING_JOB_NOTIFY_SECRET_2", NOTIFY_SECRET + "-next",
        "CLEANING_JOB_MAX_SINCE_SUCCESS", "PT3H", "CLEANING_JOB_FRESHNESS_CHECK_SECONDS", "30"));
    return env;
  }

  @Test
  void everyDeclaredSettingIsReadIntoItsOwnAccessorAndRoundTripsThroughTheConfig() {
    Map<String, String> env = everySetting();
    assertEquals(JobSettings.KEYS.stream().map(SettingsReader.Key::env).collect(Collectors.toSet()), env.keySet(),
        "the test sets every declared setting");
    JobSettings settings = JobSettings.fromEnv(env);
    for (Setting<JobSettings, ?> setting : JobSettings.SETTINGS.all()) {
      assertEquals(env.get(setting.env()), String.valueOf(setting.jsonIn(settings)), setting.env());
      assertNotEquals(setting.fallback(), String.valueOf(setting.jsonIn(settings)), setting.env() + " not defaulted");
    }
    assertEquals(settings, JobSettings.fromJson(settings.toJson()));
    assertEquals(new Addresses("a.run", "a.status", "a.runs", "a.control", "a.reprocess", "a.query"),
        settings.addresses());
  }

  @Test
  void whatAnOperatorSeesComesFromEachSettingsDeclarationAndNeverHoldsTheSecrets() {
    JobSettings settings = JobSettings.fromEnv(everySetting());
    JsonObject shown = settings.publicJson();
    assertEquals(Set.of("intervalSeconds", "runOnStart", "batchSize", "maxRecordsPerRun", "concurrency", "pipeline",
        "address", "statusAddress", "runsAddress", "controlAddress", "reprocessAddress", "queryAddress",
        "readyMaxFailedRuns", "maxBacklogAge", "runHistoryRetention", "gates", "gateMinSample", "gateRejected",
        "gateReason", "gateReasons", "gateBaselineRuns", "gateBaselineMinRuns", "gateRise", "gateRatio",
        "maxSinceSuccess", "freshnessCheckSeconds"),
        shown.fieldNames());
    assertEquals("PT2H", shown.getString("maxBacklogAge"));
    assertEquals(7, shown.getInteger("batchSize"));
    assertEquals(new JsonObject().put("host", "db.example").put("port", 6543).put("database", "sales")
        .put("user", "cleaner").put("sslMode", "disable"), settings.publicConnectionJson());
    assertEquals("s3cret-password", settings.toJson().getString("password"), "a verticle config carries it");
    String text = settings.toString();
    assertFalse(text.contains("s3cret-password"), text);
    assertTrue(text.startsWith("JobSettings[host=db.example, port=6543, database=sales, user=cleaner, password=***,"
        + " sslMode=disable, sslRootCert=/unused.pem, intervalSeconds=60,"), text);
    assertTrue(JobSettings.fromEnv(minimal()).toString().contains("password=none"));
    assertFalse(JobSettings.fromEnv(minimal()).publicJson().containsKey("maxBacklogAge"), "unset: left out");
  }
}
