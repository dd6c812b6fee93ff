package io.homesales.cleaning.notify;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * One change of state worth telling someone about.
 *
 * @param event {@code quality.firing}, {@code quality.resolved}, {@code run.failed}, {@code run.recovered},
 *     {@code freshness.breaching} or {@code freshness.recovered}
 * @param text one line a person reads (Slack's message)
 * @param details the event's data: the gates, the run, the ages
 */
public record Notification(String event, String text, JsonObject details) {

  /** The JSON event: {@code {"id", "event", "at", "text", "details"}}. */
  public JsonObject toJson(OffsetDateTime at) {
    return new JsonObject().put("id", UUID.randomUUID().toString()).put("event", event)
        .put("at", at.toString()).put("text", text).put("details", details);
  }

  /** The body a target receives, in its shape. */
  String body(NotifyTarget.Shape shape) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    return shape == NotifyTarget.Shape.SLACK ? new JsonObject().put("text", "cleaning-job: " + text).encode()
        : toJson(now).encode();
  }
}
