package io.homesales.cleaning.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Applies the DDL of {@code sql/} (packaged into the jar): idempotent, safe on every start. */
public final class Schema {

  /** Packaged beside this class (from the project's sql/ directory), where no other jar's files can shadow it. */
  public static final String UPSTREAM = "sql/01_upstream.sql";
  public static final String JOB = "sql/02_job.sql";
  /** The release of sql/02_job.sql this code needs (the value it leaves in {@code cleaning_job_schema}). */
  public static final int VERSION = 3;

  private Schema() {}

  /** The job's own tables and run history. */
  public static Future<Void> applyJobTables(SqlClient client) {
    return apply(client, JOB);
  }

  /** The upstream tables alone (a database an ingestion side has not set up: tests, the demo, new users). */
  public static Future<Void> applyUpstreamTables(SqlClient client) {
    return apply(client, UPSTREAM);
  }

  /** The upstream tables too (for tests, the demo and new users; the job itself never needs them). */
  public static Future<Void> applyAll(SqlClient client) {
    return apply(client, UPSTREAM).compose(v -> apply(client, JOB));
  }

  private static Future<Void> apply(SqlClient client, String resource) {
    // The simple query protocol runs a whole script of statements in one round trip.
    return client.query(read(resource)).execute().mapEmpty();
  }

  static String read(String resource) {
    try (InputStream in = Schema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
