package io.homesales.cleaning.job;

import io.homesales.cleaning.core.Cleaner;
import io.homesales.cleaning.core.ReasonRegistry;
import io.homesales.cleaning.run.CleaningRun;
import io.homesales.cleaning.run.JobMetrics;
import io.homesales.cleaning.run.RunInProgressException;
import io.homesales.cleaning.run.RunOnce;
import io.homesales.cleaning.run.RunRequest;
import io.homesales.cleaning.run.RunStatus;
import io.homesales.cleaning.run.RunSummary;
import io.homesales.cleaning.run.RunTrigger;
import io.homesales.cleaning.settings.Addresses;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.notify.Notifier;
import io.homesales.cleaning.store.Faults;
import io.homesales.cleaning.store.RunQueries;
import io.homesales.cleaning.store.ScheduleControl;
import io.homesales.cleaning.store.StatusView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.sqlclient.Pool;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cleaning job as a verticle: a run at deploy time (unless {@code runOnStart} is false), one every
 * {@code intervalSeconds} (unless 0, or paused), and one for each request to the run address. One run at a
 * time: a tick or a request that comes while a run is in flight is skipped (logged, never queued), and the
 * request is failed with {@link #BUSY} and the id of the run in progress; so is a request while another
 * process holds the job's lock, and, without an id, one while this job applies a re-processing request.
 *
 * <p>Its event-bus API ({@link Addresses}): run, status, control (cancel, pause, resume, and clear or accept the
 * quality gates' hold), query (the history, the hold, readiness) and reprocess are requests; every run's summary is published on the runs address when it ends.
 * A request that cannot be served is failed with an HTTP-like code (400, 404, 409) and a JSON message,
 * {@code {"error", "parameter"?, "runId"?}}.
 *
 * <p>One instance per Vert.x instance and run address: the job keeps one pool and one in-flight flag, so a
 * second instance (e.g. {@code setInstances(2)}) fails its deployment with a message saying so.
 *
 * <p>Configured by a JSON config, see {@link JobSettings#fromJson}. Deploy it with
 * {@code vertx.deployVerticle(new CleaningJobVerticle(), new DeploymentOptions().setConfig(config))}; its meters
 * go to the registry given to the constructor, or to a Prometheus registry of its own.
 */
public class CleaningJobVerticle extends VerticleBase {

  /** The failure code of a run request that came while a run was in flight. */
  public static final int BUSY = 409;

  /** How long a stopping verticle waits for the run in flight: well inside Docker's 10 s before SIGKILL. */
  static final long STOP_GRACE_MS = 6_000;
  /** How long a stopping verticle lets its queued notifications go, within Docker's 10 s. */
  static final long NOTIFY_DRAIN_MS = 1_000;

  private static final String DEPLOYMENTS = "io.homesales.cleaning-job.deployments";
  private static final Logger LOG = LoggerFactory.getLogger(CleaningJobVerticle.class);

  private final Cleaner cleaner = new Cleaner();
  private final MeterRegistry registry;
  private final ReasonRegistry reasons;
  private JobSettings settings;
  private Pool pool;
  private JobMetrics metrics;
  private JobStatus status;
  private QueryAnswers history;
  private Readiness readiness;
  private ScheduleControl schedule;
  private Reprocessor reprocessor;
  private HoldControl holds;
  private Notifier notifier;
  private Alerts alerts;
  private long freshnessTimer = -1;
  /** The last run's notifications being decided: a stopping verticle gives them a moment. */
  private Future<Void> alerted = Future.succeededFuture();
  /** The last run's end with its status read again, after which its notifications are decided. */
  private Future<RunSummary> settledRun = Future.succeededFuture();
  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();
  private long timer = -1;
  private boolean claimed;
  /** The run in flight, the re-processing hold and the schedule's changes, with their guards. */
  private final JobState state = new JobState();

  /** The job with a Prometheus registry of its own ({@link #meterRegistry()}). */
  public CleaningJobVerticle() {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** The job with its meters on the host's registry. */
  public CleaningJobVerticle(MeterRegistry registry) {
    this(registry, ReasonRegistry.CORE);
  }

  /**
   * The job with the reasons {@code reasons} knows: the core's, and those of the stages it runs. The stages that
   * register reasons of their own construct the job through here (docs/architecture.md).
   */
  CleaningJobVerticle(MeterRegistry registry, ReasonRegistry reasons) {
    this.registry = registry;
    this.reasons = reasons;
  }

  public MeterRegistry meterRegistry() {
    return registry;
  }

  /** Reads the settings on a worker: checking them reads the root certificate's file (docs/security.md). */
  @Override
  public Future<?> start() {
    return vertx.executeBlocking(() -> JobSettings.fromJson(config())).compose(this::start);
  }

  private Future<?> start(JobSettings read) {
    settings = read;
    LocalMap<String, String> deployments = vertx.sharedData().getLocalMap(DEPLOYMENTS);
    String other = deployments.putIfAbsent(settings.addresses().run(), deploymentID());
    if (other != null) {
      return Future.failedFuture(new IllegalStateException("the cleaning job is already deployed on this Vert.x"
          + " instance for the address " + settings.addresses().run() + " (deployment " + other + "): deploy it as"
          + " one instance, since it keeps one pool and runs one run at a time; a second job needs other addresses"));
    }
    claimed = true;
    pool = settings.pool(vertx);
    metrics = new JobMetrics(registry, reasons);
    status = new JobStatus(context, pool, settings, state::inFlight);
    history = new QueryAnswers(pool, reasons);
    readiness = new Readiness(pool, settings);
    schedule = new ScheduleControl(pool);
    reprocessor = new Reprocessor(pool);
    holds = new HoldControl(pool);
    notifier = new Notifier(vertx, context, settings.notifications());
    alerts = new Alerts(pool, notifier, settings.gates().mode());
    Freshness freshness = new Freshness(settings, new StatusView(pool), alerts, OffsetDateTime.now(ZoneOffset.UTC));
    status.registerGauges(metrics);
    freshness.registerGauges(metrics);

    Addresses addresses = settings.addresses();
    consume(addresses.run(), this::onRunRequest);
    consume(addresses.status(), message -> answer(message, status.json()));
    consume(addresses.control(), this::onControl);
    consume(addresses.query(), this::onQuery);
    consume(addresses.reprocess(), this::onReprocess);
    LOG.info("cleaning job deployed: {}", settings);
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).onSuccess(v -> {
      if (settings.scheduled()) {
        long interval = settings.intervalSeconds() * 1000L;
        status.nextRunAt(System.currentTimeMillis() + interval);
        timer = vertx.setPeriodic(interval, tick -> onTick(interval));
      }
      if (freshness.enabled()) {
        freshnessTimer = vertx.setPeriodic(settings.freshnessCheckSeconds() * 1000L, tick -> freshness.check());
      }
      if (settings.runOnStart()) {
        startRun(RunRequest.of(RunTrigger.STARTUP));
      }
    });
  }

  /**
   * Stops taking records: the run in flight finishes the records already sent and records itself as
   * {@code interrupted}. After {@link #STOP_GRACE_MS} the pool is closed anyway: a write still in flight
   * then fails, and its transaction is rolled back by the server.
   */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    vertx.cancelTimer(freshnessTimer);
    if (claimed) {
      vertx.sharedData().<String, String>getLocalMap(DEPLOYMENTS).remove(settings.addresses().run(), deploymentID());
    }
    Future<?> drained;
    CleaningRun inFlight = state.inFlight();
    if (inFlight == null) {
      drained = Future.succeededFuture();
    } else {
      LOG.info("stopping: run {} takes no more records", inFlight.id());
      inFlight.interrupt();
      drained = Future.any(state.inFlightEnded(), vertx.timer(STOP_GRACE_MS));
    }
    Future<?> unregistered = Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
    // The run's end is recorded; its status read and its notifications decided just after: a moment for them.
    Future<?> told = drained.transform(ar -> Future.any(settledRun, vertx.timer(NOTIFY_DRAIN_MS)))
        .transform(ar -> Future.any(alerted, vertx.timer(NOTIFY_DRAIN_MS)));
    return unregistered.transform(ar -> told).eventually(() -> {
      if (metrics != null) {
        metrics.close();
      }
      // What is still queued gets a short while to go; notifications are at most once (docs/quality-gates.md).
      Future<Void> quiet = notifier == null ? Future.succeededFuture()
          : notifier.drained(NOTIFY_DRAIN_MS).transform(ar -> notifier.close());
      return quiet.transform(ar -> pool == null ? Future.succeededFuture() : pool.close());
    });
  }

  private void consume(String address, Handler<Message<Object>> handler) {
    consumers.add(vertx.eventBus().consumer(address, handler));
  }

  private void onTick(long interval) {
    status.nextRunAt(System.currentTimeMillis() + interval);
    if (state.inFlight() != null) {
      LOG.info("schedule run skipped: run {} is still in progress", state.inFlight().id());
      return;
    }
    // Paused is read from the database at each tick: another process (or the API) may have changed it.
    long mark = state.scheduleMark();
    schedule.paused().onComplete(read -> {
      boolean paused = read.succeeded() && read.result();
      String refusal = state.tickRefusal(paused, mark);
      if (refusal == null) {
        startRun(RunRequest.of(RunTrigger.SCHEDULE));
      } else if (paused) {
        LOG.debug("schedule run skipped: {}", refusal);
      } else {
        LOG.info("schedule run skipped: {}", refusal);
      }
    });
  }

  /**
   * Starts a run unless one is in flight (then throws {@link RunInProgressException}). A failed run never
   * stops the scheduler.
   */
  RunOnce.Started startRun(RunRequest request) {
    try {
      state.checkIdle();
    } catch (RunInProgressException busy) {
      LOG.info("{} run skipped: {}", request.trigger().label(), busy.getMessage().replaceFirst("^busy: ", ""));
      throw busy;
    }
    CleaningRun run = new CleaningRun(vertx, pool, cleaner, settings, request, CleaningRun.processName(), metrics);
    Future<RunSummary> result;
    try {
      result = run.execute();
    } catch (RuntimeException bug) {
      result = Future.failedFuture(bug);
    }
    state.runStarted(run, result);
    // The status is read again before the run lets go, so that once this job says "idle" its status (backlog,
    // last success, readiness point) has the run's end in it. A read is bounded (JobStatus.READ_BOUND).
    Future<RunSummary> settled = result.compose(status::refreshed);
    settledRun = settled;
    settled.onComplete(ar -> {
      state.runSettled();
      if (ar.failed()) {
        LOG.error("run {} ended abnormally", run.id(), ar.cause());
        return;
      }
      vertx.eventBus().publish(settings.addresses().runs(), ar.result().toJson());
      // Never fails; only a stopping verticle waits for it, briefly, before it lets its notifier go.
      alerted = alerts.runEnded(run, ar.result());
    });
    return new RunOnce.Started(run, settled, settled); // the verticle's pool outlives the run
  }

  private void onRunRequest(Message<Object> message) {
    boolean wait;
    RunRequest request;
    RunOnce.Started started;
    try {
      RequestFields f = RequestFields.strict(message.body(), Set.of("wait", "dryRun", "maxRecords", "note",
          "force"));
      wait = !Boolean.FALSE.equals(f.bool("wait"));
      request = new RunRequest(RunTrigger.MANUAL, Boolean.TRUE.equals(f.bool("dryRun")),
          f.integer("maxRecords", 1, 100_000_000), f.string("note", 1_000), Boolean.TRUE.equals(f.bool("force")));
      started = startRun(request);
    } catch (ApiException | RunInProgressException refused) {
      ApiException.fail(message, refused);
      return;
    }
    CleaningRun run = started.run();
    if (wait) {
      started.result().onComplete(ended -> {
        if (run.started().failed() && run.started().cause() instanceof RunInProgressException busy) {
          ApiException.fail(message, busy); // another process holds the lock: this run was skipped
        } else if (ended.succeeded()) {
          message.reply(ended.result().toJson());
        } else {
          ApiException.fail(message, ended.cause());
        }
      });
    } else {
      run.started().onComplete(begun -> {
        if (begun.succeeded()) {
          message.reply(new JsonObject().put("runId", run.id().toString()).put("dryRun", request.dryRun()));
        } else if (begun.cause() instanceof RunInProgressException busy) {
          ApiException.fail(message, busy);
        } else {
          ApiException.fail(message, new ApiException(503, "the run could not start: "
              + Faults.describe(begun.cause()), null, run.id()));
        }
      });
    }
  }

  private void onControl(Message<Object> message) {
    Future<JsonObject> answer;
    try {
      RequestFields f = RequestFields.strict(message.body(), Set.of("action", "runId", "by"));
      String action = f.oneOf("action", List.of("cancel", "pause", "resume", "clear", "accept"));
      if (action == null) {
        throw ApiException.badParameter("action", "'action' is required: cancel, pause, resume, clear or accept");
      }
      String by = f.string("by", 200);
      answer = switch (action) {
        case "cancel" -> cancel(QueryAnswers.runId(f));
        case "clear", "accept" -> holds.end(action, by == null ? "event-bus" : by)
            .compose(status::refreshed);
        default -> {
          boolean pause = action.equals("pause");
          state.scheduleChanged();
          yield schedule.setPaused(pause, by == null ? "event-bus" : by)
              .andThen(done -> state.scheduleChanged()) // and a tick that read the counter while it was in flight
              .compose(v -> status.refresh())
              .map(v -> {
                LOG.info("schedule {} by {}", pause ? "paused" : "resumed", by == null ? "event-bus" : by);
                return new JsonObject().put("paused", pause);
              });
        }
      };
    } catch (ApiException bad) {
      answer = Future.failedFuture(bad);
    }
    answer(message, answer);
  }

  /** Asks the run in flight to stop as SIGTERM does; 404 for an unknown run, 409 for one not in flight here. */
  private Future<JsonObject> cancel(UUID runId) {
    if (state.cancellable(runId)) {
      LOG.info("run {} cancelled: it takes no more records", runId);
      state.inFlight().interrupt();
      return Future.succeededFuture(new JsonObject().put("runId", runId.toString()).put("cancelling", true));
    }
    return new RunQueries(pool).one(runId).compose(run -> {
      if (run == null) {
        return Future.failedFuture(ApiException.notFound("no run " + runId + " in the history"));
      }
      if (RunStatus.RUNNING.label().equals(run.status())) {
        return Future.failedFuture(ApiException.conflict("run " + runId + " is in progress in another process ("
            + run.host() + "): cancel it there", runId));
      }
      return Future.failedFuture(ApiException.conflict("run " + runId + " is not in progress: it ended "
          + run.status(), runId));
    });
  }

  private void onQuery(Message<Object> message) {
    Future<JsonObject> answer;
    try {
      String query = message.body() instanceof JsonObject json && json.getValue("query") instanceof String q ? q : null;
      answer = switch (query == null ? "" : query) {
        case "runs" -> history.runs(message.body());
        case "run" -> history.run(message.body());
        case "series" -> history.series(message.body());
        case "quality" -> history.quality(message.body());
        case "samples" -> history.samples(message.body());
        case "ready" -> readiness.check();
        case "reprocessRequests" -> history.reprocessRequests(message.body());
        case "hold" -> history.hold(message.body());
        case "ping" -> Future.succeededFuture(new JsonObject().put("pong", true)); // liveness: no database
        default -> throw ApiException.badParameter("query",
            "'query' must be one of runs, run, series, quality, samples, reprocessRequests, hold, ready, ping");
      };
    } catch (ApiException bad) {
      answer = Future.failedFuture(bad);
    }
    answer(message, answer);
  }

  /**
   * Re-cleaning: refused while a run or another request is in flight (here, or through the lock elsewhere).
   * With {@code runNow}, a run starts as soon as the records are re-queued, and the answer names it.
   */
  private void onReprocess(Message<Object> message) {
    ReprocessRequest request;
    try {
      request = ReprocessRequest.fromJson(message.body(), "event-bus", reasons);
      state.hold();
    } catch (ApiException | RunInProgressException refused) {
      ApiException.fail(message, refused);
      return;
    }
    Future<JsonObject> applied;
    try {
      applied = reprocessor.apply(request);
    } catch (RuntimeException bug) {
      applied = Future.failedFuture(bug);
    }
    // The flag is bounded, as a stuck statement might never end; past the bound the job's lock, which the request
    // holds until it ends, still keeps runs out.
    answer(message, applied.timeout(Reprocessor.HOLD_MS, TimeUnit.MILLISECONDS).transform(ar -> {
      state.release(); // in the callback that starts a runNow run, so that no other run takes its turn
      if (ar.failed()) {
        return Future.failedFuture(ar.cause());
      }
      JsonObject answer = ar.result();
      return (request.runNow() ? runNow(answer) : Future.succeededFuture(answer)).compose(status::refreshed);
    }));
  }

  /** The run a re-processing request asked for at once, named in its answer (or why it could not start). */
  private Future<JsonObject> runNow(JsonObject answer) {
    RunOnce.Started started;
    try {
      started = startRun(Reprocessor.followUp(answer));
    } catch (RunInProgressException busy) {
      return Future.succeededFuture(answer.put("runNowError", busy.getMessage()));
    }
    UUID runId = started.run().id();
    return started.run().started()
        .compose(v -> reprocessor.linkRun(answer.getString("requestId"), runId))
        .map(v -> answer.put("runId", runId.toString()))
        .otherwise(err -> answer.put("runId", runId.toString()).put("runNowError", err.getMessage()));
  }

  private static void answer(Message<Object> message, Future<JsonObject> answer) {
    answer.onComplete(done -> {
      if (done.succeeded()) {
        message.reply(done.result());
      } else {
        ApiException.fail(message, done.cause());
      }
    });
  }
}
