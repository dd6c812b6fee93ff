package io.homesales.cleaning.job;

import static io.homesales.cleaning.support.TestDatabase.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.settings.SettingsException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad settings given to JobSchema.apply fail its future, as they fail a deployment, rather than throw. */
@ExtendWith(VertxExtension.class)
class JobSchemaTest {

  @Test
  void badSettingsFailTheFutureWithEveryProblemNamed(Vertx vertx) {
    Future<Void> applied = JobSchema.apply(vertx, new JsonObject().put("host", "db").put("port", "five"));
    Throwable failure = awaitFailure(applied);
    assertTrue(failure instanceof SettingsException, failure.toString());
    assertEquals("invalid settings: 'port' must be an integer from 1 to 65535 (got 'five'); 'database' is missing;"
        + " 'user' is missing", failure.getMessage());
  }
}
