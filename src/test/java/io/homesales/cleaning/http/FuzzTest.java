package io.homesales.cleaning.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.sample.EventGenerator;
import io.homesales.cleaning.support.Eventually;
import io.homesales.cleaning.support.Http;
import io.homesales.cleaning.support.Http.Answer;
import io.homesales.cleaning.support.JobUnderTest;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bounded fuzz of the HTTP surface: 3,000 seeded random requests (paths, parameters, headers, bodies),
 * known and unknown. None may answer 5xx, every error must be JSON, and the job must keep working.
 */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class FuzzTest {

  private static final int REQUESTS = 3_000;
  private static final List<String> PATHS = List.of("/api/v1/status", "/api/v1/runs", "/api/v1/runs/series",
      "/api/v1/runs/%s", "/api/v1/runs/%s/cancel", "/api/v1/schedule", "/api/v1/quality", "/api/v1/quality/samples",
      "/api/v1/openapi.json", "/metrics", "/health/live", "/health/ready", "/", "/assets/app.js", "/api/v1/%s",
      "/api/%s", "/%s", "/api/v1/runs/%s/%s", "/assets/%s");
  private static final List<String> METHODS = List.of("GET", "GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH",
      "HEAD", "OPTIONS");
  private static final List<String> PARAMS = List.of("limit", "before", "status", "trigger", "from", "to", "points",
      "bucket", "reason", "query", "runId", "x");

  private final Random random = new Random(20261201);

  @Test
  void thousandsOfRandomRequestsGetNo5xxAndTheJobKeepsWorking(Vertx vertx, TestDatabase db) {
    db.truncateAll();
    Sample.loadEnrichment(db);
    Sample.loadEvents(db, new EventGenerator(31).events(1, 200));
    Map<Integer, Integer> statuses = new TreeMap<>();
    try (JobUnderTest job = JobUnderTest.start(vertx, db)) {
      Http anonymous = job.http();
      Http authorized = job.authorized();
      for (int i = 0; i < REQUESTS; i++) {
        String method = pick(METHODS);
        String path = path();
        Map<String, String> headers = headers();
        Http client = random.nextInt(3) == 0 ? authorized : anonymous;
        String body = method.equals("GET") || method.equals("HEAD") ? null : body();
        Answer answer = client.send(method, path, body, headers);
        statuses.merge(answer.status(), 1, Integer::sum);
        assertTrue(answer.status() < 500, method + " " + path + " " + headers + " " + body + " answered " + answer);
        if (answer.status() >= 400 && !method.equals("HEAD")) {
          assertTrue(answer.header("content-type") != null && answer.header("content-type")
              .startsWith("application/json"), method + " " + path + " answered " + answer + " " + answer.headers());
        }
      }
      System.out.println("fuzz: " + REQUESTS + " requests, answers by status: " + statuses);
      // Still working: it answers, and a forced run cleans.
      assertEquals(200, anonymous.get("/api/v1/status").status());
      Sample.loadEvents(db, new EventGenerator(32).events(10_000, 10));
      Answer forced = authorized.post("/api/v1/runs", "{}");
      if (forced.status() == 409) { // a fuzzed run is still in flight (the answer names it): wait, then force one
        Eventually.idle(authorized, "/api/v1/status");
        forced = authorized.post("/api/v1/runs", "{}");
      }
      assertEquals(202, forced.status(), forced.toString());
      String runId = forced.json().getString("runId");
      job.awaitEnded(db, runId);
      assertEquals(1, db.count("SELECT count(*) FROM cleaning_job_runs WHERE run_id = '" + runId + "' AND status = 'succeeded'"));
      assertEquals(0, db.count("SELECT count(*) FROM raw_home_sale_events r WHERE NOT EXISTS"
          + " (SELECT 1 FROM home_sales_processed p WHERE p.id = r.id)"));
    }
  }

  private String path() {
    String template = pick(PATHS);
    String path = template.contains("%s") ? String.format(template, (Object[]) new String[] {segment(), segment()})
        : template;
    StringBuilder query = new StringBuilder();
    int params = random.nextInt(4);
    for (int p = 0; p < params; p++) {
      query.append(p == 0 ? "?" : "&").append(random.nextInt(5) == 0 ? segment() : pick(PARAMS)).append('=')
          .append(URLEncoder.encode(value(), StandardCharsets.UTF_8));
    }
    return path + query;
  }

  private String segment() {
    return switch (random.nextInt(6)) {
      case 0 -> java.util.UUID.randomUUID().toString();
      case 1 -> "..";
      case 2 -> "%2e%2e%2f";
      case 3 -> "x".repeat(random.nextInt(300));
      case 4 -> Integer.toString(random.nextInt());
      default -> URLEncoder.encode(randomText(12), StandardCharsets.UTF_8);
    };
  }

  private String value() {
    return switch (random.nextInt(10)) {
      case 0 -> Integer.toString(random.nextInt(1_000) - 100);
      case 1 -> "2026-12-01T00:00:00Z";
      case 2 -> "succeeded";
      case 3 -> "price:range";
      case 4 -> "hour";
      case 5 -> "";
      case 6 -> "9".repeat(random.nextInt(40) + 1);
      case 7 -> java.util.Base64.getUrlEncoder().encodeToString(randomText(20).getBytes(StandardCharsets.UTF_8));
      default -> randomText(random.nextInt(50));
    };
  }

  private String body() {
    return switch (random.nextInt(9)) {
      case 0 -> null;
      case 1 -> "{}";
      case 2 -> "{\"dryRun\": " + (random.nextBoolean() ? "true" : "\"yes\"") + "}";
      case 3 -> "{\"paused\": " + random.nextBoolean() + "}";
      case 4 -> "{\"maxRecords\": " + (random.nextInt(100) - 5) + ", \"note\": \"fuzz\"}";
      case 5 -> "[" + random.nextInt() + "]";
      case 6 -> "{\"" + randomText(5) + "\": " + random.nextDouble() + "}";
      case 7 -> "x".repeat(random.nextInt(80_000));
      default -> randomText(random.nextInt(200));
    };
  }

  private Map<String, String> headers() {
    Map<String, String> headers = new HashMap<>();
    switch (random.nextInt(6)) {
      case 0 -> headers.put("Authorization", "Bearer " + asciiText(30));
      case 1 -> headers.put("Authorization", "Basic dXNlcjpwYXNz");
      case 2 -> headers.put("Content-Type", "text/plain");
      case 3 -> headers.put("Accept", "application/xml");
      case 4 -> headers.put("If-None-Match", "\"" + asciiText(8) + "\"");
      default -> { }
    }
    return headers;
  }

  /** What a header may carry: printable ASCII, no quotes. */
  private String asciiText(int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      char c = (char) (33 + random.nextInt(94));
      text.append(c == '"' ? 'q' : c);
    }
    return text.toString();
  }

  /** Printable and not: ASCII, Latin-1, emoji, quotes and braces. */
  private String randomText(int length) {
    StringBuilder text = new StringBuilder();
    String alphabet = "abcXYZ019{}[]\"':,\\/ %&?#=+-_.~é€😀";
    for (int i = 0; i < length; i++) {
      int cp = alphabet.codePoints().toArray()[random.nextInt((int) alphabet.codePoints().count())];
      text.appendCodePoint(cp);
    }
    return text.toString();
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
