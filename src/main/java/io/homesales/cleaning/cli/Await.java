package io.homesales.cleaning.cli;

import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.store.StatusView;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cleaning-job await --through T}: a sensor for cron scripts and workflow tools. It polls the view
 * {@code cleaning_job_status} and exits 0 as soon as its {@code complete_through} reaches T (every raw event
 * received before T is processed, as far as the job can know: docs/readiness.md), 1 at the timeout, 2 on bad
 * input. A database that does not answer is retried until the timeout.
 */
final class Await {

  static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
  static final Duration DEFAULT_POLL = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(Await.class);

  private Await() {}

  /** What to wait for, and how: the command line, checked before any setting is read. */
  record Wait(OffsetDateTime through, Duration timeout, Duration poll) {}

  static Wait parse(Options options) {
    String text = options.value("--through");
    if (text == null) {
      throw new Options.UsageException("--through is required: an ISO-8601 timestamp, e.g. 2026-12-01T06:00:00Z");
    }
    OffsetDateTime through;
    try {
      through = OffsetDateTime.parse(text.strip());
    } catch (DateTimeParseException bad) {
      throw new Options.UsageException("--through must be an ISO-8601 timestamp with an offset, e.g."
          + " 2026-12-01T06:00:00Z (got '" + text + "')");
    }
    return new Wait(through, Durations.parse(options.value("--timeout"), "--timeout", DEFAULT_TIMEOUT),
        Durations.parse(options.value("--poll"), "--poll", DEFAULT_POLL));
  }

  static int run(Wait wait, JobSettings settings, PrintStream out, PrintStream err) {
    OffsetDateTime through = wait.through();
    Duration timeout = wait.timeout();
    Duration poll = wait.poll();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (CommandPool db = CommandPool.open(settings)) {
      StatusView view = new StatusView(db.pool());
      OffsetDateTime seen = null;
      String hold = null;
      while (true) {
        try {
          StatusView.Reading reading = Commands.await(view.read(), 60);
          seen = reading.completeThrough();
          hold = reading.heldUnder(settings.gates().mode()) ? reading.qualityHold() : null;
          if (!seen.isBefore(through)) {
            out.println(answer(through, seen, true).encodePrettily());
            return Main.OK;
          }
        } catch (Exception unavailable) {
          LOG.warn("await: cannot read cleaning_job_status ({}); trying again", unavailable.getMessage());
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          out.println(answer(through, seen, false).put("qualityHold", hold).encodePrettily());
          err.println("cleaning-job: await: timed out after " + timeout + ": complete through "
              + (seen == null ? "unknown" : text(seen)) + ", not yet " + text(through)
              + (hold == null ? "" : "; the quality gates hold the job: " + hold));
          return Main.FAILED;
        }
        Thread.sleep(Math.min(poll.toMillis(), left / 1_000_000 + 1));
      }
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
      return Main.FAILED;
    }
  }

  private static JsonObject answer(OffsetDateTime through, OffsetDateTime seen, boolean ready) {
    return new JsonObject().put("ready", ready).put("through", text(through))
        .put("completeThrough", seen == null ? null : text(seen));
  }

  /** A time as given, in its own offset, always to the second: {@code 2026-12-02T00:00:00Z}, not {@code T00:00Z}. */
  static String text(OffsetDateTime time) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
  }
}
