package io.homesales.cleaning.run;

import io.homesales.cleaning.core.Cleaner;
import io.homesales.cleaning.settings.JobSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * A single run outside the scheduler ({@code run-once}): its own pool, on a fresh Vert.x context.
 *
 * <p>Public for the job's own packages; not a supported API (docs/embedding.md lists what is).
 */
public final class RunOnce {

  private RunOnce() {}

  public static Future<RunSummary> run(Vertx vertx, JobSettings settings, RunTrigger trigger, boolean dryRun) {
    return start(vertx, settings, RunRequest.of(trigger, dryRun)).result();
  }

  /**
   * A started run: a way to interrupt it (SIGTERM during {@code run-once}), its summary as soon as it has
   * ended, and its result, which completes with the same summary once the run's pool is closed too.
   */
  public record Started(CleaningRun run, Future<RunSummary> ended, Future<RunSummary> result) {}

  public static Started start(Vertx vertx, JobSettings settings, RunTrigger trigger, boolean dryRun) {
    return start(vertx, settings, RunRequest.of(trigger, dryRun));
  }

  public static Started start(Vertx vertx, JobSettings settings, RunRequest request) {
    Context context = vertx.getOrCreateContext();
    Promise<RunSummary> ended = Promise.promise();
    Promise<RunSummary> done = Promise.promise();
    Pool pool = settings.pool(vertx);
    CleaningRun run = new CleaningRun(vertx, pool, new Cleaner(), settings, request,
        CleaningRun.processName(), JobMetrics.NONE);
    context.runOnContext(v -> run.execute()
        .andThen(ended)
        .eventually(pool::close)
        .onComplete(done));
    return new Started(run, ended.future(), done.future());
  }
}
