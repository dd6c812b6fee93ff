package io.homesales.cleaning.cli;

import static io.homesales.cleaning.cli.FatJarIT.jar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.cli.FatJarIT.Result;
import io.homesales.cleaning.support.Certificates;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command line as a new user meets it, from the packaged jar and with no database anywhere: help for every
 * command, every usage error in one line with status 2 before any setting is read, settings refused or warned
 * about by name, and no stack trace for any of it.
 */
class UsageIT {

  private static final List<String> COMMANDS = List.of("run", "run-once", "init-schema", "load-sample", "reprocess",
      "await", "demo", "help");

  /** Settings that would connect, to a port where nothing listens: enough to get past the settings. */
  private static Map<String, String> unreachable() {
    return new HashMap<>(Map.of("PGHOST", "127.0.0.1", "PGPORT", "1", "PGDATABASE", "sales", "PGUSER", "job"));
  }

  private static void assertOneLine(Result result, int exit, String line) {
    assertEquals(exit, result.exit(), result.err());
    assertEquals("", result.out());
    assertEquals(line + "\n", result.err());
  }

  @Test
  void everyCommandHasItsHelpThreeWaysAndNoneNeedsADatabase() throws Exception {
    for (String command : COMMANDS) {
      Result help = jar(Map.of(), "help", command);
      assertEquals(0, help.exit(), command + ": " + help.err());
      assertTrue(help.out().startsWith("usage: cleaning-job " + command), command + ": " + help.out());
      assertEquals("", help.err(), command);
      for (String flag : List.of("--help", "-h")) {
        Result asked = jar(Map.of(), command, flag);
        assertEquals(0, asked.exit(), command + " " + flag + ": " + asked.err());
        assertEquals(help.out(), asked.out(), command + " " + flag);
        assertEquals("", asked.err(), command + " " + flag);
      }
    }
    Result reprocess = jar(Map.of(), "reprocess", "--all", "--help");
    assertEquals(0, reprocess.exit(), "--help after other options too");
    for (String flag : Reprocess.OPTIONS) {
      assertTrue(reprocess.out().contains(flag + " "), flag + " in reprocess --help");
    }
    assertTrue(jar(Map.of(), "help").out().contains("CLEANING_JOB_BATCH_SIZE"), "help lists the settings");
  }

  @Test
  void everyUsageErrorIsOneLineWithStatusTwoAndComesBeforeTheSettings() throws Exception {
    // No PG* variable at all: a usage error must be told first, never a missing PGHOST.
    assertOneLine(jar(Map.of(), "run-once", "extra"), 2, "cleaning-job: run-once: unexpected argument 'extra'");
    assertOneLine(jar(Map.of(), "run", "now"), 2, "cleaning-job: run: unexpected argument 'now'");
    assertOneLine(jar(Map.of(), "demo", "-x"), 2, "cleaning-job: demo: unexpected argument '-x'");
    assertOneLine(jar(Map.of(), "run-once", "--dry-run", "--dry-run"), 2,
        "cleaning-job: run-once: --dry-run is given more than once");
    assertOneLine(jar(Map.of(), "run-once", "--dry-run=yes"), 2,
        "cleaning-job: run-once: --dry-run takes no value (got 'yes')");
    assertOneLine(jar(Map.of(), "init-schema", "--upstream"), 2,
        "cleaning-job: init-schema: --upstream: unknown option; known: --with-upstream");
    assertOneLine(jar(Map.of(), "demo", "--port", "80000"), 2,
        "cleaning-job: demo: --port must be an integer from 1 to 65535 (got '80000')");
    assertOneLine(jar(Map.of(), "await", "--through", "tomorrow"), 2, "cleaning-job: await: --through must be an"
        + " ISO-8601 timestamp with an offset, e.g. 2026-12-01T06:00:00Z (got 'tomorrow')");
    assertOneLine(jar(Map.of(), "help", "runonce"), 2, "cleaning-job: help: unknown command 'runonce'; the commands:"
        + " run, run-once, init-schema, load-sample, reprocess, hold, await, demo, help");
    assertOneLine(jar(Map.of(), "clean-everything"), 2, "cleaning-job: unknown command 'clean-everything'; the"
        + " commands: run, run-once, init-schema, load-sample, reprocess, hold, await, demo, help ('cleaning-job help'"
        + " says what each does)");
  }

  @Test
  void reprocessNamesItsFlagsNotTheRequestsJsonFields() throws Exception {
    assertOneLine(jar(Map.of(), "reprocess", "--sale-date-from", "2015-02-01", "--sale-date-to", "2015-01-01"), 2,
        "cleaning-job: reprocess: --sale-date-from is after --sale-date-to");
    assertOneLine(jar(Map.of(), "reprocess", "--received-from", "2026-02-01T00:00:00Z", "--received-to",
        "2026-01-01T00:00:00Z"), 2, "cleaning-job: reprocess: --received-from must be before --received-to");
    assertOneLine(jar(Map.of(), "reprocess", "--run", "last"), 2,
        "cleaning-job: reprocess: --run must be a run id (a UUID)");
    assertOneLine(jar(Map.of(), "reprocess", "--id-range", "9-1"), 2,
        "cleaning-job: reprocess: --id-range is inverted: 9 is after 1");
    assertOneLine(jar(Map.of(), "reprocess", "--sale-date-to", "31/01/2015"), 2,
        "cleaning-job: reprocess: --sale-date-to must be an ISO-8601 date, such as 2015-05-14");
    assertOneLine(jar(Map.of(), "reprocess"), 2, "cleaning-job: reprocess: --all: no selector given: name at least"
        + " one (--reason, --outcome, --ids, --id-range, --received-from, --received-to, --sale-date-from,"
        + " --sale-date-to, --run), or give --all to clean every processed record again");
    assertOneLine(jar(Map.of(), "reprocess", "--all", "--outcome", "cleaned"), 2,
        "cleaning-job: reprocess: --all takes every processed record: it cannot be combined with selectors");
    assertOneLine(jar(Map.of(), "reprocess", "--all", "--dry-run", "--run-now"), 2,
        "cleaning-job: reprocess: --run-now: a dry run changes nothing, so there is nothing to run now");
  }

  @Test
  void badSettingsAreRefusedInOneLineAndLikelyTyposAreWarnedAbout() throws Exception {
    Map<String, String> loud = unreachable();
    loud.put("LOG_LEVEL", "LOUD");
    assertOneLine(jar(loud, "run-once"), 2,
        "cleaning-job: invalid settings: LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF (got 'LOUD')");
    Map<String, String> quiet = unreachable();
    quiet.put("LOG_LEVEL", "warn");
    assertEquals(1, jar(quiet, "run-once").exit(), "a level logback takes, in any case, is accepted");

    Map<String, String> typos = unreachable();
    typos.putAll(Map.of("CLEANING_JOB_BATCHSIZE", "100", "CLEANING_JOB_TOKEN", "t".repeat(20),
        "CLEANING_JOB_NONSENSE", "1", "PGSSLCERT", "/etc/client.crt",
        // what Kubernetes injects for a Service named cleaning-job: not warned about
        "CLEANING_JOB_PORT", "tcp://10.0.0.7:8080", "CLEANING_JOB_PORT_8080_TCP_ADDR", "10.0.0.7",
        "CLEANING_JOB_SERVICE_HOST", "10.0.0.7", "CLEANING_JOB_SERVICE_PORT", "8080"));
    Result warned = jar(typos, "run-once");
    assertEquals(1, warned.exit(), "warnings stop nothing: the run goes on, and fails on the refused connection");
    List<String> warnings = warned.err().lines().filter(l -> l.startsWith("cleaning-job: warning: ")).toList();
    assertEquals(List.of(
        "cleaning-job: warning: CLEANING_JOB_BATCHSIZE is not a setting of this job and is ignored; did you mean"
            + " CLEANING_JOB_BATCH_SIZE?",
        "cleaning-job: warning: CLEANING_JOB_NONSENSE is not a setting of this job and is ignored; its settings are"
            + " listed by 'cleaning-job help'",
        "cleaning-job: warning: CLEANING_JOB_TOKEN is not a setting of this job and is ignored; did you mean"
            + " CLEANING_JOB_API_TOKEN?",
        "cleaning-job: warning: PGSSLCERT is ignored: the job does not authenticate with a client certificate"),
        warnings, warned.err());
    assertFalse(warned.err().contains("t".repeat(20)), "a warning names a variable, never its value");
  }

  @Test
  void aRefusedConnectionIsOneLineWithItsCauseAndNoStackTrace() throws Exception {
    Result refused = jar(unreachable(), "run-once");
    assertEquals(1, refused.exit(), refused.err());
    assertTrue(refused.err().contains("Connection refused"), refused.err());
    assertFalse(refused.err().contains("\tat "), "no stack trace at INFO:\n" + refused.err());
    Map<String, String> debug = unreachable();
    debug.put("LOG_LEVEL", "DEBUG");
    assertTrue(jar(debug, "run-once").err().contains("\tat "), "the trace is there at DEBUG");
    for (String command : List.of("init-schema", "load-sample")) {
      Result failed = jar(unreachable(), command);
      assertEquals(1, failed.exit(), command);
      assertTrue(failed.err().startsWith("cleaning-job: " + command + " failed: "), failed.err());
      assertTrue(failed.err().contains("Connection refused"), failed.err());
      assertFalse(failed.err().contains("\tat ") || failed.err().contains("Exception in thread"), failed.err());
    }
  }

  @Test
  void theOperationsServersSettingsAreCheckedByNameBeforeAnythingStarts() throws Exception {
    Certificates ca = Certificates.authority("cleaning-job test CA");
    Certificates.Issued server = ca.issue("localhost", List.of("localhost"), List.of("127.0.0.1"));
    Path cert = Files.writeString(Files.createTempFile("server", ".crt"), server.certificatePem());
    Path notAKey = Files.writeString(Files.createTempFile("server", ".key"), "not a key\n");
    Path brokenKey = Files.writeString(Files.createTempFile("server", ".key"),
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Map<String, String> env = unreachable();
    env.putAll(Map.of("CLEANING_JOB_HTTP_PORT", Integer.toString(port), "CLEANING_JOB_HTTP_TLS_CERT", cert.toString(),
        "CLEANING_JOB_HTTP_TLS_KEY", "/nonexistent/server.key"));
    assertOneLine(jar(env, "run"), 2, "cleaning-job: invalid settings: CLEANING_JOB_HTTP_TLS_KEY cannot be read:"
        + " /nonexistent/server.key (NoSuchFileException)");
    env.put("CLEANING_JOB_HTTP_TLS_KEY", notAKey.toString());
    assertOneLine(jar(env, "run"), 2, "cleaning-job: invalid settings: CLEANING_JOB_HTTP_TLS_KEY is not a PEM file"
        + " (no '-----BEGIN ...PRIVATE KEY-----' line): " + notAKey);
    env.put("CLEANING_JOB_HTTP_TLS_KEY", brokenKey.toString());
    Result broken = jar(env, "run");
    assertEquals(2, broken.exit(), broken.err());
    assertTrue(broken.err().startsWith("cleaning-job: CLEANING_JOB_HTTP_TLS_CERT, CLEANING_JOB_HTTP_TLS_KEY: cannot"
        + " serve HTTPS from " + cert + " and " + brokenKey + " ("), broken.err());
    assertFalse(broken.err().contains("CLEANING_JOB_HTTP_PORT"), broken.err());

    Result taken;
    try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Map<String, String> closed = unreachable();
      closed.putAll(Map.of("CLEANING_JOB_HTTP_PORT", Integer.toString(holder.getLocalPort()),
          "CLEANING_JOB_API_PUBLIC_READS", "false"));
      taken = jar(closed, "run");
      port = holder.getLocalPort();
    }
    assertEquals(2, taken.exit(), taken.err());
    List<String> lines = taken.err().lines().toList();
    assertEquals("cleaning-job: warning: CLEANING_JOB_API_PUBLIC_READS is false and no CLEANING_JOB_API_TOKEN is"
        + " set: every read of the API and /metrics will answer 403 (health and the dashboard's files stay public)",
        lines.get(0), taken.err());
    assertTrue(lines.get(lines.size() - 1).startsWith("cleaning-job: CLEANING_JOB_HTTP_PORT=" + port + ": cannot"
        + " listen on 127.0.0.1:" + port + " ("), taken.err());
  }
}
