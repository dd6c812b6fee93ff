package io.homesales.cleaning.http;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.job.CleaningJobVerticle;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.settings.Addresses;
import io.homesales.cleaning.support.Eventually;
import io.homesales.cleaning.support.Http;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A host application mounts the job's router under a prefix of its own router, beside its own routes: the API,
 * the metrics of the host's registry and the dashboard answer under the prefix, and the host's routes are
 * untouched.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class EmbeddedRouterTest {

  @Test
  void theRouterWorksUnderAnyPrefixOfAHostApplication(Vertx vertx, TestDatabase db) {
    db.truncateAll();
    Sample.loadEnrichment(db);
    Sample.loadEvents(db, SampleData.events().subList(0, 100));
    PrometheusMeterRegistry hostRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    String job = await(vertx.deployVerticle(new CleaningJobVerticle(hostRegistry),
        new DeploymentOptions().setConfig(db.config().put("intervalSeconds", 0))));
    Router host = Router.router(vertx);
    host.get("/hello").handler(ctx -> ctx.end("host"));
    host.route("/ops/cleaning/*").subRouter(OperationsApi.router(vertx, Addresses.DEFAULT,
        HttpSettings.mounted("embedded-token-0123456789"), hostRegistry));
    // The same job behind a second prefix whose reads need the token too.
    host.route("/private/cleaning/*").subRouter(OperationsApi.router(vertx, Addresses.DEFAULT,
        HttpSettings.mounted("embedded-token-0123456789").withPublicReads(false), hostRegistry));
    HttpServer server = await(vertx.createHttpServer().requestHandler(host).listen(0, "127.0.0.1"));
    try {
      Http http = new Http("http://127.0.0.1:" + server.actualPort());
      assertEquals("host", http.get("/hello").body());
      db.awaitCount("SELECT count(*) FROM cleaning_job_runs WHERE status = 'succeeded'", 1); // its startup run
      Eventually.idle(http, "/ops/cleaning/api/v1/status");
      assertEquals("idle", http.get("/ops/cleaning/api/v1/status").json().getString("state"));
      assertEquals(1, http.get("/ops/cleaning/api/v1/runs").json().getJsonArray("runs").size());
      assertTrue(http.get("/ops/cleaning/metrics").body().contains("cleaning_job_runs_total"));
      Http.Answer page = http.get("/ops/cleaning/");
      assertEquals(200, page.status());
      assertTrue(page.body().contains("src=\"assets/app.js\""), "the page's links are relative to the prefix");
      assertEquals(200, http.get("/ops/cleaning/assets/app.js").status());
      assertEquals(200, http.get("/ops/cleaning/health/ready").status());
      // Its JSON errors hold under the prefix too.
      Http.Answer missing = http.get("/ops/cleaning/api/v1/nope");
      assertEquals(404, missing.status());
      assertEquals(404, missing.json().getInteger("status"));
      Http.Answer wrongMethod = http.send("DELETE", "/ops/cleaning/api/v1/status", null, Map.of());
      assertEquals(405, wrongMethod.status());
      assertEquals("GET, HEAD", wrongMethod.header("Allow"));
      assertEquals(401, http.get("/private/cleaning/api/v1/status").status(), "withPublicReads(false)");
      assertEquals(200, http.withToken("embedded-token-0123456789").get("/private/cleaning/api/v1/status").status());
      assertEquals(202, http.withToken("embedded-token-0123456789").post("/ops/cleaning/api/v1/runs", "{}").status());
    } finally {
      await(server.close());
      await(vertx.undeploy(job));
    }
  }
}
