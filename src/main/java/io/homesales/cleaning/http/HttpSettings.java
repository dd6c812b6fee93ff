package io.homesales.cleaning.http;

import io.homesales.cleaning.settings.SettingsReader;
import io.homesales.cleaning.settings.SettingsReader.Key;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The operations surface's settings, from the environment or a JSON config, read with the job's own reader so
 * that one line names every bad setting. No port: no HTTP server.
 *
 * @param port where to listen; null: no HTTP server
 * @param host the bind address: loopback unless opened on purpose (the container opens it)
 * @param apiToken the bearer token that writes, samples and (without public reads) everything need; null:
 *     writes are refused (403)
 * @param publicReads whether {@code /api} reads and {@code /metrics} answer without the token
 * @param tlsCert a PEM certificate chain to serve HTTPS with (with {@code tlsKey}); null: plain HTTP
 * @param tlsKey the PEM private key of {@code tlsCert}
 */
public record HttpSettings(Integer port, String host, String apiToken, boolean publicReads, String tlsCert,
    String tlsKey) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final boolean DEFAULT_PUBLIC_READS = true;
  /** Shorter tokens are refused: a guessable token would be an open door. */
  public static final int MIN_TOKEN_LENGTH = 16;

  public static final Key PORT = new Key("CLEANING_JOB_HTTP_PORT", "httpPort");
  public static final Key HOST = new Key("CLEANING_JOB_HTTP_HOST", "httpHost");
  public static final Key API_TOKEN = new Key("CLEANING_JOB_API_TOKEN", "apiToken");
  public static final Key PUBLIC_READS = new Key("CLEANING_JOB_API_PUBLIC_READS", "apiPublicReads");
  public static final Key TLS_CERT = new Key("CLEANING_JOB_HTTP_TLS_CERT", "httpTlsCert");
  public static final Key TLS_KEY = new Key("CLEANING_JOB_HTTP_TLS_KEY", "httpTlsKey");

  /** Every setting, in the order {@code --help} and the docs list them. */
  public static final List<Key> KEYS = List.of(PORT, HOST, API_TOKEN, PUBLIC_READS, TLS_CERT, TLS_KEY);

  /** No HTTP server, writes refused, reads public: what an embedder starts from. */
  public static final HttpSettings NONE = new HttpSettings(null, DEFAULT_HOST, null, DEFAULT_PUBLIC_READS, null, null);

  /**
   * For a router mounted in a host's own server ({@link OperationsApi#router}): no port or TLS of its own, writes
   * and samples behind this bearer token (null: writes refused), reads public.
   */
  public static HttpSettings mounted(String apiToken) {
    return new HttpSettings(null, DEFAULT_HOST, apiToken, DEFAULT_PUBLIC_READS, null, null);
  }

  /** The same settings with reads public or behind the token too. */
  public HttpSettings withPublicReads(boolean publicReads) {
    return new HttpSettings(port, host, apiToken, publicReads, tlsCert, tlsKey);
  }

  public static HttpSettings fromEnv(Map<String, String> env) {
    return SettingsReader.ofEnv(env).readChecked(HttpSettings::read);
  }

  public static HttpSettings fromJson(JsonObject config) {
    return SettingsReader.ofJson(config).readChecked(HttpSettings::read);
  }

  /** Reads the settings, leaving their problems in the reader (to report them with the job's). */
  public static HttpSettings read(SettingsReader r) {
    Integer port = r.optionalInteger(PORT, 1, 65_535);
    String host = r.optional(HOST, DEFAULT_HOST);
    String token = r.optional(API_TOKEN, null);
    if (token != null && token.strip().length() < MIN_TOKEN_LENGTH) {
      r.problem(API_TOKEN, "must be at least " + MIN_TOKEN_LENGTH + " characters (it is not shown here)");
      token = null;
    }
    boolean publicReads = r.bool(PUBLIC_READS, DEFAULT_PUBLIC_READS);
    String cert = r.optional(TLS_CERT, null);
    String key = r.optional(TLS_KEY, null);
    if ((cert == null) != (key == null)) {
      r.problem(cert == null ? TLS_CERT : TLS_KEY, "is needed with " + r.nameOf(cert == null ? TLS_KEY : TLS_CERT)
          + ": HTTPS takes a certificate and its key");
    }
    checkPem(r, TLS_CERT, cert, "CERTIFICATE-----");
    checkPem(r, TLS_KEY, key, "PRIVATE KEY-----");
    if (!publicReads && token == null && r.problems().isEmpty()) {
      r.warning(PUBLIC_READS, "is false and no " + r.nameOf(API_TOKEN) + " is set: every read of the API and"
          + " /metrics will answer 403 (health and the dashboard's files stay public)");
    }
    return new HttpSettings(port, host, token == null ? null : token.strip(), publicReads, cert, key);
  }

  /**
   * A PEM file that the server could never start from is this setting's problem, found before anything starts:
   * unreadable, or without the block it must hold ({@code -----BEGIN ...CERTIFICATE-----} or {@code PRIVATE KEY}).
   */
  private static void checkPem(SettingsReader r, Key key, String path, String block) {
    if (path == null) {
      return;
    }
    String text;
    try {
      text = Files.readString(Path.of(path), StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException unreadable) {
      r.problem(key, "cannot be read: " + path + " (" + unreadable.getClass().getSimpleName() + ")");
      return;
    }
    if (!text.contains("-----BEGIN ") || !text.contains(block)) {
      r.problem(key, "is not a PEM file with a '-----BEGIN ..." + block + "' block: " + path);
    }
  }

  /** Whether an HTTP server is wanted. */
  public boolean enabled() {
    return port != null;
  }

  public boolean tls() {
    return tlsCert != null && tlsKey != null;
  }

  /** What an operator may see: never the token, only whether there is one. */
  public JsonObject publicJson() {
    return new JsonObject().put(PORT.json(), port).put(HOST.json(), host).put("apiTokenSet", apiToken != null)
        .put(PUBLIC_READS.json(), publicReads).put("tls", tls());
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "HttpSettings[" + host + ":" + port + ", token=" + (apiToken == null ? "none" : "***") + ", publicReads="
        + publicReads + ", tls=" + tls() + "]";
  }
}
