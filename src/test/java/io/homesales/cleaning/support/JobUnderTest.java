package io.homesales.cleaning.support;

import static io.homesales.cleaning.support.TestDatabase.await;

import io.homesales.cleaning.http.HttpSettings;
import io.homesales.cleaning.http.OperationsServer;
import io.homesales.cleaning.job.CleaningJobVerticle;
import io.homesales.cleaning.settings.JobSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The job as the container runs it, in the test's Vert.x: the verticle on a test database and the operations
 * server on a free port of loopback, sharing one Prometheus registry.
 */
public final class JobUnderTest implements AutoCloseable {

  public static final String TOKEN = "test-token-0123456789abcdef";

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final String jobDeployment;
  private final String serverDeployment;
  private final int port;
  private final String token;

  private JobUnderTest(Vertx vertx, JsonObject config, String token, boolean publicReads) {
    this.vertx = vertx;
    this.token = token;
    JobSettings settings = JobSettings.fromJson(config);
    OperationsServer server = new OperationsServer(settings.addresses(),
        new HttpSettings(0, "127.0.0.1", token, publicReads, null, null), registry);
    this.serverDeployment = await(vertx.deployVerticle(server));
    this.port = server.port();
    this.jobDeployment = await(vertx.deployVerticle(new CleaningJobVerticle(registry),
        new DeploymentOptions().setConfig(config)));
  }

  /**
   * Starts both on {@code db} with {@code config} added to its connection settings; no startup run and a
   * schedule an hour apart unless the config says otherwise.
   */
  public static JobUnderTest start(Vertx vertx, TestDatabase db, JsonObject config, String token,
      boolean publicReads) {
    JsonObject full = db.config().put("runOnStart", false).put("intervalSeconds", 3600).mergeIn(config);
    return new JobUnderTest(vertx, full, token, publicReads);
  }

  public static JobUnderTest start(Vertx vertx, TestDatabase db) {
    return start(vertx, db, new JsonObject(), TOKEN, true);
  }

  public Http http() {
    return new Http("http://127.0.0.1:" + port);
  }

  public Http authorized() {
    return http().withToken(TOKEN);
  }

  /**
   * Waits until run {@code runId} has ended in the history and the job has let go of it, so that the next
   * request to start a run is not refused as busy.
   */
  public void awaitEnded(TestDatabase db, String runId) {
    db.awaitCount("SELECT count(*) FROM cleaning_job_runs WHERE run_id = '" + runId + "' AND status <> 'running'", 1);
    Eventually.idle(token == null ? http() : http().withToken(token), "/api/v1/status");
  }

  public int port() {
    return port;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Undeploys the job only (the server stays): as when the job's verticle is gone from the event bus. */
  public void stopJob() {
    await(vertx.undeploy(jobDeployment));
  }

  @Override
  public void close() {
    if (vertx.deploymentIDs().contains(jobDeployment)) {
      await(vertx.undeploy(jobDeployment));
    }
    await(vertx.undeploy(serverDeployment));
  }
}
