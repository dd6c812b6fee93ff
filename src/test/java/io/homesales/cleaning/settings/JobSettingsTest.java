package io.homesales.cleaning.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
    assertEquals("invalid settings: 'sslRootCert' is not a PEM certificate file (no '-----BEGIN CERTIFICATE-----'"
        + " line): " + empty, e.getMessage());
  }
}
