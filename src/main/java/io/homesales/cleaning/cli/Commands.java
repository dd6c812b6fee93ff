package io.homesales.cleaning.cli;

import io.homesales.cleaning.http.HttpSettings;
import io.homesales.cleaning.http.OperationsServer;
import io.homesales.cleaning.job.Alerts;
import io.homesales.cleaning.job.CleaningJobVerticle;
import io.homesales.cleaning.notify.Notifier;
import io.homesales.cleaning.run.RunOnce;
import io.homesales.cleaning.run.RunRequest;
import io.homesales.cleaning.run.RunStatus;
import io.homesales.cleaning.run.RunSummary;
import io.homesales.cleaning.run.RunTrigger;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.store.Faults;
import io.homesales.cleaning.store.Schema;
import io.homesales.cleaning.store.UpstreamTables;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.net.BindException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The commands that talk to a configured database. They block the main thread, never an event loop. */
final class Commands {

  private static final Logger LOG = LoggerFactory.getLogger(Commands.class);
  /** How long {@code run-once} waits for its notifications' receivers before it exits. */
  static final long NOTIFY_DRAIN_SECONDS = 10;

  private Commands() {}

  /**
   * Deploys the operations server (when a port is set) and then the job, and serves until SIGTERM or SIGINT:
   * then Vert.x closes, which undeploys both (the run in flight writes the records already sent and is recorded
   * as interrupted) and closes the pool; exit 0 once closed, 1 if that took longer than Docker's grace allows.
   * The server comes first: a port that cannot be bound stops everything before a run starts (exit status 2, one
   * line naming the setting).
   */
  static int scheduler(JobSettings settings, HttpSettings http, PrintStream err) throws InterruptedException {
    Stopping stopping = Stopping.install();
    Vertx vertx = Vertx.vertx();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    if (http.enabled()) {
      try {
        await(vertx.deployVerticle(new OperationsServer(settings.addresses(), http, registry)), 60);
      } catch (Exception e) {
        err.println("cleaning-job: " + serverProblem(http, e));
        awaitQuietly(vertx.close(), 10);
        return Main.USAGE;
      }
    }
    if (!stopping.installed()) { // the JVM's own handling: close on the way out, exit 128 + the signal
      Runtime.getRuntime().addShutdownHook(new Thread(() -> close(vertx), "shutdown"));
    }
    try {
      await(vertx.deployVerticle(new CleaningJobVerticle(registry),
          new DeploymentOptions().setConfig(settings.toJson())), 60);
    } catch (Exception e) {
      err.println("cleaning-job: could not start the job: " + Faults.message(e));
      awaitQuietly(vertx.close(), 10);
      return Main.FAILED;
    }
    stopping.await();
    return close(vertx) ? Main.OK : Main.FAILED;
  }

  /** Closes Vert.x within 9 s (Docker sends SIGKILL 10 s after SIGTERM); whether it closed in time. */
  private static boolean close(Vertx vertx) {
    try {
      await(vertx.close(), 9);
      LOG.info("stopped");
      return true;
    } catch (Exception e) {
      LOG.warn("could not stop cleanly within 9 s: {}", Faults.message(e));
      return false;
    }
  }

  /**
   * Why the operations server did not start, naming the setting to change: the port (or host) when it cannot be
   * bound, the TLS files when HTTPS cannot be served from them.
   */
  static String serverProblem(HttpSettings http, Exception e) {
    String cause = Faults.message(e);
    boolean bind = false;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = String.valueOf(t.getMessage());
      bind |= t instanceof BindException || message.contains("bind(") || message.contains("in use")
          || message.contains("assign requested address");
    }
    if (!bind && http.tls()) {
      return HttpSettings.TLS_CERT.env() + ", " + HttpSettings.TLS_KEY.env() + ": cannot serve HTTPS from "
          + http.tlsCert() + " and " + http.tlsKey() + " (" + cause + ")";
    }
    return HttpSettings.PORT.env() + "=" + http.port() + ": cannot listen on " + http.host() + ":" + http.port()
        + " (" + cause + ")";
  }

  /**
   * One run, its summary on stdout. SIGTERM or SIGINT interrupts it: the records already sent are written, the
   * run is recorded as interrupted, and the exit status is 128 + the signal's number ({@link Stopping}).
   */
  static int runOnce(JobSettings settings, boolean dryRun, boolean force, PrintStream out, PrintStream err)
      throws Exception {
    Vertx vertx = Vertx.vertx();
    RunOnce.Started started = RunOnce.start(vertx, settings, new RunRequest(RunTrigger.MANUAL, dryRun, null, null,
        force));
    Stopping stopping = interruptOnSignal(started);
    try {
      // The summary is printed while the pool closes; closing Vert.x below waits for both.
      RunSummary summary = await(started.ended(), 24 * 3600);
      // Jackson's streaming writer, as Vert.x's JSON codec without the object mapper: loading the mapper for
      // this one line costs a fresh JVM a noticeable pause after the last record (docs/performance.md).
      out.println(new JacksonCodec().toString(summary.toJson(), true));
      notify(vertx, settings, started, summary);
      if (stopping.signal() != 0 && summary.status() == RunStatus.INTERRUPTED) {
        return Stopping.interruptedStatus(stopping.signal());
      }
      return summary.succeeded() ? Main.OK : Main.FAILED;
    } catch (Exception e) {
      if (!Faults.operational(e)) {
        throw e;
      }
      err.println("cleaning-job: run failed: " + Faults.message(e));
      return Main.FAILED;
    } finally {
      awaitQuietly(vertx.close(), 10);
    }
  }

  /**
   * The run's notifications, when any URL is set (docs/quality-gates.md): decided as the scheduler decides them,
   * and sent before the process exits, waiting at most {@link #NOTIFY_DRAIN_SECONDS} for slow receivers.
   */
  private static void notify(Vertx vertx, JobSettings settings, RunOnce.Started started, RunSummary summary) {
    if (!settings.notifications().enabled()) {
      return;
    }
    Notifier notifier = new Notifier(vertx, vertx.getOrCreateContext(), settings.notifications());
    Pool pool = settings.pool(vertx, 1);
    try {
      await(new Alerts(pool, notifier, settings.gates().mode()).runEnded(started.run(), summary), 60);
      await(notifier.drained(NOTIFY_DRAIN_SECONDS * 1000), NOTIFY_DRAIN_SECONDS + 5);
    } catch (Exception notSent) {
      LOG.warn("run {}: its notifications were not all sent: {}", summary.runId(), Faults.message(notSent));
    } finally {
      awaitQuietly(notifier.close(), 10);
      awaitQuietly(pool.close(), 10);
    }
  }

  /**
   * SIGTERM or SIGINT interrupts the run: it finishes the records in hand and records itself as interrupted. A run
   * that has not ended 8 s later (a write stuck on a lock) is left for the server to roll back: the process exits.
   */
  static Stopping interruptOnSignal(RunOnce.Started started) {
    Stopping stopping = Stopping.install(signal -> {
      started.run().interrupt();
      awaitQuietly(started.result(), 8);
      if (!started.result().isComplete()) {
        System.exit(Stopping.interruptedStatus(signal));
      }
    });
    if (!stopping.installed()) { // the JVM's own handling: interrupt on the way out, exit 128 + the signal
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        started.run().interrupt();
        awaitQuietly(started.result(), 8);
      }, "shutdown"));
    }
    return stopping;
  }

  static int initSchema(JobSettings settings, boolean withUpstream, PrintStream out, PrintStream err)
      throws Exception {
    try (CommandPool db = CommandPool.open(settings)) {
      Pool pool = db.pool();
      await(withUpstream ? Schema.applyAll(pool) : Schema.applyJobTables(pool), 120);
      out.println("schema applied" + (withUpstream ? " (job and upstream tables)" : " (job tables)"));
      return Main.OK;
    } catch (DatabaseException missing) {
      if (!"42P01".equals(missing.getSqlState()) || withUpstream) {
        return failed("init-schema", missing, err);
      }
      err.println("cleaning-job: init-schema failed: " + Faults.message(missing) + "; the job's tables refer to the"
          + " upstream ones: create those first, or add --with-upstream to create them empty");
      return Main.FAILED;
    } catch (Exception e) {
      return failed("init-schema", e, err);
    }
  }

  /** The upstream tables (if missing) and the shipped sample, into a database whose raw events table is empty. */
  static int loadSample(JobSettings settings, PrintStream out, PrintStream err) throws Exception {
    try (CommandPool db = CommandPool.open(settings)) {
      Pool pool = db.pool();
      await(Schema.applyUpstreamTables(pool), 120);
      long present = await(pool.query("SELECT count(*) FROM raw_home_sale_events").execute(), 60).iterator().next()
          .getLong(0);
      if (present > 0) {
        err.println("cleaning-job: load-sample: raw_home_sale_events already holds " + present + " events;"
            + " the sample loads only into an empty table, and nothing was changed");
        return Main.FAILED;
      }
      int events = await(SampleData.load(new UpstreamTables(pool)), 300);
      out.println("loaded " + events + " raw events (King County sales, May 2014 - May 2015) and their enrichment"
          + " rows; next: cleaning-job init-schema (if not done), then cleaning-job run-once");
      return Main.OK;
    } catch (Exception e) {
      return failed("load-sample", e, err);
    }
  }

  /** An operational fault ends the command with one line and status 1; a bug is thrown on, for its stack trace. */
  static int failed(String command, Exception e, PrintStream err) throws Exception {
    if (!Faults.operational(e)) {
      throw e;
    }
    err.println("cleaning-job: " + command + " failed: " + Faults.message(e));
    return Main.FAILED;
  }

  static <T> T await(Future<T> future, long seconds) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  static void awaitQuietly(Future<?> future, long seconds) {
    try {
      await(future, seconds);
    } catch (Exception e) {
      LOG.warn("while closing: {}", Faults.message(e));
    }
  }
}
