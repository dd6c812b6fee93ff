package io.homesales.cleaning.http;

import io.homesales.cleaning.settings.PemFile;
import io.homesales.cleaning.settings.Setting;
import io.homesales.cleaning.settings.Setting.Shown;
import io.homesales.cleaning.settings.SettingRegistry;
import io.homesales.cleaning.settings.SettingsReader;
import io.homesales.cleaning.settings.SettingsReader.Key;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
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

  public static final Setting<HttpSettings, Integer> PORT = Setting.optionalInteger("CLEANING_JOB_HTTP_PORT",
      "httpPort", HttpSettings::port, 1, 65_535, "serve the API, dashboard, metrics and health on this port")
      .fallbackText("none: no HTTP server");
  public static final Setting<HttpSettings, String> HOST = Setting.text("CLEANING_JOB_HTTP_HOST", "httpHost",
      HttpSettings::host, DEFAULT_HOST, "the address to listen on");
  public static final Setting<HttpSettings, String> API_TOKEN = Setting.text("CLEANING_JOB_API_TOKEN", "apiToken",
      HttpSettings::apiToken, null, "the bearer token that writes need (16 characters or more)")
      .shown(Shown.SECRET).fallbackText("none: writes refused");
  public static final Setting<HttpSettings, Boolean> PUBLIC_READS = Setting.bool("CLEANING_JOB_API_PUBLIC_READS",
      "apiPublicReads", HttpSettings::publicReads, DEFAULT_PUBLIC_READS, "false: reads need the token too");
  public static final Setting<HttpSettings, String> TLS_CERT = Setting.text("CLEANING_JOB_HTTP_TLS_CERT",
      "httpTlsCert", HttpSettings::tlsCert, null, "PEM certificate chain: serve HTTPS").shown(Shown.PRIVATE);
  public static final Setting<HttpSettings, String> TLS_KEY = Setting.text("CLEANING_JOB_HTTP_TLS_KEY", "httpTlsKey",
      HttpSettings::tlsKey, null, "its PEM private key").shown(Shown.PRIVATE);

  /** Every setting, in the order help and docs/settings.md list them. */
  public static final SettingRegistry<HttpSettings> SETTINGS = new SettingRegistry<>(PORT, HOST, API_TOKEN,
      PUBLIC_READS, TLS_CERT, TLS_KEY);

  /** Every setting's variable and JSON key, in order. */
  public static final List<Key> KEYS = SETTINGS.keys();

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
    return SettingsReader.ofJson(config, KEYS).readChecked(HttpSettings::read);
  }

  /** Reads the settings, leaving their problems in the reader (to report them with the job's). */
  public static HttpSettings read(SettingsReader r) {
    Integer port = PORT.read(r);
    String host = HOST.read(r);
    String token = API_TOKEN.read(r);
    if (token != null && token.strip().length() < MIN_TOKEN_LENGTH) {
      r.problem(API_TOKEN, "must be at least " + MIN_TOKEN_LENGTH + " characters (it is not shown here)");
      token = null;
    }
    boolean publicReads = PUBLIC_READS.read(r);
    String cert = TLS_CERT.read(r);
    String key = TLS_KEY.read(r);
    if ((cert == null) != (key == null)) {
      r.problem(cert == null ? TLS_CERT : TLS_KEY, "is needed with " + r.nameOf(cert == null ? TLS_KEY : TLS_CERT)
          + ": HTTPS takes a certificate and its key");
    }
    checkPem(r, TLS_CERT, cert, PemFile.Block.CERTIFICATE);
    checkPem(r, TLS_KEY, key, PemFile.Block.PRIVATE_KEY);
    if (!publicReads && token == null && r.problems().isEmpty()) {
      r.warning(PUBLIC_READS, "is false and no " + r.nameOf(API_TOKEN) + " is set: every read of the API and"
          + " /metrics will answer 403 (health and the dashboard's files stay public)");
    }
    return new HttpSettings(port, host, token == null ? null : token.strip(), publicReads, cert, key);
  }

  /** A PEM file that the server could never start from is this setting's problem, found before anything starts. */
  private static void checkPem(SettingsReader r, Setting<HttpSettings, String> setting, String path,
      PemFile.Block block) {
    String problem = path == null ? null : PemFile.problem(path, block);
    if (problem != null) {
      r.problem(setting, problem);
    }
  }

  /** Whether an HTTP server is wanted. */
  public boolean enabled() {
    return port != null;
  }

  public boolean tls() {
    return tlsCert != null && tlsKey != null;
  }

  /** What an operator may see: never the token, only whether there is one; no file paths. */
  public JsonObject publicJson() {
    return SETTINGS.json(this, EnumSet.of(Shown.PUBLIC)).put("apiTokenSet", apiToken != null).put("tls", tls());
  }

  /** Every setting, in order; never the token. */
  @Override
  public String toString() {
    return SETTINGS.describe("HttpSettings", this);
  }
}
