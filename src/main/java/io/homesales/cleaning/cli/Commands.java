package io.homesales.cleaning.cli;

import io.homesales.cleaning.http.HttpSettings;
import io.homesales.cleaning.http.OperationsServer;
import io.homesales.cleaning.job.CleaningJobVerticle;
import io.homesales.cleaning.job.JobSettings;
import io.homesales.cleaning.job.OneRun;
import io.homesales.cleaning.job.RunSummary;
import io.homesales.cleaning.job.RunTrigger;
import io.homesales.cleaning.store.Schema;
import io.homesales.cleaning.store.UpstreamTables;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The commands that talk to a configured database. They block the main thread, never an event loop. */
final class Commands {

  private static final Logger LOG = LoggerFactory.getLogger(Commands.class);

  private Commands() {}

  /**
   * Deploys the operations server (when a port is set) and then the job, and keeps running; SIGTERM closes
   * Vert.x, which undeploys both and closes the pool. The server comes first: a port that cannot be bound
   * stops everything before a run starts (exit status 2, one line naming the setting).
   */
  static int scheduler(JobSettings settings, HttpSettings http, PrintStream err) {
    Vertx vertx = Vertx.vertx();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    if (http.enabled()) {
      try {
        await(vertx.deployVerticle(new OperationsServer(settings.addresses(), http, registry)), 60);
      } catch (Exception e) {
        err.println("cleaning-job: " + HttpSettings.PORT.env() + "=" + http.port() + ": cannot listen on "
            + http.host() + ":" + http.port() + " (" + e.getMessage() + ")");
        awaitQuietly(vertx.close(), 10);
        return Main.USAGE;
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping");
      awaitQuietly(vertx.close(), 9); // Docker sends SIGKILL 10 s after SIGTERM
    }, "shutdown"));
    try {
      await(vertx.deployVerticle(new CleaningJobVerticle(registry),
          new DeploymentOptions().setConfig(settings.toJson())), 60);
      return Main.RUNNING;
    } catch (Exception e) {
      LOG.error("could not start the job: {}", e.getMessage());
      awaitQuietly(vertx.close(), 10);
      return Main.FAILED;
    }
  }

  static int runOnce(JobSettings settings, boolean dryRun, PrintStream out, PrintStream err) {
    Vertx vertx = Vertx.vertx();
    OneRun.Started started = OneRun.start(vertx, settings, RunTrigger.MANUAL, dryRun);
    // SIGTERM: finish the record in hand, record the run as interrupted, then let the JVM exit.
    Thread interrupter = new Thread(() -> {
      started.run().interrupt();
      awaitQuietly(started.result(), 8);
    }, "shutdown");
    Runtime.getRuntime().addShutdownHook(interrupter);
    try {
      // The summary is printed while the pool closes; closing Vert.x below waits for both.
      RunSummary summary = await(started.ended(), 24 * 3600);
      Runtime.getRuntime().removeShutdownHook(interrupter);
      // Jackson's streaming writer, as Vert.x's JSON codec without the object mapper: loading the mapper for
      // this one line cost a fresh JVM about 0.3 s after the last record.
      out.println(new JacksonCodec().toString(summary.toJson(), true));
      return summary.succeeded() ? Main.OK : Main.FAILED;
    } catch (Exception e) {
      err.println("cleaning-job: run failed: " + e.getMessage());
      return Main.FAILED;
    } finally {
      awaitQuietly(vertx.close(), 10);
    }
  }

  static int initSchema(JobSettings settings, boolean withUpstream, PrintStream out, PrintStream err) {
    try (CommandPool db = CommandPool.open(settings)) {
      Pool pool = db.pool();
      await(withUpstream ? Schema.applyAll(pool) : Schema.applyJobTables(pool), 120);
      out.println("schema applied" + (withUpstream ? " (job and upstream tables)" : " (job tables)"));
      return Main.OK;
    } catch (Exception e) {
      err.println("cleaning-job: init-schema failed: " + e.getMessage());
      return Main.FAILED;
    }
  }

  /** The upstream tables (if missing) and the shipped sample, into a database whose raw events table is empty. */
  static int loadSample(JobSettings settings, PrintStream out, PrintStream err) {
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
      int events = await(new UpstreamTables(pool).loadSample(), 300);
      out.println("loaded " + events + " raw events (King County sales, May 2014 - May 2015) and their enrichment"
          + " rows; next: cleaning-job init-schema (if not done), then cleaning-job run-once");
      return Main.OK;
    } catch (Exception e) {
      err.println("cleaning-job: load-sample failed: " + e.getMessage());
      return Main.FAILED;
    }
  }

  static <T> T await(Future<T> future, long seconds) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  static void awaitQuietly(Future<?> future, long seconds) {
    try {
      await(future, seconds);
    } catch (Exception e) {
      LOG.warn("while closing: {}", e.getMessage());
    }
  }
}
