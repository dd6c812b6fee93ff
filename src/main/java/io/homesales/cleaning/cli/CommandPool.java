package io.homesales.cleaning.cli;

import io.homesales.cleaning.settings.JobSettings;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * A command's own Vert.x and pool on the configured database, closed together when the command ends. They close
 * one after the other from the command's thread: a close chained inside a Vert.x callback would complete on an
 * event loop that the close itself shuts down.
 */
record CommandPool(Vertx vertx, Pool pool) implements AutoCloseable {

  static CommandPool open(JobSettings settings) {
    Vertx vertx = Vertx.vertx();
    return new CommandPool(vertx, settings.pool(vertx, PoolOptions.DEFAULT_MAX_SIZE));
  }

  @Override
  public void close() {
    Commands.awaitQuietly(pool.close(), 10);
    Commands.awaitQuietly(vertx.close(), 10);
  }
}
