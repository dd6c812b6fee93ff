package io.homesales.cleaning.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.embedded.LocalPostgres;
import io.homesales.cleaning.support.Blocker;
import io.homesales.cleaning.support.Http.Answer;
import io.homesales.cleaning.support.JobUnderTest;
import io.homesales.cleaning.support.PostgresServer;
import io.homesales.cleaning.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Readiness follows the database: 503 while PostgreSQL is down, 200 once it is back. */
@ExtendWith(VertxExtension.class)
class ReadinessOutageTest {

  @Test
  void readinessTurns503WhenPostgresStopsAnd200WhenItIsBack(Vertx vertx) {
    try (LocalPostgres pg = LocalPostgres.start()) {
      TestDatabase db = TestDatabase.create(PostgresServer.local(pg), vertx);
      try (JobUnderTest job = JobUnderTest.start(vertx, db)) {
        assertEquals(200, job.http().get("/health/ready").status());

        pg.kill();
        Answer down = job.http().get("/health/ready");
        assertEquals(503, down.status(), down.toString());
        JsonObject database = down.json().getJsonArray("checks").getJsonObject(0);
        assertEquals("database", database.getString("id"));
        assertEquals("DOWN", database.getString("status"));
        assertEquals(200, job.http().get("/health/live").status(), "alive: the job still answers");

        pg.restart();
        long deadline = System.nanoTime() + 30_000_000_000L;
        int status;
        do {
          Blocker.sleep(200);
          status = job.http().get("/health/ready").status();
        } while (status != 200 && System.nanoTime() < deadline);
        assertEquals(200, status, "ready again once PostgreSQL is back");
        assertTrue(job.http().get("/api/v1/status").status() == 200);
      }
    }
  }
}
