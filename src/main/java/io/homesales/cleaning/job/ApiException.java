package io.homesales.cleaning.job;

import io.homesales.cleaning.run.RunInProgressException;
import io.homesales.cleaning.store.Faults;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/**
 * A request to the job that cannot be served, with the HTTP status that says why: 400 (a bad parameter,
 * named), 404, 409 (busy, with the run in flight). Over the event bus it is a failure whose code is the
 * status and whose message is the JSON of {@link #toJson()}: {@code {"error", "parameter"?, "runId"?}}.
 *
 * <p>Public for the job's own packages; not a supported API (docs/embedding.md lists what is).
 */
public final class ApiException extends RuntimeException {

  private final int status;
  private final String parameter;
  private final UUID runId;

  public ApiException(int status, String message, String parameter, UUID runId) {
    super(message);
    this.status = status;
    this.parameter = parameter;
    this.runId = runId;
  }

  /** 400, naming the parameter. */
  public static ApiException badParameter(String parameter, String message) {
    return new ApiException(400, message, parameter, null);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, message, null, null);
  }

  public static ApiException conflict(String message, UUID runId) {
    return new ApiException(409, message, null, runId);
  }

  /** A run already in flight, here or in another process. */
  public static ApiException busy(RunInProgressException busy) {
    return conflict(busy.getMessage(), busy.runInProgress());
  }

  public int status() {
    return status;
  }

  public String parameter() {
    return parameter;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("error", getMessage());
    if (parameter != null) {
      json.put("parameter", parameter);
    }
    if (runId != null) {
      json.put("runId", runId.toString());
    }
    return json;
  }

  /** Fails an event-bus request with this error, or with 500 and the error's description for any other. */
  static void fail(Message<?> message, Throwable err) {
    if (err instanceof ApiException api) {
      message.fail(api.status, api.toJson().encode());
    } else if (err instanceof RunInProgressException busy) {
      fail(message, busy(busy));
    } else {
      LoggerFactory.getLogger(ApiException.class).error("request to {} failed", message.address(), err);
      message.fail(500, new JsonObject().put("error", Faults.describe(err)).encode());
    }
  }
}
