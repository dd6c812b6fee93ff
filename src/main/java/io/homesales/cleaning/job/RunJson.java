package io.homesales.cleaning.job;

import io.homesales.cleaning.run.Iso;
import io.homesales.cleaning.store.RunQueries.RunRow;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/**
 * A run of the history as the API shows it, and the opaque cursor of a page of runs: where the page ends,
 * encoded so that clients pass it back as they got it.
 */
final class RunJson {

  private RunJson() {}

  static JsonObject of(RunRow run) {
    return new JsonObject()
        .put("runId", run.runId().toString())
        .put("trigger", run.trigger())
        .put("status", run.status())
        .put("dryRun", run.dryRun())
        .put("startedAt", Iso.of(run.startedAt()))
        .put("finishedAt", Iso.of(run.finishedAt()))
        .put("durationMs", run.finishedAt() == null ? null
            : Duration.between(run.startedAt(), run.finishedAt()).toMillis())
        .put("selected", run.selected())
        .put("cleaned", run.cleaned())
        .put("rejected", run.rejected())
        .put("failed", run.failed())
        .put("error", run.error())
        .put("note", run.note())
        .put("host", run.host())
        .put("completeThrough", Iso.of(run.completeThrough()))
        .put("quality", run.quality());
  }

  /** The cursor after a run: its start and id, base64url. */
  static String cursorAfter(RunRow run) {
    String key = run.startedAt().toString() + "|" + run.runId();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  /** A cursor's start and run id; a cursor that is not one of ours is a 400 naming {@code parameter}. */
  record Cursor(OffsetDateTime startedAt, UUID runId) {

    static Cursor parse(String cursor, String parameter) {
      try {
        String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        int bar = key.indexOf('|');
        return new Cursor(OffsetDateTime.parse(key.substring(0, bar)), UUID.fromString(key.substring(bar + 1)));
      } catch (RuntimeException notOurs) {
        throw ApiException.badParameter(parameter,
            "'" + parameter + "' is not a cursor of this API: pass the 'next' of the page before, as it was");
      }
    }
  }
}
