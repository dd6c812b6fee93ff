package io.homesales.cleaning.http;

import io.homesales.cleaning.settings.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The HTTP surface's only way to the job: requests on its event-bus API. A failed request becomes an
 * {@link HttpError}: the job's own code and JSON error (400, 404, 409, ...), or 503 when no job answers.
 */
final class JobClient {

  /** Reads and controls answer at once; a run request without waiting answers once the run has started. */
  static final long TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final Addresses addresses;

  JobClient(Vertx vertx, Addresses addresses) {
    this.vertx = vertx;
    this.addresses = addresses;
  }

  Addresses addresses() {
    return addresses;
  }

  Future<JsonObject> request(String address, JsonObject body) {
    return request(address, body, TIMEOUT_MS);
  }

  Future<JsonObject> request(String address, JsonObject body, long timeoutMs) {
    return vertx.eventBus().<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(timeoutMs))
        .map(reply -> reply.body())
        .recover(err -> Future.failedFuture(toHttp(err, timeoutMs)));
  }

  static HttpError toHttp(Throwable err, long timeoutMs) {
    if (!(err instanceof ReplyException reply)) {
      return new HttpError(500, "unexpected error");
    }
    return switch (reply.failureType()) {
      case NO_HANDLERS -> new HttpError(503, "the cleaning job is not deployed on this event bus");
      case TIMEOUT -> new HttpError(503, "the cleaning job did not answer within " + timeoutMs / 1000 + " s");
      default -> {
        int status = reply.failureCode() >= 400 && reply.failureCode() <= 599 ? reply.failureCode() : 500;
        JsonObject json;
        try {
          json = new JsonObject(String.valueOf(reply.getMessage()));
        } catch (DecodeException notJson) {
          json = new JsonObject().put("error", String.valueOf(reply.getMessage()));
        }
        yield new HttpError(status, json);
      }
    };
  }
}
