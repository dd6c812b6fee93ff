package io.homesales.cleaning.http;

import io.homesales.cleaning.job.HoldControl;
import io.homesales.cleaning.job.ReprocessRequest;
import io.homesales.cleaning.job.Reprocessor;
import io.homesales.cleaning.settings.Addresses;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The job's operations surface as a Vert.x Web {@link Router}: the JSON API under {@code /api/v1} (described by
 * {@code /api/v1/openapi.json}), Prometheus metrics at {@code /metrics}, health at {@code /health/live} and
 * {@code /health/ready}, and the dashboard at {@code /}. Mount it under any prefix:
 * {@code router.route("/cleaning/*").subRouter(OperationsApi.router(vertx, addresses, http, registry))}.
 *
 * <p>It reaches the job only through the job's event-bus API ({@link Addresses}), so it works wherever the job's
 * verticle runs on the event bus. It parses nothing itself beyond HTTP: query strings and bodies go to the job
 * as they are, and the job names any bad parameter (400). Writes, samples of rejected events, and (without
 * public reads) everything but health and the dashboard's files need the API token.
 */
public final class OperationsApi {

  /** Bodies are small JSON objects: anything larger is refused with 413. */
  public static final long BODY_LIMIT = 64 * 1024;

  private static final String API = "/api/v1";

  private final JobClient job;
  private final Handler<RoutingContext> token;
  private final Handler<RoutingContext> reads;
  private final Router router;
  /** Each path and the methods it answers, for 405's Allow header. */
  private final Map<String, List<HttpMethod>> methods = new LinkedHashMap<>();

  private OperationsApi(Vertx vertx, Addresses addresses, HttpSettings settings, MeterRegistry registry) {
    this.job = new JobClient(vertx, addresses);
    this.token = new BearerAuth(settings.apiToken());
    this.reads = settings.publicReads() ? RoutingContext::next : token;
    this.router = Router.router(vertx);
    build(registry);
  }

  /**
   * The router. {@code registry}: when it is a Prometheus registry (the job's own, or the host's), its meters
   * are served at {@code /metrics}; otherwise there is no {@code /metrics}, and the host exposes its registry.
   */
  public static Router router(Vertx vertx, Addresses addresses, HttpSettings settings, MeterRegistry registry) {
    return new OperationsApi(vertx, addresses, settings, registry).router;
  }

  private void build(MeterRegistry registry) {
    router.route().handler(ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer");
      ctx.next();
    });
    router.route().failureHandler(OperationsApi::failure);

    Addresses a = job.addresses();
    get(API + "/status", reads, ctx -> forward(ctx, a.status(), query(ctx, Set.of())));
    get(API + "/runs/series", reads, ctx -> forward(ctx, a.query(), query(ctx, Set.of("from", "to", "points"))
        .put("query", "series")));
    get(API + "/runs", reads, ctx -> forward(ctx, a.query(), query(ctx, Set.of("limit", "before", "status",
        "trigger", "from", "to")).put("query", "runs")));
    write(HttpMethod.POST, API + "/runs", this::startRun);
    get(API + "/runs/:runId", reads, ctx -> forward(ctx, a.query(), query(ctx, Set.of())
        .put("query", "run").put("runId", ctx.pathParam("runId"))));
    write(HttpMethod.POST, API + "/runs/:runId/cancel", ctx -> body(ctx, Set.of()).compose(body ->
        job.request(a.control(), new JsonObject().put("action", "cancel").put("runId", ctx.pathParam("runId"))
            .put("by", requester(ctx)))).onComplete(done -> answer(ctx, done, 202)));
    write(HttpMethod.PUT, API + "/schedule", this::schedule);
    get(API + "/quality/samples", token, ctx -> forward(ctx, a.query(), query(ctx, Set.of("reason", "limit"))
        .put("query", "samples")));
    get(API + "/quality", reads, ctx -> forward(ctx, a.query(), query(ctx, Set.of("from", "to", "bucket"))
        .put("query", "quality")));
    get(API + "/quality/hold", reads, ctx -> forward(ctx, a.query(), query(ctx, Set.of("limit"))
        .put("query", "hold")));
    for (String action : HoldControl.ACTIONS) {
      write(HttpMethod.POST, API + "/quality/hold/" + action, ctx -> body(ctx, Set.of()).compose(body ->
          job.request(a.control(), new JsonObject().put("action", action).put("by", requester(ctx))))
          .onComplete(done -> answer(ctx, done, 200)));
    }
    write(HttpMethod.POST, API + "/reprocess", ctx -> body(ctx, ReprocessRequest.CALLER_FIELDS).compose(body ->
        job.request(a.reprocess(), body.put("requestedBy", requester(ctx)), Reprocessor.HOLD_MS))
        .onComplete(done -> answer(ctx, done, 200)));
    get(API + "/reprocess", reads, ctx -> forward(ctx, a.query(), query(ctx, Set.of("limit"))
        .put("query", "reprocessRequests")));
    get(API + "/openapi.json", reads, StaticFiles.openApi());
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      get("/metrics", reads, ctx -> ctx.response()
          .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
          .putHeader("Cache-Control", "no-store")
          .end(prometheus.scrape()));
    }
    get("/health/live", RoutingContext::next, this::live);
    get("/health/ready", RoutingContext::next, this::ready);
    StaticFiles.dashboard().forEach((path, handler) -> get(path, RoutingContext::next, handler));

    // A known path with another method: 405 with the methods it answers. Any other path under the API: 404.
    methods.forEach((path, allowed) -> router.route(path).handler(ctx -> {
      ctx.response().putHeader("Allow", allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", ")));
      new HttpError(405, ctx.request().method() + " is not allowed here; allowed: " + allowed).send(ctx);
    }));
    router.route(API + "/*").handler(ctx -> new HttpError(404, "no such endpoint: " + ctx.normalizedPath()
        + "; the API is described at " + API + "/openapi.json").send(ctx));
  }

  /** A read, answering HEAD as well (Vert.x sends the headers of the GET answer, without its body). */
  private void get(String path, Handler<RoutingContext> guard, Handler<RoutingContext> handler) {
    methods.computeIfAbsent(path, p -> new ArrayList<>()).addAll(List.of(HttpMethod.GET, HttpMethod.HEAD));
    router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(guard).handler(handler);
  }

  /**
   * A write: a body of at most {@link #BODY_LIMIT} (Vert.x Web reads the body before any authentication
   * handler; the limit bounds what an anonymous client can make it read), then the token.
   */
  private void write(HttpMethod method, String path, Handler<RoutingContext> handler) {
    methods.computeIfAbsent(path, p -> new ArrayList<>()).add(method);
    router.route(method, path).handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT)).handler(token)
        .handler(handler);
  }

  /** {@code POST /api/v1/runs}: starts a run and answers 202 with its id and URL, without waiting for it. */
  private void startRun(RoutingContext ctx) {
    body(ctx, Set.of("dryRun", "maxRecords", "note", "force"))
        .compose(body -> job.request(job.addresses().run(), body.put("wait", false)))
        .onComplete(done -> {
          if (done.succeeded()) {
            String runId = done.result().getString("runId");
            String url = ctx.request().path().replaceFirst("/runs/?$", "/runs/" + runId); // "/runs/" is routed here too
            ctx.response().putHeader("Location", url);
            done.result().put("url", url);
          }
          answer(ctx, done, 202);
        });
  }

  /** {@code PUT /api/v1/schedule} with {@code {"paused": true|false}}. */
  private void schedule(RoutingContext ctx) {
    body(ctx, Set.of("paused")).compose(body -> {
      Object paused = body.getValue("paused");
      if (!(paused instanceof Boolean pause)) {
        return Future.failedFuture(HttpError.badParameter("paused", paused == null
            ? "'paused' is required: true or false" : "'paused' must be true or false (got " + Json.encode(paused)
                + ")"));
      }
      return job.request(job.addresses().control(), new JsonObject()
          .put("action", pause ? "pause" : "resume").put("by", requester(ctx)));
    }).onComplete(done -> answer(ctx, done, 200));
  }

  /** The process and both event loops answer: this server's, and the job's (a ping that needs no database). */
  private void live(RoutingContext ctx) {
    job.request(job.addresses().query(), new JsonObject().put("query", "ping"), 2_000).onComplete(done -> {
      JsonObject body = new JsonObject().put("status", done.succeeded() ? "UP" : "DOWN").put("checks",
          new JsonArray()
              .add(new JsonObject().put("id", "http").put("status", "UP"))
              .add(done.succeeded() ? new JsonObject().put("id", "job").put("status", "UP")
                  : new JsonObject().put("id", "job").put("status", "DOWN").put("reason", done.cause().getMessage())));
      json(ctx, done.succeeded() ? 200 : 503, body);
    });
  }

  /** 200 when every readiness check of the job is up, 503 otherwise (and when the job does not answer). */
  private void ready(RoutingContext ctx) {
    job.request(job.addresses().query(), new JsonObject().put("query", "ready"), 10_000).onComplete(done -> {
      if (done.failed()) {
        json(ctx, 503, new JsonObject().put("status", "DOWN").put("checks", new JsonArray()
            .add(new JsonObject().put("id", "job").put("status", "DOWN").put("reason", done.cause().getMessage()))));
      } else {
        json(ctx, "UP".equals(done.result().getString("status")) ? 200 : 503, done.result());
      }
    });
  }

  private void forward(RoutingContext ctx, String address, JsonObject request) {
    job.request(address, request).onComplete(done -> answer(ctx, done, 200));
  }

  private static void answer(RoutingContext ctx, AsyncResult<JsonObject> done, int status) {
    if (done.succeeded()) {
      json(ctx, status, done.result());
    } else if (done.cause() instanceof HttpError error) {
      error.send(ctx);
    } else {
      new HttpError(500, "unexpected error").send(ctx);
    }
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
          .putHeader("Cache-Control", "no-store").end(body.encode());
    }
  }

  /**
   * The query string as the job's request: every parameter a string, as given. Parameters the endpoint does not
   * take, and parameters given twice, are refused here, since they would otherwise be silently dropped.
   */
  private static JsonObject query(RoutingContext ctx, Set<String> known) {
    MultiMap params = ctx.queryParams();
    JsonObject request = new JsonObject();
    for (String name : params.names()) {
      if (!known.contains(name)) {
        throw HttpError.badParameter(name, known.isEmpty() ? "this endpoint takes no parameters (got '" + name + "')"
            : "unknown parameter '" + name + "'; known: " + String.join(", ", known.stream().sorted().toList()));
      }
      List<String> values = params.getAll(name);
      if (values.size() > 1) {
        throw HttpError.badParameter(name, "'" + name + "' is given more than once");
      }
      request.put(name, values.get(0));
    }
    return request;
  }

  /**
   * The body as a JSON object (empty when there is none). Malformed JSON, and JSON that is not an object, are
   * refused; so is a field the endpoint does not take. The job checks each field's type and range.
   */
  private static Future<JsonObject> body(RoutingContext ctx, Set<String> known) {
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0 || buffer.toString().isBlank()) {
      return Future.succeededFuture(new JsonObject());
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(buffer);
    } catch (DecodeException malformed) {
      return Future.failedFuture(HttpError.badParameter("body", "the body is not valid JSON"));
    }
    if (!(parsed instanceof JsonObject object)) {
      return Future.failedFuture(HttpError.badParameter("body", "the body must be a JSON object"));
    }
    for (String name : object.fieldNames()) {
      if (!known.contains(name)) {
        return Future.failedFuture(HttpError.badParameter(name, known.isEmpty()
            ? "this endpoint takes no body fields (got '" + name + "')"
            : "unknown field '" + name + "'; known: " + String.join(", ", known.stream().sorted().toList())));
      }
    }
    return Future.succeededFuture(object);
  }

  /** Who asked, for the job's logs and audit trail: the API and the client's address. */
  private static String requester(RoutingContext ctx) {
    return "api:" + (ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress());
  }

  /**
   * Failures of the routes: a bad parameter thrown while reading the request (400), a body over the limit
   * (413, from the body handler), anything else (500, without internals: the cause is logged, not sent).
   */
  private static void failure(RoutingContext ctx) {
    Throwable cause = ctx.failure();
    if (cause instanceof HttpError error) {
      error.send(ctx);
    } else if (ctx.statusCode() == 413) {
      new HttpError(413, "the body is larger than " + BODY_LIMIT / 1024 + " KB").send(ctx);
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      new HttpError(ctx.statusCode(), "bad request").send(ctx);
    } else {
      org.slf4j.LoggerFactory.getLogger(OperationsApi.class).error("{} {} failed", ctx.request().method(),
          ctx.normalizedPath(), cause);
      new HttpError(500, "unexpected error").send(ctx);
    }
  }

  /** For the HTTP server: a router of its own, answering JSON for any path it does not know. */
  static Router standalone(Vertx vertx, Router api) {
    Router root = Router.router(vertx);
    root.route("/*").subRouter(api);
    Function<Integer, Handler<RoutingContext>> error = status -> ctx ->
        new HttpError(status, status == 404 ? "not found: " + ctx.normalizedPath() : "request refused").send(ctx);
    root.errorHandler(404, error.apply(404));
    root.errorHandler(405, error.apply(405));
    root.errorHandler(413, ctx -> new HttpError(413, "the body is larger than " + BODY_LIMIT / 1024 + " KB").send(ctx));
    root.errorHandler(500, error.apply(500));
    return root;
  }
}
