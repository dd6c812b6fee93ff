package io.homesales.cleaning.job;

import io.homesales.cleaning.core.Cleaner;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** A single run outside the scheduler ({@code run-once}): its own pool, on a fresh Vert.x context. */
public final class OneRun {

  private OneRun() {}

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
    Pool pool = pool(vertx, settings);
    CleaningRun run = new CleaningRun(vertx, pool, new Cleaner(), settings, request,
        CleaningJobVerticle.processName(), JobMetrics.NONE);
    context.runOnContext(v -> run.execute()
        .andThen(ended)
        .eventually(pool::close)
        .onComplete(done));
    return new Started(run, ended.future(), done.future());
  }

  /** The job's pool: a connection per record writer, and the run's other work beside them. */
  static Pool pool(Vertx vertx, JobSettings settings) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(settings.poolSize()))
        .connectingTo(settings.connectOptions())
        .using(vertx)
        .build();
  }
}
