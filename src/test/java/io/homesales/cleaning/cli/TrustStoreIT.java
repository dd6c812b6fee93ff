package io.homesales.cleaning.cli;

import static io.homesales.cleaning.cli.FatJarIT.jar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.cli.FatJarIT.Result;
import io.homesales.cleaning.embedded.LocalPostgres;
import io.homesales.cleaning.support.Certificates;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code PGSSLMODE=verify-full} as the README shows it, with no {@code PGSSLROOTCERT}: the job trusts the JVM's
 * trust store, as libpq trusts the system's. Each case is the packaged jar in a JVM of its own, whose trust store
 * is a file the test writes and names with {@code -Djavax.net.ssl.trustStore}; the server is a PostgreSQL serving
 * a certificate from a CA the test makes. And trust that no server could pass is a settings error (exit 2).
 */
class TrustStoreIT {

  private static Certificates ca;
  private static Path trustStore;
  private static Path emptyStore;

  @BeforeAll
  static void stores() throws Exception {
    ca = Certificates.authority("cleaning-job test CA");
    trustStore = store(ca);
    emptyStore = store(null);
  }

  /** A PKCS12 trust store holding this CA, or nothing. */
  private static Path store(Certificates authority) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    if (authority != null) {
      store.setCertificateEntry("test-ca", authority.certificate());
    }
    Path file = Files.createTempFile("truststore", ".p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, "changeit".toCharArray());
    }
    return file;
  }

  private static List<String> trusting(Path store) {
    return List.of("-Djavax.net.ssl.trustStore=" + store, "-Djavax.net.ssl.trustStorePassword=changeit",
        "-Djavax.net.ssl.trustStoreType=PKCS12");
  }

  private static Map<String, String> env(LocalPostgres pg, String mode) {
    return new HashMap<>(Map.of("PGHOST", "localhost", "PGPORT", Integer.toString(pg.port()), "PGDATABASE",
        pg.database(), "PGUSER", pg.user(), "PGSSLMODE", mode));
  }

  @Test
  void verifyFullWithoutARootCertificateTrustsTheJvmsTrustStore() throws Exception {
    Certificates.Issued forThisHost = ca.issue("localhost", List.of("localhost"), List.of("127.0.0.1"));
    try (LocalPostgres pg = LocalPostgres.startWithTls(forThisHost.certificatePem(), forThisHost.keyPem())) {
      Result schema = jar(trusting(trustStore), env(pg, "verify-full"), "init-schema", "--with-upstream");
      assertEquals(0, schema.exit(), schema.err());
      Result run = jar(trusting(trustStore), env(pg, "verify-full"), "run-once");
      assertEquals(0, run.exit(), run.err());
      assertEquals("succeeded", new JsonObject(run.out()).getString("status"));

      // The JVM's own cacerts does not hold the test's CA: the same server is refused, as a failed run.
      Result untrusted = jar(List.of(), env(pg, "verify-full"), "run-once");
      assertEquals(1, untrusted.exit(), untrusted.err());
      JsonObject failed = new JsonObject(untrusted.out());
      assertEquals("failed", failed.getString("status"));
      assertTrue(failed.getString("error").startsWith("VertxException: SSL handshake failed (the server's"
          + " certificate is not trusted by PGSSLROOTCERT"), failed.getString("error"));
    }

    Certificates.Issued forAnotherHost = ca.issue("db.example.org", List.of("db.example.org"), List.of());
    try (LocalPostgres pg = LocalPostgres.startWithTls(forAnotherHost.certificatePem(), forAnotherHost.keyPem())) {
      Result otherHost = jar(trusting(trustStore), env(pg, "verify-full"), "init-schema", "--with-upstream");
      assertEquals(1, otherHost.exit(), "verify-full refuses a certificate for another host: " + otherHost.err());
      assertTrue(otherHost.err().startsWith("cleaning-job: init-schema failed: "), otherHost.err());
      Result caOnly = jar(trusting(trustStore), env(pg, "verify-ca"), "init-schema", "--with-upstream");
      assertEquals(0, caOnly.exit(), "verify-ca checks the authority, not the name: " + caOnly.err());

      // require, as libpq: no check without a root certificate; with one, the authority is checked.
      Path otherCa = Files.writeString(Files.createTempFile("other-ca", ".pem"),
          Certificates.authority("some other CA").certificatePem());
      Path ourCa = Files.writeString(Files.createTempFile("ca", ".pem"), ca.certificatePem());
      assertEquals(0, jar(List.of(), env(pg, "require"), "init-schema", "--with-upstream").exit(), "require alone checks nothing");
      Map<String, String> requireOther = env(pg, "require");
      requireOther.put("PGSSLROOTCERT", otherCa.toString());
      assertEquals(1, jar(List.of(), requireOther, "init-schema", "--with-upstream").exit(), "require with another CA's root: refused");
      Map<String, String> requireOurs = env(pg, "require");
      requireOurs.put("PGSSLROOTCERT", ourCa.toString());
      Result checked = jar(List.of(), requireOurs, "init-schema", "--with-upstream");
      assertEquals(0, checked.exit(), "require with the right root, another host's name: " + checked.err());
    }
  }

  @Test
  void trustThatNoServerCouldPassIsASettingsError() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("PGHOST", "localhost", "PGDATABASE", "sales", "PGUSER", "job",
        "PGSSLMODE", "verify-full"));
    Result empty = jar(trusting(emptyStore), env, "run-once");
    assertEquals(2, empty.exit(), empty.err());
    assertEquals("cleaning-job: invalid settings: PGSSLMODE is verify-full without PGSSLROOTCERT, so it trusts the"
        + " JVM's trust store, but the JVM's trust store (" + emptyStore + ") holds no certificate: set PGSSLROOTCERT"
        + " to the CA's PEM file\n", empty.err());

    env.put("PGSSLROOTCERT", "/nonexistent/root.crt");
    Result missing = jar(List.of(), env, "run-once");
    assertEquals(2, missing.exit());
    assertEquals("cleaning-job: invalid settings: PGSSLROOTCERT cannot be read: /nonexistent/root.crt"
        + " (NoSuchFileException)\n", missing.err());

    Path der = Files.write(Files.createTempFile("root", ".der"), ca.certificate().getEncoded());
    env.put("PGSSLROOTCERT", der.toString());
    Result notPem = jar(List.of(), env, "run-once");
    assertEquals(2, notPem.exit());
    assertEquals("cleaning-job: invalid settings: PGSSLROOTCERT is not a PEM file (no '-----BEGIN"
        + " CERTIFICATE-----' line): " + der + "\n", notPem.err());

    env.put("PGSSLMODE", "prefer");
    Result unused = jar(List.of(), new HashMap<>(Map.of("PGHOST", "127.0.0.1", "PGPORT", "1", "PGDATABASE", "sales",
        "PGUSER", "job", "PGSSLMODE", "prefer", "PGSSLROOTCERT", der.toString())), "run-once");
    assertEquals(1, unused.exit(), "a root certificate that prefer does not use is a warning: " + unused.err());
    assertTrue(unused.err().startsWith("cleaning-job: warning: PGSSLROOTCERT is not used with PGSSLMODE=prefer"),
        unused.err());
  }
}
