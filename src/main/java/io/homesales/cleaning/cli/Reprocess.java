package io.homesales.cleaning.cli;

import io.homesales.cleaning.job.ApiException;
import io.homesales.cleaning.job.JobSettings;
import io.homesales.cleaning.job.OneRun;
import io.homesales.cleaning.job.ReprocessRequest;
import io.homesales.cleaning.job.Reprocessor;
import io.homesales.cleaning.job.RunInProgressException;
import io.homesales.cleaning.job.RunRequest;
import io.homesales.cleaning.job.RunSummary;
import io.homesales.cleaning.job.RunTrigger;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code cleaning-job reprocess}: the flags become the same JSON request the event bus and the HTTP API take, so
 * that one place checks them; its answer is printed on stdout as JSON, logs go to stderr.
 */
final class Reprocess {

  /** Each flag and the request's field it fills. */
  private static final Map<String, String> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("--reason", "reason");
    FLAGS.put("--outcome", "outcome");
    FLAGS.put("--ids", "ids");
    FLAGS.put("--id-range", "idRange");
    FLAGS.put("--received-from", "receivedFrom");
    FLAGS.put("--received-to", "receivedTo");
    FLAGS.put("--sale-date-from", "saleDateFrom");
    FLAGS.put("--sale-date-to", "saleDateTo");
    FLAGS.put("--run", "run");
    FLAGS.put("--all", "all");
    FLAGS.put("--dry-run", "dryRun");
    FLAGS.put("--run-now", "runNow");
    FLAGS.put("--sample", "sample");
  }

  private Reprocess() {}

  static int run(Options options, JobSettings settings, PrintStream out, PrintStream err) {
    options.allow(FLAGS.keySet().toArray(String[]::new));
    ReprocessRequest request;
    try {
      request = ReprocessRequest.fromJson(body(options), "cli:" + ManagementFactory.getRuntimeMXBean().getName());
    } catch (ApiException bad) {
      String flag = FLAGS.entrySet().stream().filter(e -> e.getValue().equals(bad.parameter())).map(Map.Entry::getKey)
          .findFirst().orElse(bad.parameter());
      err.println("cleaning-job: reprocess: " + flag + ": " + bad.getMessage());
      return Main.USAGE;
    }
    try (CommandPool db = CommandPool.open(settings)) {
      Reprocessor reprocessor = new Reprocessor(db.pool());
      JsonObject answer = Commands.await(reprocessor.apply(request), 3600);
      int status = Main.OK;
      if (request.runNow()) {
        OneRun.Started run = OneRun.start(db.vertx(), settings, new RunRequest(RunTrigger.REPROCESS, false, null,
            "reprocess " + answer.getString("requestId")));
        RunSummary summary = Commands.await(run.result(), 24 * 3600);
        Commands.await(reprocessor.linkRun(answer.getString("requestId"), summary.runId()), 60);
        answer.put("run", summary.toJson());
        status = summary.succeeded() ? Main.OK : Main.FAILED;
      }
      out.println(answer.encodePrettily());
      return status;
    } catch (RunInProgressException busy) {
      out.println(new JsonObject().put("error", busy.getMessage()).encodePrettily());
      err.println("cleaning-job: reprocess: refused, nothing changed: " + busy.getMessage());
      return Main.FAILED;
    } catch (Exception e) {
      err.println("cleaning-job: reprocess failed, nothing changed: " + e.getMessage());
      return Main.FAILED;
    }
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
        body.put(FLAGS.get(flag), true);
      }
    }
    if (options.value("--sample") != null) {
      body.put("sample", options.integer("--sample", 20, 0, 100));
    }
    for (String flag : new String[] {"--outcome", "--id-range", "--received-from", "--received-to",
        "--sale-date-from", "--sale-date-to", "--run"}) {
      String value = options.value(flag);
      if (value != null) {
        body.put(FLAGS.get(flag), value);
      }
    }
    return body;
  }
}
