package io.homesales.cleaning.store;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.embedded.LocalPostgres;
import io.homesales.cleaning.http.HttpSettings;
import io.homesales.cleaning.http.OperationsServer;
import io.homesales.cleaning.run.JobMetrics;
import io.homesales.cleaning.run.RunOnce;
import io.homesales.cleaning.run.RunStatus;
import io.homesales.cleaning.run.RunSummary;
import io.homesales.cleaning.run.RunTrigger;
import io.homesales.cleaning.settings.Addresses;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.support.Certificates;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.SqlConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code PGSSLMODE=verify-ca} and {@code verify-full} against a PostgreSQL serving TLS with a certificate from a
 * CA the test makes: the CA is checked, and under verify-full the host name too. And HTTPS for the operations
 * server, from PEM files.
 */
@ExtendWith(VertxExtension.class)
class TlsTest {

  private static JsonObject config(LocalPostgres pg, String mode, Path rootCert) {
    return new JsonObject().put("host", pg.host()).put("port", pg.port()).put("database", pg.database())
        .put("user", pg.user()).put("sslMode", mode).put("sslRootCert", rootCert.toString());
  }

  /** Whether a connection with these settings opens, and then whether it is encrypted. */
  private static String connect(Vertx vertx, JsonObject config) {
    try {
      SqlConnection connection = await(PgConnection.connect(vertx, JobSettings.fromJson(config).connectOptions()));
      boolean ssl = await(connection.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute())
          .iterator().next().getBoolean(0);
      await(connection.close());
      return ssl ? "encrypted" : "plain";
    } catch (RuntimeException refused) {
      return "refused: " + refused.getMessage();
    }
  }

  @Test
  void verifyCaChecksTheAuthorityAndVerifyFullTheHostName(Vertx vertx) throws Exception {
    Certificates ca = Certificates.authority("cleaning-job test CA");
    Certificates otherCa = Certificates.authority("some other CA");
    Path caFile = Files.writeString(Files.createTempFile("ca", ".pem"), ca.certificatePem());
    Path otherCaFile = Files.writeString(Files.createTempFile("other-ca", ".pem"), otherCa.certificatePem());

    Certificates.Issued forThisHost = ca.issue("localhost", List.of("localhost"), List.of("127.0.0.1"));
    try (LocalPostgres pg = LocalPostgres.startWithTls(forThisHost.certificatePem(), forThisHost.keyPem())) {
      assertEquals("encrypted", connect(vertx, config(pg, "verify-ca", caFile)));
      assertEquals("encrypted", connect(vertx, config(pg, "verify-full", caFile)));
      assertTrue(connect(vertx, config(pg, "verify-ca", otherCaFile)).startsWith("refused"), "an unknown CA");
      assertTrue(connect(vertx, config(pg, "verify-full", otherCaFile)).startsWith("refused"));
      // The job itself, over verify-full.
      RunSummary summary = await(RunOnce.run(vertx, JobSettings.fromJson(config(pg, "verify-full", caFile)),
          RunTrigger.MANUAL, false));
      assertEquals(RunStatus.FAILED, summary.status()); // no tables here: it got as far as SQL, over TLS
      assertTrue(summary.error().contains("init-schema"), summary.error());
    }

    Certificates.Issued forAnotherHost = ca.issue("db.example.org", List.of("db.example.org"), List.of());
    try (LocalPostgres pg = LocalPostgres.startWithTls(forAnotherHost.certificatePem(), forAnotherHost.keyPem())) {
      assertEquals("encrypted", connect(vertx, config(pg, "verify-ca", caFile)), "verify-ca ignores the name");
      String refused = connect(vertx, config(pg, "verify-full", caFile));
      assertTrue(refused.startsWith("refused"), "verify-full refuses a certificate for another host: " + refused);
    }
  }

  @Test
  void theOperationsServerServesHttpsFromPemFiles(Vertx vertx) throws Exception {
    Certificates ca = Certificates.authority("cleaning-job test CA");
    Certificates.Issued server = ca.issue("localhost", List.of("localhost"), List.of("127.0.0.1"));
    Path cert = Files.writeString(Files.createTempFile("server", ".crt"), server.certificatePem());
    Path key = Files.writeString(Files.createTempFile("server", ".key"), server.keyPem());
    OperationsServer operations = new OperationsServer(Addresses.DEFAULT,
        new HttpSettings(0, "127.0.0.1", null, true, cert.toString(), key.toString()), JobMetrics.NONE.registry());
    String deployment = await(vertx.deployVerticle(operations));
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca.certificate());
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      HttpClient client = HttpClient.newBuilder().sslContext(context).build();
      HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
          URI.create("https://localhost:" + operations.port() + "/api/v1/openapi.json")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode());
      assertTrue(answer.body().contains("\"openapi\""));
    } finally {
      await(vertx.undeploy(deployment));
    }
  }
}
