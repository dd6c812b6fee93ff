package io.homesales.cleaning.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** An HTTP error answered as JSON: {@code {"error", "status", "parameter"?, "runId"?}}. */
final class HttpError extends RuntimeException {

  private final int status;
  private final JsonObject body;

  HttpError(int status, JsonObject body) {
    super(body.getString("error"), null, false, false);
    this.status = status;
    this.body = body.copy().put("status", status);
  }

  HttpError(int status, String message) {
    this(status, new JsonObject().put("error", message));
  }

  static HttpError badParameter(String parameter, String message) {
    return new HttpError(400, new JsonObject().put("error", message).put("parameter", parameter));
  }

  int status() {
    return status;
  }

  JsonObject body() {
    return body;
  }

  void send(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
