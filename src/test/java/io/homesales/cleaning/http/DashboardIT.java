package io.homesales.cleaning.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.sample.EventGenerator;
import io.homesales.cleaning.sample.SampleData;
import io.homesales.cleaning.support.Blocker;
import io.homesales.cleaning.support.Browser;
import io.homesales.cleaning.support.JobUnderTest;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real headless Chromium, against the job on a real PostgreSQL with known data: what it shows
 * equals what the database holds, it stays quiet (no console error, no failed request), its actions need the
 * token and a confirmation, its progress moves during a run, and it holds at 390 px.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class DashboardIT {

  private final TestDatabase db;
  private Vertx vertx;
  private JobUnderTest job;
  private Browser browser;
  private String origin;

  DashboardIT(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    db.truncateAll();
    Sample.loadEnrichment(db);
    Sample.loadEvents(db, SampleData.events().subList(0, 1_000));
    Sample.loadEvents(db, new EventGenerator(61).events(10_000, 300)); // every kind of rejection
    browser = Browser.start();
    // One record at a time, unpipelined: a held record stops the run where the test expects it.
    job = JobUnderTest.start(vertx, db, new JsonObject().put("pipeline", 1), JobUnderTest.TOKEN, true);
    origin = job.http().base();
    for (int run = 0; run < 3; run++) {
      String runId = job.authorized().post("/api/v1/runs", new JsonObject().put("maxRecords", 500).encode()).json()
          .getString("runId");
      job.awaitEnded(db, runId);
    }
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (job != null) {
      job.close();
    }
  }

  private WebDriver open() {
    WebDriver driver = browser.driver();
    driver.get(origin + "/");
    browser.await(d -> "loaded".equals(d.findElement(By.tagName("body")).getAttribute("data-charts"))
        && "loaded".equals(d.findElement(By.tagName("body")).getAttribute("data-runs")));
    return driver;
  }

  private void assertQuiet() {
    browser.collectLogs(origin);
    assertEquals(List.of(), browser.severeConsoleMessages(), "console errors");
    assertEquals(List.of(), browser.failedRequests(), "failed requests");
  }

  @Test
  void itLoadsQuietlyAndShowsWhatTheDatabaseHolds() {
    WebDriver driver = open();
    assertEquals("idle", driver.findElement(By.id("state")).getText());

    List<Row> runs = db.query("SELECT run_id, status, cleaned, rejected FROM cleaning_job_runs"
        + " ORDER BY started_at DESC, run_id DESC");
    List<WebElement> rows = driver.findElements(By.cssSelector("#runs tbody tr"));
    assertEquals(runs.size(), rows.size());
    for (int i = 0; i < runs.size(); i++) {
      List<WebElement> cells = rows.get(i).findElements(By.tagName("td"));
      assertEquals(runs.get(i).getUUID("run_id").toString(), rows.get(i).getAttribute("data-run-id"));
      assertEquals(runs.get(i).getString("status"), cells.get(0).findElement(By.className("badge")).getText());
      assertEquals(String.valueOf(runs.get(i).getInteger("cleaned")), cells.get(5).getText());
      assertEquals(String.valueOf(runs.get(i).getInteger("rejected")), cells.get(6).getText());
    }

    // The data-quality table: every reason's total, as SQL counts them.
    Map<String, Long> expected = new TreeMap<>();
    db.query("SELECT reason, count(*) FROM home_sales_processed, unnest(reasons) AS reason GROUP BY reason"
        + " ORDER BY count(*) DESC, reason LIMIT 10").forEach(r -> expected.put(r.getString(0), r.getLong(1)));
    Map<String, Long> shown = new TreeMap<>();
    for (WebElement row : driver.findElements(By.cssSelector("#top-reasons tbody tr"))) {
      List<WebElement> cells = row.findElements(By.tagName("td"));
      shown.put(cells.get(0).getText(), Long.parseLong(cells.get(1).getText()));
    }
    assertEquals(expected, shown);

    // The charts' numbers: records per run, cleaned and rejected, as the tables under them say.
    long cleaned = 0;
    for (Object cell : (List<?>) browser.script("return Array.from(document.querySelectorAll("
        + "'#chart-records table.numbers tbody tr td:nth-of-type(1)')).map(td => td.textContent)")) {
      cleaned += Long.parseLong((String) cell);
    }
    assertEquals(db.count("SELECT count(*) FROM home_sales_clean"), cleaned);

    // A run opens its details, with its rejections by reason.
    rows.get(0).findElement(By.tagName("button")).click();
    browser.await(d -> d.findElement(By.id("run-detail")).isDisplayed());
    Map<String, Long> reasons = new TreeMap<>();
    db.query("SELECT reason, count(*) FROM home_sales_processed, unnest(reasons) AS reason WHERE run_id = $1"
        + " GROUP BY reason", runs.get(0).getUUID("run_id")).forEach(r -> reasons.put(r.getString(0), r.getLong(1)));
    Map<String, Long> detail = new TreeMap<>();
    for (WebElement row : driver.findElements(By.cssSelector("#run-reasons tbody tr"))) {
      List<WebElement> cells = row.findElements(By.tagName("td"));
      detail.put(cells.get(0).getText(), Long.parseLong(cells.get(1).getText()));
    }
    assertEquals(reasons, detail);
    assertQuiet();
    String policy = job.http().get("/").header("Content-Security-Policy");
    assertTrue(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), policy);
  }

  @Test
  void aHeldJobShowsItsBannerWithTheVerdictAndTheTokenClearsIt() throws Exception {
    // 300 sales whose price key was renamed upstream: the next run trips the gates and holds the job.
    Sample.loadEvents(db, SampleData.events().subList(1_000, 1_300).stream().map(e -> new RawEvent(e.id(),
        e.receivedAt(), e.payload().replace("\"price\"", "\"sale_amount\""))).toList());
    String runId = job.authorized().post("/api/v1/runs", "{}").json().getString("runId");
    job.awaitEnded(db, runId);
    WebDriver driver = open();
    WebElement banner = driver.findElement(By.id("hold-banner"));
    browser.await(d -> banner.isDisplayed());
    assertEquals("held", driver.findElement(By.id("state")).getText());
    assertTrue(driver.findElement(By.id("hold-verdict")).getText().contains("gate reason:price:missing failed"),
        driver.findElement(By.id("hold-verdict")).getText());
    assertFalse(driver.findElement(By.id("hold-clear")).isEnabled(), "read-only without the token");
    // For a person to look at: target/dashboard-held.png.
    java.nio.file.Files.write(java.nio.file.Path.of("target", "dashboard-held.png"), browser.screenshot());

    driver.findElement(By.id("token")).sendKeys(JobUnderTest.TOKEN);
    driver.findElement(By.id("token-save")).click();
    browser.await(d -> d.findElement(By.id("hold-clear")).isEnabled());
    driver.findElement(By.id("hold-clear")).click();
    WebElement dialog = driver.findElement(By.id("confirm"));
    browser.await(d -> dialog.isDisplayed());
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_control WHERE held_at IS NOT NULL"),
        "nothing before the confirmation");
    driver.findElement(By.id("confirm-yes")).click();
    browser.await(d -> d.findElement(By.id("action-result")).getText().contains("cleared"));
    browser.await(d -> !banner.isDisplayed());
    assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_control WHERE held_at IS NOT NULL"));
    assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_gate_actions WHERE action = 'cleared'"
        + " AND acted_by LIKE 'api:%'"));
    assertQuiet();
  }

  @Test
  void runNowNeedsTheTokenThenAConfirmationAndTheRunAppears() {
    Sample.loadEvents(db, new EventGenerator(62).events(20_000, 10));
    WebDriver driver = open();
    WebElement runNow = driver.findElement(By.id("run-now"));
    assertFalse(runNow.isEnabled(), "read-only without the token");
    assertTrue(driver.findElement(By.id("actions-why")).getText().contains("need the API token"));
    assertTrue(driver.findElement(By.id("mode")).getText().startsWith("Read-only"));

    driver.findElement(By.id("token")).sendKeys(JobUnderTest.TOKEN);
    driver.findElement(By.id("token-save")).click();
    browser.await(d -> d.findElement(By.id("run-now")).isEnabled());
    assertEquals(JobUnderTest.TOKEN, browser.script("return sessionStorage.getItem('cleaning-job.api-token')"));
    assertEquals("", browser.script("return document.cookie"), "never in a cookie");
    assertFalse(driver.getCurrentUrl().contains(JobUnderTest.TOKEN), "never in the URL");

    long before = db.count("SELECT count(*) FROM cleaning_job_runs");
    runNow.click();
    WebElement dialog = driver.findElement(By.id("confirm"));
    browser.await(d -> dialog.isDisplayed());
    assertEquals("confirm-no", browser.script("return document.activeElement.id"), "the safe choice has the focus");
    assertEquals(before, db.count("SELECT count(*) FROM cleaning_job_runs"), "nothing before the confirmation");
    driver.findElement(By.id("confirm-no")).click();
    assertFalse(dialog.isDisplayed());
    assertEquals(before, db.count("SELECT count(*) FROM cleaning_job_runs"), "backing out starts nothing");

    runNow.click();
    browser.await(d -> dialog.isDisplayed());
    driver.findElement(By.id("confirm-yes")).click();
    browser.await(d -> d.findElement(By.id("action-result")).getText().contains("started"));
    db.awaitCount("SELECT count(*) FROM cleaning_job_runs", before + 1);
    String newest = db.query("SELECT run_id FROM cleaning_job_runs ORDER BY started_at DESC LIMIT 1").get(0)
        .getUUID(0).toString();
    browser.await(d -> newest.equals(d.findElement(By.cssSelector("#runs tbody tr")).getAttribute("data-run-id")));
    assertQuiet();
  }

  @Test
  void theProgressMovesWhileARunIsInFlightAndStatusIsPolledAtMostOnceASecond() {
    Sample.loadEvents(db, new EventGenerator(63).events(30_000, 100));
    List<Long> newestFirst = new ArrayList<>();
    db.query("SELECT id FROM raw_home_sale_events WHERE id >= 30000 ORDER BY received_at DESC, id DESC")
        .forEach(r -> newestFirst.add(r.getLong(0)));
    WebDriver driver = open();
    try (Blocker blocker = Blocker.inStages(db, new long[] {newestFirst.get(10)}, new long[] {newestFirst.get(60)})) {
      job.authorized().post("/api/v1/runs", "{}");
      blocker.awaitJobWaiting();
      browser.await(d -> d.findElement(By.id("state")).getText().equals("running"));
      // The card is drawn anew at each poll: read it whole, in the page.
      browser.await(d -> runDone().startsWith("10 of 100"));
      blocker.releaseStage(0);
      blocker.awaitJobWaiting();
      browser.await(d -> runDone().startsWith("60 of 100"));
      assertEquals(60L, browser.script("return document.querySelector('#current-run progress').value"));

      browser.collectLogs(origin);
      browser.clearRequests();
      io.homesales.cleaning.support.Blocker.sleep(3_000);
      browser.collectLogs(origin);
      long polls = browser.requests().stream().filter(path -> path.startsWith("/api/v1/status")).count();
      assertTrue(polls >= 2 && polls <= 4, "status polled about once a second: " + polls + " in 3 s");

      // A hidden tab stops polling, and a visible one starts again.
      browser.script("Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});"
          + " document.dispatchEvent(new Event('visibilitychange'));");
      io.homesales.cleaning.support.Blocker.sleep(500);
      browser.collectLogs(origin);
      browser.clearRequests();
      io.homesales.cleaning.support.Blocker.sleep(2_500);
      browser.collectLogs(origin);
      assertEquals(0, browser.requests().stream().filter(path -> path.startsWith("/api/v1/status")).count(),
          "no polling while hidden");
      browser.script("Object.defineProperty(document, 'hidden', {configurable: true, get: () => false});"
          + " document.dispatchEvent(new Event('visibilitychange'));");
      blocker.release();
    }
    browser.await(d -> d.findElement(By.id("state")).getText().equals("idle"));
    assertQuiet();
  }

  private String runDone() {
    return String.valueOf(browser.script("var done = document.getElementById('run-done');"
        + " return done ? done.textContent : '';"));
  }

  @Test
  void aFailedRunShowsItsErrorAndAWarning() {
    Sample.loadEvents(db, new EventGenerator(64).events(40_000, 5));
    db.execute("CREATE OR REPLACE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS"
        + " $$ BEGIN RAISE EXCEPTION 'disk on fire' USING ERRCODE = '40001'; END $$;"
        + " CREATE TRIGGER test_fail BEFORE INSERT ON home_sales_processed FOR EACH ROW EXECUTE FUNCTION test_fail()");
    try {
      String runId = job.authorized().post("/api/v1/runs", "{}").json().getString("runId");
      job.awaitEnded(db, runId);
      assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE run_id = '" + runId + "' AND status = 'failed'"));
    } finally {
      db.execute("DROP TRIGGER test_fail ON home_sales_processed");
    }
    WebDriver driver = open();
    WebElement newest = driver.findElement(By.cssSelector("#runs tbody tr"));
    assertEquals("failed", newest.findElement(By.className("badge")).getText());
    assertTrue(newest.findElement(By.className("error-text")).getText().contains("disk on fire"), newest.getText());
    browser.await(d -> d.findElement(By.id("warnings")).getText().contains("The last run failed"));
    assertTrue(driver.findElement(By.id("warnings")).getText().contains("disk on fire"));
    assertQuiet();
  }

  @Test
  void theLayoutHoldsAt390And1280Pixels() throws Exception {
    for (int width : new int[] {390, 1280}) {
      browser.viewport(width, 844);
      open();
      long scrollWidth = (Long) browser.script("return document.documentElement.scrollWidth");
      long innerWidth = (Long) browser.script("return window.innerWidth");
      assertEquals(width, innerWidth);
      assertTrue(scrollWidth <= innerWidth, "no sideways scrolling at " + width + " px: " + scrollWidth + "; too wide: "
          + browser.script("return Array.from(document.querySelectorAll('body *')).filter(e =>"
              + " e.getBoundingClientRect().right > innerWidth + 0.5 && !e.closest('.table-wrap, details'))"
              + ".slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + (typeof e.className === 'string' ? e.className"
              + " : '') + ' ' + Math.round(e.getBoundingClientRect().right))"));
      // Every action is a button the keyboard reaches.
      assertEquals(0L, browser.script("return Array.from(document.querySelectorAll('button')).filter(b =>"
          + " b.tabIndex < 0).length"));
    }
    assertQuiet();
  }

  @Test
  void withoutPublicReadsThePageAsksForTheTokenAndSendsItInTheHeader() {
    job.close();
    job = JobUnderTest.start(vertx, db, new JsonObject(), JobUnderTest.TOKEN, false);
    origin = job.http().base();
    WebDriver driver = browser.driver();
    driver.get(origin + "/");
    browser.await(d -> d.findElement(By.id("mode")).getText().contains("needs the API token to be read"));
    driver.findElement(By.id("token")).sendKeys(JobUnderTest.TOKEN);
    driver.findElement(By.id("token-save")).click();
    browser.await(d -> "loaded".equals(d.findElement(By.tagName("body")).getAttribute("data-runs")));
    assertEquals(3, driver.findElements(By.cssSelector("#runs tbody tr")).size());
    browser.collectLogs(origin);
    // The first reads were refused (401) until the token was given: those are the only failures.
    assertTrue(browser.failedRequests().stream().allMatch(failure -> failure.startsWith("401 ")),
        browser.failedRequests().toString());
  }
}
