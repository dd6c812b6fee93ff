package io.homesales.cleaning.job;

import io.homesales.cleaning.core.Cleaner;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cleaning job as a verticle: a run at deploy time, then one every {@code intervalSeconds}, and one on
 * demand for each message to {@code address}. One run at a time: a tick or a message that comes while a
 * run is in flight is skipped (logged, never queued), and the message is failed with
 * {@link #BUSY} and the id of the run in progress. A run's reply is its summary as JSON; give the
 * message a send timeout longer than a run ({@code DeliveryOptions.setSendTimeout}).
 *
 * <p>Configured by a JSON config, see {@link JobSettings#fromJson}. Deploy it with
 * {@code vertx.deployVerticle(new CleaningJobVerticle(), new DeploymentOptions().setConfig(config))}.
 */
public class CleaningJobVerticle extends VerticleBase {

  /** The failure code of a run request that came while a run was in flight. */
  public static final int BUSY = 409;

  /** How long a stopping verticle waits for the run in flight: well inside Docker's 10 s before SIGKILL. */
  static final long STOP_GRACE_MS = 6_000;

  private static final Logger LOG = LoggerFactory.getLogger(CleaningJobVerticle.class);

  private final Cleaner cleaner = new Cleaner();
  private JobSettings settings;
  private Pool pool;
  private MessageConsumer<Object> consumer;
  private long timer = -1;
  private CleaningRun inFlight;
  private Future<RunSummary> inFlightResult;

  @Override
  public Future<?> start() {
    settings = JobSettings.fromJson(config());
    pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(settings.poolSize()))
        .connectingTo(settings.connectOptions())
        .using(vertx)
        .build();
    consumer = vertx.eventBus().consumer(settings.address(), this::onRunRequest);
    timer = vertx.setPeriodic(settings.intervalSeconds() * 1000L, tick -> startRun(RunTrigger.SCHEDULE));
    LOG.info("cleaning job deployed: {}", settings);
    return consumer.completion().onSuccess(v -> startRun(RunTrigger.STARTUP));
  }

  /**
   * Stops taking records: the run in flight finishes the record in hand and records itself as
   * {@code interrupted}. After {@link #STOP_GRACE_MS} the pool is closed anyway: a write still in flight
   * then fails, and its transaction is rolled back by the server.
   */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    Future<?> drained;
    if (inFlight == null) {
      drained = Future.succeededFuture();
    } else {
      LOG.info("stopping: run {} takes no more records", inFlight.id());
      inFlight.interrupt();
      drained = Future.any(inFlightResult, vertx.timer(STOP_GRACE_MS));
    }
    return consumer.unregister().transform(ar -> drained).eventually(() -> pool.close());
  }

  /** Starts a run unless one is in flight; never throws, and a failed run never stops the scheduler. */
  Future<RunSummary> startRun(RunTrigger trigger) {
    if (inFlight != null) {
      LOG.info("{} run skipped: run {} is still in progress", trigger.label(), inFlight.id());
      return Future.failedFuture(new RunInProgressException(inFlight.id()));
    }
    CleaningRun run = new CleaningRun(vertx, pool, cleaner, settings, trigger, false, processName());
    inFlight = run;
    Future<RunSummary> result;
    try {
      result = run.execute();
    } catch (RuntimeException bug) {
      result = Future.failedFuture(bug);
    }
    inFlightResult = result;
    return result.andThen(ar -> {
      inFlight = null;
      if (ar.failed()) {
        LOG.error("run {} ended abnormally", run.id(), ar.cause());
      }
    });
  }

  private void onRunRequest(Message<Object> message) {
    startRun(RunTrigger.MANUAL).onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result().toJson());
      } else if (ar.cause() instanceof RunInProgressException busy) {
        message.fail(BUSY, busy.getMessage());
      } else {
        message.fail(500, CleaningRun.describe(ar.cause()));
      }
    });
  }

  /** Host and pid, recorded with each run so an operator can tell which process ran it. */
  static String processName() {
    return ManagementFactory.getRuntimeMXBean().getName();
  }
}
