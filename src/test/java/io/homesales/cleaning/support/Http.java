package io.homesales.cleaning.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A real HTTP client (the JDK's) for the tests of the operations surface. Blocking: test threads only. */
public final class Http {

  /** An answer: status, headers, body as text and, when it is JSON, as an object. */
  public record Answer(int status, Map<String, java.util.List<String>> headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /*
   * HTTP/1.1, as Prometheus, curl and browsers speak to a plain-http server; the JDK's default would try an h2c
   * upgrade first. The exchange as a whole is bounded below: the request timeout covers only the headers.
   */
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private String token;

  public Http(String base) {
    this.base = base;
  }

  /** Sends {@code Authorization: Bearer <token>} from now on (null: none). */
  public Http withToken(String token) {
    Http other = new Http(base);
    other.token = token;
    return other;
  }

  public String base() {
    return base;
  }

  public Answer get(String path) {
    return send("GET", path, null, Map.of());
  }

  public Answer post(String path, String body) {
    return send("POST", path, body, Map.of("content-type", "application/json"));
  }

  public Answer put(String path, String body) {
    return send("PUT", path, body, Map.of("content-type", "application/json"));
  }

  public Answer send(String method, String path, String body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    java.util.concurrent.CompletableFuture<HttpResponse<String>> exchange =
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    try {
      HttpResponse<String> response = exchange.get(90, java.util.concurrent.TimeUnit.SECONDS);
      return new Answer(response.statusCode(), response.headers().map(), response.body());
    } catch (java.util.concurrent.TimeoutException e) {
      exchange.cancel(true);
      throw new AssertionError(method + " " + path + ": no whole answer within 90 s", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof IOException io ? new UncheckedIOException(io)
          : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
