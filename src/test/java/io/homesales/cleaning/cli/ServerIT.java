package io.homesales.cleaning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.support.Blocker;
import io.homesales.cleaning.support.Http;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.Sample;
import io.homesales.cleaning.support.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code run} with its HTTP server, as the container runs it: the API answers, the Dockerfile's HEALTHCHECK
 * command succeeds against the running job and fails once it is stopped, and a port that cannot be bound stops
 * {@code run} with one line naming it and exit status 2.
 */
@ExtendWith(PostgresExtension.class)
class ServerIT {

  private static final Path JAR = Path.of("target", "cleaning-job.jar");

  private final TestDatabase db;

  ServerIT(TestDatabase db) {
    this.db = db;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The HEALTHCHECK's command, as the Dockerfile writes it (shell form, continuation lines joined). */
  static String healthcheckCommand() throws IOException {
    String dockerfile = Files.readString(Path.of("Dockerfile"), StandardCharsets.UTF_8).replace("\\\n", " ");
    Matcher m = Pattern.compile("(?m)^HEALTHCHECK .*?\\bCMD (.+)$").matcher(dockerfile);
    assertTrue(m.find(), "the Dockerfile has a HEALTHCHECK with a CMD");
    return m.group(1).trim();
  }

  private static int healthcheck(int port) throws IOException, InterruptedException {
    ProcessBuilder sh = new ProcessBuilder("sh", "-c", healthcheckCommand()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    sh.environment().put("CLEANING_JOB_HTTP_PORT", Integer.toString(port));
    Process process = sh.start();
    assertTrue(process.waitFor(20, TimeUnit.SECONDS));
    return process.exitValue();
  }

  @Test
  void theContainersCommandServesTheApiAndItsHealthcheckFollowsTheJob() throws Exception {
    db.truncateAll();
    Sample.loadAll(db);
    int port = freePort();
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString(), "run").redirectErrorStream(true).redirectOutput(File.createTempFile("run", ".log"));
    builder.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("CLEANING_JOB_"));
    builder.environment().putAll(db.env());
    builder.environment().put("CLEANING_JOB_HTTP_PORT", Integer.toString(port));
    builder.environment().put("CLEANING_JOB_HTTP_HOST", "127.0.0.1");
    Process job = builder.start();
    try {
      Http http = new Http("http://127.0.0.1:" + port);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      Http.Answer status = null;
      while (System.nanoTime() < deadline) {
        try {
          status = http.get("/api/v1/status");
          if (status.status() == 200 && status.json().getJsonObject("lastRun") != null) {
            break;
          }
        } catch (RuntimeException notYet) {
          // not listening yet
        }
        Blocker.sleep(200);
      }
      assertTrue(status != null && status.status() == 200, "the API answers: " + status);
      assertEquals("succeeded", status.json().getJsonObject("lastRun").getString("status"));
      assertEquals(3000, status.json().getJsonObject("lastRun").getInteger("selected"));
      assertEquals(0, healthcheck(port), "the HEALTHCHECK passes against the running job");
    } finally {
      job.destroy();
      assertTrue(job.waitFor(15, TimeUnit.SECONDS));
    }
    assertFalse(healthcheck(port) == 0, "the HEALTHCHECK fails once the job is stopped");
  }

  @Test
  void aPortThatCannotBeBoundStopsRunWithOneLineAndStatusTwo() throws Exception {
    db.truncateAll();
    try (ServerSocket taken = new ServerSocket(0)) {
      Map<String, String> env = db.env();
      env.put("CLEANING_JOB_HTTP_PORT", Integer.toString(taken.getLocalPort()));
      FatJarIT.Result result = FatJarIT.jar(env, "run");
      assertEquals(2, result.exit(), result.err());
      String[] lines = result.err().strip().split("\n");
      String last = lines[lines.length - 1];
      assertTrue(last.startsWith("cleaning-job: CLEANING_JOB_HTTP_PORT=" + taken.getLocalPort()
          + ": cannot listen on 127.0.0.1:" + taken.getLocalPort()), result.err());
      assertEquals(0, db.count("SELECT count(*) FROM cleaning_job_runs"), "no run started");
    }
  }
}
