package io.homesales.cleaning.job;

import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.store.Schema;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;

/**
 * The job's tables from Java, as {@code cleaning-job init-schema} creates them: for a host application that sets
 * up its database itself. Idempotent; on a database of an earlier release, it brings the tables up to date in
 * place. Needs a role allowed to create tables (the job itself does not).
 */
public final class JobSchema {

  private JobSchema() {}

  /**
   * Applies the job's tables with a connection of its own, configured as the verticle is. The settings are read on
   * a worker, as the verticle reads them (checking them may read a root certificate's file); bad ones fail the
   * future with a {@link io.homesales.cleaning.settings.SettingsException}.
   */
  public static Future<Void> apply(Vertx vertx, JsonObject config) {
    return vertx.executeBlocking(() -> JobSettings.fromJson(config)).compose(settings -> {
      Pool pool = settings.pool(vertx, PoolOptions.DEFAULT_MAX_SIZE);
      return apply(pool).eventually(pool::close);
    });
  }

  /** Applies the job's tables through the host's own client. */
  public static Future<Void> apply(SqlClient client) {
    return Schema.applyJobTables(client);
  }
}
