package io.homesales.cleaning.support;

import static io.homesales.cleaning.support.TestDatabase.await;

import io.homesales.cleaning.notify.Signature;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver for the job's notifications, started by a test: it verifies each signature as a user's
 * receiver would ({@link Signature#verify}), and keeps what it received. It can also answer 500, or hold every
 * request without answering until {@link #release} (slow), or until after the job has stopped.
 */
public final class WebhookReceiver implements AutoCloseable {

  /** How it answers. */
  public enum Mode { OK, FAIL, HOLD }

  private final HttpServer server;
  private final String secret;
  private final Mode mode;
  private final List<JsonObject> verified = new CopyOnWriteArrayList<>();
  private final List<String> unverified = new CopyOnWriteArrayList<>();
  private final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();

  private WebhookReceiver(Vertx vertx, String secret, Mode mode) {
    this.secret = secret;
    this.mode = mode;
    this.server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      requests.incrementAndGet();
      String text = body.toString();
      if (Signature.verify(secret, request.getHeader(Signature.HEADER), text, System.currentTimeMillis() / 1000)) {
        verified.add(new JsonObject(text));
      } else {
        unverified.add(text);
      }
      switch (this.mode) {
        case OK -> request.response().setStatusCode(204).end();
        case FAIL -> request.response().setStatusCode(500).end("down for maintenance");
        case HOLD -> held.add(request);
        default -> throw new IllegalStateException();
      }
    }));
    await(server.listen(0, "127.0.0.1"));
  }

  public static WebhookReceiver start(Vertx vertx, String secret, Mode mode) {
    return new WebhookReceiver(vertx, secret, mode);
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hooks/cleaning-job";
  }

  /** The events whose signature verified, in the order received. */
  public List<JsonObject> verified() {
    return List.copyOf(verified);
  }

  /** The bodies whose signature did not verify. */
  public List<String> unverified() {
    return List.copyOf(unverified);
  }

  public int requests() {
    return requests.get();
  }

  /** Requests held without an answer so far. */
  public int holding() {
    return held.size();
  }

  /** Answers every held request, late. */
  public void release() {
    held.forEach(request -> request.response().setStatusCode(204).end().otherwiseEmpty());
    held.clear();
  }

  @Override
  public void close() {
    release();
    await(server.close());
  }
}
