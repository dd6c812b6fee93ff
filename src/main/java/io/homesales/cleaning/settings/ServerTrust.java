package io.homesales.cleaning.settings;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * What the job trusts to sign the database server's certificate under {@code verify-ca} and {@code verify-full}:
 * the PEM file of {@code PGSSLROOTCERT}, or else the JVM's default trust store (its {@code cacerts}, or the store
 * that {@code -Djavax.net.ssl.trustStore} names), as libpq falls back on the system's store. Settings that no
 * server could ever pass are found when the settings are read, not at every run: docs/security.md.
 */
final class ServerTrust {

  private ServerTrust() {}

  /** Why the PEM file at {@code path} cannot be trusted from, or null when it holds at least one certificate. */
  static String pemProblem(String path) {
    String problem = PemFile.problem(path, PemFile.Block.CERTIFICATE);
    if (problem != null) {
      return problem;
    }
    try {
      byte[] content = Files.readAllBytes(Path.of(path));
      if (CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(content)).isEmpty()) {
        return "holds no certificate: " + path;
      }
    } catch (IOException gone) {
      return "cannot be read: " + path + " (" + gone.getClass().getSimpleName() + ")";
    } catch (GeneralSecurityException bad) {
      return "holds a certificate that cannot be parsed: " + path + " (" + bad.getMessage() + ")";
    }
    return null;
  }

  /** The JVM's default trust, as every JDK client gets it; an exception when it cannot be loaded. */
  static TrustManagerFactory jvmDefault() throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    return factory;
  }

  /** Why the JVM's default trust store can sign no server's certificate, or null when it holds a certificate. */
  static String jvmDefaultProblem() {
    try {
      boolean any = Arrays.stream(jvmDefault().getTrustManagers())
          .anyMatch(m -> m instanceof X509TrustManager x509 && x509.getAcceptedIssuers().length > 0);
      return any ? null : "the JVM's trust store (" + jvmStoreName() + ") holds no certificate";
    } catch (GeneralSecurityException | RuntimeException unusable) {
      return "the JVM's trust store (" + jvmStoreName() + ") cannot be loaded: " + unusable.getMessage();
    }
  }

  /** The store the JVM reads by default, as the JDK documents its choice. */
  static String jvmStoreName() {
    String named = System.getProperty("javax.net.ssl.trustStore");
    if (named != null && !named.isEmpty()) {
      return named;
    }
    Path security = Path.of(System.getProperty("java.home"), "lib", "security");
    Path jsse = security.resolve("jssecacerts");
    return (Files.exists(jsse) ? jsse : security.resolve("cacerts")).toString();
  }
}
