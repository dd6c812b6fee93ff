package io.homesales.cleaning.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium, Debian's, driven through its own chromedriver: Selenium Manager never runs (it
 * could not download a driver here). Missing Chromium skips the test with one line saying how to install it.
 * Keeps the browser's console and network logs, to check for errors and failed requests.
 */
public final class Browser implements AutoCloseable {

  static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
  static final String CHROMEDRIVER = System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver");
  /**
   * Selenium warns at every start that it has no DevTools bindings for this Chromium's exact version; the tests
   * use only CDP commands that every version has. Held here: java.util.logging keeps its loggers weakly.
   */
  private static final java.util.logging.Logger CDP_VERSION_FINDER =
      quiet("org.openqa.selenium.devtools.CdpVersionFinder");

  private final ChromeDriver driver;
  private final Path profile;
  private final List<String> severe = new ArrayList<>();
  private final List<String> failedRequests = new ArrayList<>();
  private final List<String> requests = new ArrayList<>();

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(Level.SEVERE);
    return logger;
  }

  /** Whether Debian's chromium and chromium-driver are installed. */
  public static boolean installed() {
    return new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
  }

  /** Starts the browser, or skips the test (one line on stdout) when it is not installed. */
  public static Browser start() {
    if (!installed()) {
      String why = "browser tests skipped: Chromium is missing; install it with"
          + " 'apt-get install chromium chromium-driver' (Debian), or set CHROMIUM and CHROMEDRIVER";
      System.out.println(why);
      Assumptions.abort(why);
    }
    try {
      Path profile = Files.createTempDirectory("chromium-profile-");
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM);
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
          "--window-size=1280,1000", "--user-data-dir=" + profile);
      LoggingPreferences logs = new LoggingPreferences();
      logs.enable(LogType.BROWSER, Level.ALL);
      logs.enable(LogType.PERFORMANCE, Level.ALL);
      options.setCapability("goog:loggingPrefs", logs);
      return new Browser(new ChromeDriver(service, options), profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public WebDriver driver() {
    return driver;
  }

  public Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /**
   * Waits (polling every 25 ms, up to 20 s) until the condition holds. An element the page re-rendered between
   * the condition's find and its read is stale, not a failure: the next poll finds it anew.
   */
  public <T> T await(java.util.function.Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(25))
        .ignoring(StaleElementReferenceException.class).until(condition::apply);
  }

  /** A DevTools command, e.g. {@code Page.captureScreenshot}. */
  public Map<String, Object> cdp(String command, Map<String, Object> parameters) {
    return driver.executeCdpCommand(command, parameters);
  }

  /** The viewport's exact size, as a device of that width would have it (not a mobile layout viewport). */
  public void viewport(int width, int height) {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
  }

  /**
   * Reads the logs gathered since the last call: console messages at SEVERE, and this origin's requests, with
   * those answered 4xx/5xx or failed. Reading drains the browser's buffers.
   */
  @SuppressWarnings("unchecked")
  public void collectLogs(String origin) {
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        severe.add(entry.getMessage());
      }
    }
    Json json = new Json();
    Map<String, String> urls = new HashMap<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
      Map<String, Object> message = (Map<String, Object>) json.<Map<String, Object>>toType(entry.getMessage(),
          Json.MAP_TYPE).get("message");
      Map<String, Object> params = (Map<String, Object>) message.get("params");
      switch ((String) message.get("method")) {
        case "Network.requestWillBeSent" -> {
          String url = (String) ((Map<String, Object>) params.get("request")).get("url");
          urls.put((String) params.get("requestId"), url);
          if (url.startsWith(origin)) {
            requests.add(url.substring(origin.length()));
          }
        }
        case "Network.responseReceived" -> {
          Map<String, Object> response = (Map<String, Object>) params.get("response");
          long status = ((Number) response.get("status")).longValue();
          if (status >= 400 && ((String) response.get("url")).startsWith(origin)) {
            failedRequests.add(status + " " + response.get("url"));
          }
        }
        case "Network.loadingFailed" -> {
          String url = urls.getOrDefault((String) params.get("requestId"), "?");
          if (url.startsWith(origin) && !Boolean.TRUE.equals(params.get("canceled"))) {
            failedRequests.add(params.get("errorText") + " " + url);
          }
        }
        default -> { }
      }
    }
  }

  public List<String> severeConsoleMessages() {
    return severe;
  }

  public List<String> failedRequests() {
    return failedRequests;
  }

  /** This origin's requests seen by {@link #collectLogs}, as paths. */
  public List<String> requests() {
    return requests;
  }

  public void clearRequests() {
    requests.clear();
  }

  public byte[] screenshot() {
    return driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
  }

  @Override
  public void close() {
    driver.quit();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory
    }
  }
}
