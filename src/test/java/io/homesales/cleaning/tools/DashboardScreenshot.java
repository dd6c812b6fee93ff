package io.homesales.cleaning.tools;

import io.homesales.cleaning.embedded.LocalPostgres;
import io.homesales.cleaning.http.HttpSettings;
import io.homesales.cleaning.http.OperationsServer;
import io.homesales.cleaning.job.CleaningJobVerticle;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.store.Schema;
import io.homesales.cleaning.store.UpstreamTables;
import io.homesales.cleaning.support.Browser;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.By;

/**
 * Makes docs/dashboard.png: what {@code demo --serve} shows (the King County sample, cleaned by one run of the
 * serving job) on an embedded PostgreSQL, the job and its dashboard, a headless Chromium 1280 px wide (or as wide as the
 * second argument says), the whole page. Run: {@code ./mvnw -q -Pscreenshot test-compile exec:java} (needs
 * Debian's chromium and chromium-driver).
 */
public final class DashboardScreenshot {

  private DashboardScreenshot() {}

  public static void main(String[] args) throws Exception {
    Path target = Path.of(args.length > 0 ? args[0] : "docs/dashboard.png");
    int width = args.length > 1 ? Integer.parseInt(args[1]) : 1280;
    Vertx vertx = Vertx.vertx();
    try (LocalPostgres pg = LocalPostgres.start()) {
      JsonObject config = new JsonObject().put("host", pg.host()).put("port", pg.port()).put("database", pg.database())
          .put("user", pg.user()).put("sslMode", "disable").put("runOnStart", false);
      JobSettings settings = JobSettings.fromJson(config);
      Pool pool = PgBuilder.pool().connectingTo(settings.connectOptions()).using(vertx).build();
      await(Schema.applyAll(pool).compose(v -> SampleData.load(new UpstreamTables(pool))).eventually(pool::close));
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      OperationsServer server = new OperationsServer(settings.addresses(),
          new HttpSettings(0, "127.0.0.1", null, true, null, null), registry);
      await(vertx.deployVerticle(server));
      await(vertx.deployVerticle(new CleaningJobVerticle(registry), new DeploymentOptions().setConfig(config)));
      // The run demo --serve makes: one, through the serving job's event-bus address.
      await(vertx.eventBus().request(settings.addresses().run(), new JsonObject().put("note", "demo"),
          new DeliveryOptions().setSendTimeout(300_000)));
      try (Browser browser = Browser.start()) {
        browser.viewport(width, 900);
        browser.driver().get("http://127.0.0.1:" + server.port() + "/");
        browser.await(d -> "loaded".equals(d.findElement(By.tagName("body")).getAttribute("data-charts")));
        Thread.sleep(500);
        long height = (Long) browser.script("return document.documentElement.scrollHeight");
        browser.viewport(width, (int) height);
        Thread.sleep(300);
        Map<String, Object> shot = browser.cdp("Page.captureScreenshot", Map.of("format", "png"));
        byte[] png = java.util.Base64.getDecoder().decode((String) shot.get("data"));
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.write(target, png);
        System.out.println("wrote " + target + " (" + png.length + " bytes, " + width + " x " + height + ")");
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
  }
}
