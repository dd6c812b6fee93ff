package io.homesales.cleaning.cli;

import io.homesales.cleaning.job.ApiException;
import io.homesales.cleaning.job.HoldControl;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.store.GateStore;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;

/**
 * {@code cleaning-job hold}: shows the quality gates' hold and its audit, or ends it with {@code --clear} or
 * {@code --accept} (docs/quality-gates.md), as the API and the event bus do.
 */
final class Hold {

  private Hold() {}

  /** The action the flags ask for: null to show, else clear or accept; both flags are a usage error. */
  static String action(Options options) {
    boolean clear = options.flag("--clear");
    boolean accept = options.flag("--accept");
    if (clear && accept) {
      throw new Options.UsageException("--clear and --accept: give one of them");
    }
    return clear ? "clear" : accept ? "accept" : null;
  }

  static int run(String action, JobSettings settings, PrintStream out, PrintStream err) throws Exception {
    try (CommandPool db = CommandPool.open(settings)) {
      if (action == null) {
        GateStore.Hold hold = Commands.await(GateStore.hold(db.pool()), 60);
        JsonObject answer = new JsonObject().put("held", hold != null)
            .put("hold", hold == null ? null : hold.toJson())
            .put("actions", Commands.await(GateStore.actions(db.pool(), 10), 60));
        out.println(answer.encodePrettily());
        return Main.OK;
      }
      String by = "cli:" + ManagementFactory.getRuntimeMXBean().getName();
      out.println(Commands.await(new HoldControl(db.pool()).end(action, by), 60).encodePrettily());
      return Main.OK;
    } catch (ApiException refused) {
      out.println(new JsonObject().put("error", refused.getMessage()).encodePrettily());
      err.println("cleaning-job: hold: " + refused.getMessage());
      return Main.FAILED;
    } catch (Exception e) {
      return Commands.failed("hold", e, err);
    }
  }
}
