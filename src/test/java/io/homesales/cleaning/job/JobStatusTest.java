package io.homesales.cleaning.job;

import static io.homesales.cleaning.support.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.store.StatusView;
import io.homesales.cleaning.support.Blocker;
import io.homesales.cleaning.support.PostgresExtension;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The status's cached reading: a refresh asked for after a change must not be answered by an older read. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class JobStatusTest {

  @Test
  void aRefreshAskedForWhileAReadIsInFlightReadsAgainAfterItAndLaterAsksShareIt(Vertx vertx, TestDatabase db) {
    Context context = vertx.getOrCreateContext();
    io.vertx.sqlclient.Pool pool = db.pool(vertx, 2); // on the test's Vert.x, as the job's pool is on the job's
    JobStatus status = new JobStatus(context, pool, db.settings(), () -> null);
    // The test holds the run history, which the status view reads: the first read waits.
    SqlConnection holder = await(pool.getConnection());
    Transaction held = await(holder.begin());
    List<Future<StatusView.Reading>> refreshes;
    try {
      await(holder.query("LOCK TABLE cleaning_job_runs IN ACCESS EXCLUSIVE MODE").execute());
      Promise<List<Future<StatusView.Reading>>> asked = Promise.promise();
      context.runOnContext(v -> asked.complete(List.of(status.refresh(), status.refresh(), status.refresh())));
      refreshes = await(asked.future());
      assertNotSame(refreshes.get(0), refreshes.get(1), "the second may not join a read that began before it");
      assertSame(refreshes.get(1), refreshes.get(2), "the third shares the second's read");
      Blocker.sleep(200); // so that a read taken after the release is later by at least this much
    } finally {
      await(held.rollback());
      await(holder.close());
    }
    StatusView.Reading first = await(refreshes.get(0));
    StatusView.Reading second = await(refreshes.get(1));
    assertTrue(second.checkedAt().isAfter(first.checkedAt()), first.checkedAt() + " then " + second.checkedAt());
    await(pool.close());
  }
}
