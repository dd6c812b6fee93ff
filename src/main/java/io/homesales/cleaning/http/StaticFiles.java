package io.homesales.cleaning.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's files and the OpenAPI document, served from memory. They live in the jar under this
 * package's path; they are read once with the class loader rather than through Vert.x's file resolver, which
 * would unpack every entry of the jar under their top directory ({@code io/}, in a fat jar the whole of Vert.x
 * and Netty) on the first request. Each answer carries an ETag, so a browser revalidates instead of fetching.
 */
final class StaticFiles {

  private static final String ROOT = "io/homesales/cleaning/http/";

  /**
   * The dashboard runs no inline script and loads nothing from elsewhere: everything comes from this origin,
   * and the page may not be framed.
   */
  static final String DASHBOARD_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
      + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private StaticFiles() {}

  /** The dashboard's routes, relative to where the router is mounted. */
  static Map<String, Handler<RoutingContext>> dashboard() {
    Map<String, Handler<RoutingContext>> routes = new LinkedHashMap<>();
    routes.put("/", file("dashboard/index.html", "text/html; charset=utf-8"));
    routes.put("/assets/app.js", file("dashboard/app.js", "text/javascript; charset=utf-8"));
    routes.put("/assets/charts.js", file("dashboard/charts.js", "text/javascript; charset=utf-8"));
    routes.put("/assets/style.css", file("dashboard/style.css", "text/css; charset=utf-8"));
    routes.put("/assets/favicon.svg", file("dashboard/favicon.svg", "image/svg+xml"));
    return routes;
  }

  static Handler<RoutingContext> openApi() {
    return file("openapi.json", "application/json");
  }

  private static Handler<RoutingContext> file(String name, String contentType) {
    Buffer content = Buffer.buffer(read(ROOT + name));
    String etag = "\"" + sha256(content.getBytes()) + "\"";
    return ctx -> {
      ctx.response().putHeader("Content-Security-Policy", DASHBOARD_POLICY).putHeader("ETag", etag)
          .putHeader("Cache-Control", "no-cache");
      if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
        ctx.response().setStatusCode(304).end();
      } else {
        ctx.response().putHeader("content-type", contentType).end(content);
      }
    };
  }

  private static byte[] read(String resource) {
    try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 16);
    } catch (NoSuchAlgorithmException unavailable) {
      throw new IllegalStateException(unavailable);
    }
  }
}
