package io.homesales.cleaning.cli;

import static io.homesales.cleaning.cli.FatJarIT.jar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.cli.FatJarIT.Result;
import io.homesales.cleaning.http.HttpSettings;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.settings.SettingsReader.Key;
import io.homesales.cleaning.support.Blocker;
import io.homesales.cleaning.support.Invariants;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The commands a user types, through the packaged jar: {@code load-sample}, {@code reprocess}, {@code await},
 * {@code --help}; each exit status, the JSON on stdout and the one-line errors on stderr.
 */
@ExtendWith(PostgresExtension.class)
class CommandsIT {

  private final TestDatabase db;

  CommandsIT(TestDatabase db) {
    this.db = db;
  }

  @Test
  void helpNamesEveryCommandAndEverySetting() throws Exception {
    Result help = jar(Map.of(), "--help");
    assertEquals(0, help.exit());
    for (String command : List.of("run", "run-once", "init-schema", "load-sample", "reprocess", "hold", "await",
        "demo")) {
      assertTrue(help.out().contains("\n  " + command + " "), command);
    }
    for (Key key : JobSettings.KEYS) {
      assertTrue(help.out().contains(key.env()), key.env());
    }
    for (Key key : HttpSettings.KEYS) {
      assertTrue(help.out().contains(key.env()), key.env());
    }
  }

  @Test
  void holdShowsTheQualityHoldAndClearsItAndRunOnceForceWritesPastTheProbe() throws Exception {
    db.truncateAll();
    Sample.loadAll(db);
    db.execute("UPDATE raw_home_sale_events SET payload = replace(payload, '\"price\"', '\"sale_amount\"')");
    Result notHeld = jar(db.env(), "hold", "--clear");
    assertEquals(1, notHeld.exit(), notHeld.err());
    assertTrue(notHeld.err().contains("the quality gates do not hold the job: nothing to clear"), notHeld.err());
    assertEquals(1, jar(db.env(), "run-once").exit(), "the renamed key trips the gates");

    Result shown = jar(db.env(), "hold");
    assertEquals(0, shown.exit(), shown.err());
    JsonObject hold = new JsonObject(shown.out());
    assertTrue(hold.getBoolean("held"));
    assertTrue(hold.getJsonObject("hold").getString("verdict").startsWith("gate reason:price:missing failed"));
    assertEquals("held", hold.getJsonArray("actions").getJsonObject(0).getString("action"));

    // A held run probes and writes nothing; --force writes, and the gates stop it again.
    long processed = db.count("SELECT count(*) FROM home_sales_processed");
    Result probed = jar(db.env(), "run-once");
    assertEquals("skipped", new JsonObject(probed.out()).getString("status"));
    assertEquals(processed, db.count("SELECT count(*) FROM home_sales_processed"));
    Result forced = jar(db.env(), "run-once", "--force");
    JsonObject run = new JsonObject(forced.out());
    assertEquals("failed", run.getString("status"));
    assertTrue(run.getInteger("rejected") >= 200, run.encode());

    assertEquals(2, jar(db.env(), "hold", "--clear", "--accept").exit(), "one of them");
    Result cleared = jar(db.env(), "hold", "--clear");
    assertEquals(0, cleared.exit(), cleared.err());
    assertEquals("cleared", new JsonObject(cleared.out()).getString("action"));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_gate_actions WHERE action = 'cleared'"
        + " AND acted_by LIKE 'cli:%'"));
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_control WHERE held_at IS NOT NULL"));
  }

  @Test
  void loadSampleFillsAnEmptyDatabaseAndRefusesAFullOne() throws Exception {
    db.truncateAll();
    Result loaded = jar(db.env(), "load-sample");
    assertEquals(0, loaded.exit(), loaded.err());
    assertTrue(loaded.out().startsWith("loaded 3000 raw events"), loaded.out());
    assertEquals(3000, db.count("SELECT count(*) FROM raw_home_sale_events"));
    assertTrue(db.count("SELECT count(*) FROM mortgage_rates") > 100);
    Result again = jar(db.env(), "load-sample");
    assertEquals(1, again.exit());
    assertTrue(again.err().contains("already holds 3000 events"), again.err());
    assertEquals(3000, db.count("SELECT count(*) FROM raw_home_sale_events"));
    Result run = jar(db.env(), "run-once");
    assertEquals(0, run.exit(), run.err());
    assertEquals(2993, new JsonObject(run.out()).getInteger("cleaned"));
  }

  @Test
  void reprocessPrintsWhatItMatchedAndExitsWithTheRightStatus() throws Exception {
    db.truncateAll();
    Sample.loadAll(db);
    assertEquals(0, jar(db.env(), "run-once").exit());

    Result dry = jar(db.env(), "reprocess", "--reason", "bedrooms:range", "--reason", "yr_renovated:*", "--dry-run");
    assertEquals(0, dry.exit(), dry.err());
    JsonObject answer = new JsonObject(dry.out());
    assertEquals(7, answer.getLong("matched"), "the sample's seven rejections");
    assertEquals(7, answer.getJsonArray("sample").size());
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_pending"));

    Result now = jar(db.env(), "reprocess", "--outcome", "rejected", "--run-now");
    assertEquals(0, now.exit(), now.err());
    JsonObject requeued = new JsonObject(now.out());
    assertEquals(7, requeued.getLong("requeued"));
    assertEquals("succeeded", requeued.getJsonObject("run").getString("status"));
    assertEquals(7, requeued.getJsonObject("run").getInteger("selected"));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_reprocess WHERE run_id IS NOT NULL"
        + " AND requested_by LIKE 'cli:%'"));
    Invariants.assertHold(db);

    for (List<String> bad : List.of(List.of("reprocess"), List.of("reprocess", "--reason", "price:high"),
        List.of("reprocess", "--id-range", "9-1"), List.of("reprocess", "--received-from", "monday"),
        List.of("reprocess", "--ids", "1,two"), List.of("reprocess", "--all", "--outcome", "cleaned"),
        List.of("reprocess", "--all", "--colour", "red"))) {
      Result refused = jar(db.env(), bad.toArray(String[]::new));
      assertEquals(2, refused.exit(), bad + ": " + refused.err());
      assertEquals("", refused.out(), bad.toString());
      assertEquals(1, refused.err().strip().lines().count(), bad + ": " + refused.err());
      assertTrue(refused.err().startsWith("cleaning-job: reprocess: --"), bad + ": " + refused.err());
    }
    assertEquals(2, db.count("SELECT count(*) FROM cleaning_job_reprocess"), "bad input changed nothing");
  }

  @Test
  void reprocessIsRefusedWithStatusOneWhileARunIsInFlight() throws Exception {
    db.truncateAll();
    Sample.loadAll(db);
    assertEquals(0, jar(db.env(), "run-once").exit());
    Sample.loadEvents(db, new io.homesales.cleaning.sample.EventGenerator(51).events(10_000, 20));
    long held = db.count("SELECT max(id) FROM raw_home_sale_events");
    Process run;
    try (Blocker blocker = Blocker.atEvent(db, held)) {
      ProcessBuilder builder = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin",
          "java").toString(), "-jar", "target/cleaning-job.jar", "run-once").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().putAll(db.env());
      run = builder.start();
      blocker.awaitJobWaiting();
      Result busy = jar(db.env(), "reprocess", "--all");
      assertEquals(1, busy.exit(), busy.err());
      assertTrue(new JsonObject(busy.out()).getString("error").startsWith("busy:"), busy.out());
      assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_reprocess"));
    }
    assertTrue(run.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
  }

  @Test
  void awaitExitsZeroWhenCompleteOneAtTheTimeoutTwoOnBadInput() throws Exception {
    db.truncateAll();
    Sample.loadAll(db);
    OffsetDateTime newest = db.query("SELECT max(received_at) FROM raw_home_sale_events").get(0).getOffsetDateTime(0);

    Result notYet = jar(db.env(), "await", "--through", newest.toString(), "--timeout", "2s", "--poll", "500ms");
    assertEquals(1, notYet.exit(), notYet.err());
    assertFalse(new JsonObject(notYet.out()).getBoolean("ready"));
    assertTrue(notYet.err().contains("timed out"), notYet.err());

    assertEquals(0, jar(db.env(), "run-once").exit());
    Result ready = jar(db.env(), "await", "--through", newest.toString(), "--timeout", "PT30S");
    assertEquals(0, ready.exit(), ready.err());
    assertTrue(new JsonObject(ready.out()).getBoolean("ready"));

    for (List<String> bad : List.of(List.of("await"), List.of("await", "--through", "tomorrow"),
        List.of("await", "--through", newest.toString(), "--timeout", "soon"),
        List.of("await", "--through", newest.toString(), "--poll", "0s"),
        List.of("await", "--through", newest.toString(), "--every", "1s"))) {
      Result refused = jar(db.env(), bad.toArray(String[]::new));
      assertEquals(2, refused.exit(), bad + ": " + refused.err());
      assertEquals(1, refused.err().strip().lines().count(), bad + ": " + refused.err());
    }
  }
}
