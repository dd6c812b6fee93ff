package io.homesales.cleaning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** What reaches main uncaught, the names of reprocess's flags, and how await prints a time. */
class MainTest {

  private static String reported(Throwable thrown) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    assertEquals(1, Main.report(thrown, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anOperationalFaultIsOneLineAndABugKeepsItsStackTrace() {
    assertEquals("cleaning-job: Connection refused: localhost/127.0.0.1:5432\n",
        reported(new IllegalStateException("Connection refused: localhost/127.0.0.1:5432",
            new ConnectException("Connection refused: localhost/127.0.0.1:5432"))));
    String bug = reported(new NullPointerException("settings is null"));
    assertTrue(bug.startsWith("cleaning-job: unexpected error (a bug: please report it with this trace)\n"
        + "java.lang.NullPointerException: settings is null\n\tat "), bug);
  }

  @Test
  void reprocessFlagsAreTheRequestsFieldsInKebabCase() {
    assertEquals("--sale-date-from", Reprocess.flag("saleDateFrom"));
    assertEquals("--id-range", Reprocess.flag("idRange"));
    assertEquals("--all", Reprocess.flag("all"));
    for (String flag : Reprocess.OPTIONS) {
      assertTrue(Command.REPROCESS.help.contains(flag), flag + " in reprocess --help");
    }
  }

  @Test
  void awaitPrintsATimeInItsOwnOffsetToTheSecond() {
    assertEquals("2026-12-02T00:00:00Z", Await.text(OffsetDateTime.parse("2026-12-02T00:00Z")));
    assertEquals("2026-12-02T06:30:00+01:00", Await.text(OffsetDateTime.parse("2026-12-02T06:30+01:00")));
    assertEquals("2026-12-02T06:30:05.25Z", Await.text(OffsetDateTime.parse("2026-12-02T06:30:05.250Z")));
  }
}
