package io.homesales.cleaning.http;

import io.homesales.cleaning.settings.Addresses;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations surface on an HTTP server of its own ({@code run}, the container): {@link OperationsApi}'s
 * router at the root, on {@code CLEANING_JOB_HTTP_HOST:CLEANING_JOB_HTTP_PORT}, over TLS when a certificate and
 * key are given. Deploying it fails when the port cannot be bound.
 */
public final class OperationsServer extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OperationsServer.class);

  private final Addresses addresses;
  private final HttpSettings settings;
  private final MeterRegistry registry;
  private HttpServer server;

  public OperationsServer(Addresses addresses, HttpSettings settings, MeterRegistry registry) {
    this.addresses = addresses;
    this.settings = settings;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
        .setCompressionSupported(true);
    if (settings.tls()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(settings.tlsCert())
          .setKeyPath(settings.tlsKey()));
    }
    server = vertx.createHttpServer(options)
        .requestHandler(OperationsApi.standalone(vertx, OperationsApi.router(vertx, addresses, settings, registry)));
    return server.listen().onSuccess(listening -> LOG.info("operations API listening on {}://{}:{}/ ({})",
        settings.tls() ? "https" : "http", settings.host(), listening.actualPort(), settings));
  }

  /** The port it listens on (the one asked for, or the one given for port 0). */
  public int port() {
    return server.actualPort();
  }
}
