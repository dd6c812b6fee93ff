package io.homesales.cleaning.cli;

import io.homesales.cleaning.job.ApiException;
import io.homesales.cleaning.job.ReprocessRequest;
import io.homesales.cleaning.job.Reprocessor;
import io.homesales.cleaning.run.RunInProgressException;
import io.homesales.cleaning.run.RunOnce;
import io.homesales.cleaning.run.RunStatus;
import io.homesales.cleaning.run.RunSummary;
import io.homesales.cleaning.settings.JobSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * {@code cleaning-job reprocess}: the flags become the same JSON request the event bus and the HTTP API take, so
 * that one place checks them; its answer is printed on stdout as JSON, logs go to stderr.
 */
final class Reprocess {

  /** The flags: each the request's field in kebab case ({@code --id-range} for {@code idRange}). */
  static final List<String> OPTIONS = List.of("--reason", "--outcome", "--ids", "--id-range", "--received-from",
      "--received-to", "--sale-date-from", "--sale-date-to", "--run", "--all", "--dry-run", "--run-now", "--sample");

  private Reprocess() {}

  /** The request's field as its flag: {@code saleDateFrom} is {@code --sale-date-from}. */
  static String flag(String field) {
    return "--" + field.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
  }

  /**
   * The flags as the request the event bus and HTTP take, checked there, with messages naming the flags; every
   * problem is a usage error (exit status 2), found before any setting is read or any connection made.
   */
  static ReprocessRequest request(Options options) {
    try {
      return ReprocessRequest.fromJson(body(options), "cli:" + ManagementFactory.getRuntimeMXBean().getName(),
          Reprocess::flag);
    } catch (ApiException bad) {
      String flag = bad.parameter() == null ? null : flag(bad.parameter());
      throw new Options.UsageException(flag == null || bad.getMessage().startsWith(flag) ? bad.getMessage()
          : flag + ": " + bad.getMessage());
    }
  }

  static int run(ReprocessRequest request, JobSettings settings, PrintStream out, PrintStream err) throws Exception {
    try (CommandPool db = CommandPool.open(settings)) {
      Reprocessor reprocessor = new Reprocessor(db.pool());
      JsonObject answer = Commands.await(reprocessor.apply(request), 3600);
      int status = Main.OK;
      if (request.runNow()) {
        RunOnce.Started run = RunOnce.start(db.vertx(), settings, Reprocessor.followUp(answer));
        Stopping stopping = Commands.interruptOnSignal(run);
        RunSummary summary = Commands.await(run.result(), 24 * 3600);
        Commands.await(reprocessor.linkRun(answer.getString("requestId"), summary.runId()), 60);
        answer.put("run", summary.toJson());
        status = stopping.signal() != 0 && summary.status() == RunStatus.INTERRUPTED
            ? Stopping.interruptedStatus(stopping.signal()) : summary.succeeded() ? Main.OK : Main.FAILED;
      }
      out.println(answer.encodePrettily());
      return status;
    } catch (RunInProgressException busy) {
      out.println(new JsonObject().put("error", busy.getMessage()).encodePrettily());
      err.println("cleaning-job: reprocess: refused, nothing changed: " + busy.getMessage());
      return Main.FAILED;
    } catch (Exception e) {
      return Commands.failed("reprocess", e, err);
    }
  }

  /** The flag's field: {@code --sale-date-from} fills {@code saleDateFrom}. */
  private static String field(String flag) {
    StringBuilder field = new StringBuilder();
    boolean upper = false;
    for (char c : flag.substring(2).toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        field.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return field.toString();
  }

  /** The flags as the request's JSON: {@code --ids 1,2,3} as an array of numbers, flags as booleans. */
  private static JsonObject body(Options options) {
    JsonObject body = new JsonObject();
    if (!options.values("--reason").isEmpty()) {
      body.put("reason", new JsonArray(options.values("--reason")));
    }
    String ids = options.value("--ids");
    if (ids != null) {
      JsonArray list = new JsonArray();
      for (String id : ids.split(",")) {
        try {
          list.add(Long.parseLong(id.strip()));
        } catch (NumberFormatException notAnId) {
          throw new Options.UsageException("--ids must be ids separated by commas, e.g. 1,2,3 (got '" + ids + "')");
        }
      }
      body.put("ids", list);
    }
    for (String flag : new String[] {"--all", "--dry-run", "--run-now"}) {
      if (options.flag(flag)) {
        body.put(field(flag), true);
      }
    }
    if (options.value("--sample") != null) {
      body.put("sample", options.integer("--sample", 20, 0, 100));
    }
    for (String flag : new String[] {"--outcome", "--id-range", "--received-from", "--received-to",
        "--sale-date-from", "--sale-date-to", "--run"}) {
      String value = options.value(flag);
      if (value != null) {
        body.put(field(flag), value);
      }
    }
    return body;
  }
}
