package io.homesales.cleaning.job;

import io.homesales.cleaning.core.ReasonRegistry;
import io.homesales.cleaning.core.Reasons;
import io.homesales.cleaning.run.Iso;
import io.homesales.cleaning.run.RunStatus;
import io.homesales.cleaning.run.RunTrigger;
import io.homesales.cleaning.store.GateStore;
import io.homesales.cleaning.store.QualityQueries;
import io.homesales.cleaning.store.Reprocessing;
import io.homesales.cleaning.store.RunQueries;
import io.homesales.cleaning.store.RunQueries.RunRow;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The read-only questions of the event-bus API ({@code {"query": ...}} to the query address), each validated
 * here: the HTTP surface passes its query strings through as they are, so that every rule about a parameter
 * lives in one place. Values may be JSON numbers and booleans or the same written as strings.
 */
final class QueryAnswers {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  static final int DEFAULT_POINTS = 500;
  static final int MAX_POINTS = 5_000;
  static final int DEFAULT_SAMPLES = 20;
  static final int MAX_SAMPLES = 100;
  static final Duration DEFAULT_SERIES_RANGE = Duration.ofDays(30);
  static final Duration DEFAULT_QUALITY_RANGE = Duration.ofDays(7);
  static final List<String> STATUSES = Arrays.stream(RunStatus.values()).map(RunStatus::label).toList();
  static final List<String> TRIGGERS = Arrays.stream(RunTrigger.values()).map(RunTrigger::label).toList();
  static final List<String> BUCKETS = List.of("hour", "day");

  private final Pool pool;
  private final RunQueries runs;
  private final QualityQueries quality;
  private final ReasonRegistry reasons;

  QueryAnswers(Pool pool, ReasonRegistry reasons) {
    this.pool = pool;
    this.reasons = reasons;
    this.runs = new RunQueries(pool);
    this.quality = new QualityQueries(pool);
  }

  /** Answers a page of runs: {@code {"runs": [...], "next": cursor-or-null}}. */
  Future<JsonObject> runs(Object body) {
    RequestFields f = RequestFields.lenient(body, Set.of("query", "limit", "before", "status", "trigger", "from", "to"));
    int limit = orDefault(f.integer("limit", 1, MAX_LIMIT), DEFAULT_LIMIT);
    String before = f.string("before", 200);
    RunJson.Cursor cursor = before == null ? null : RunJson.Cursor.parse(before, "before");
    OffsetDateTime from = f.timestamp("from");
    OffsetDateTime to = f.timestamp("to");
    inOrder(from, to);
    RunQueries.PageRequest request = new RunQueries.PageRequest(cursor == null ? null : cursor.startedAt(),
        cursor == null ? null : cursor.runId(), f.oneOf("status", STATUSES), f.oneOf("trigger", TRIGGERS), from, to,
        limit);
    return runs.page(request).map(rows -> {
      JsonArray page = new JsonArray();
      rows.stream().limit(limit).forEach(run -> page.add(RunJson.of(run)));
      String next = rows.size() > limit ? RunJson.cursorAfter(rows.get(limit - 1)) : null;
      return new JsonObject().put("runs", page).put("next", next);
    });
  }

  /** One run and its rejections by reason; 404 when there is none. */
  Future<JsonObject> run(Object body) {
    RequestFields f = RequestFields.lenient(body, Set.of("query", "runId"));
    UUID runId = runId(f);
    return runs.one(runId).compose(run -> {
      if (run == null) {
        return Future.failedFuture(ApiException.notFound("no run " + runId + " in the history"));
      }
      Future<JsonArray> gates = GateStore.runGates(pool, runId);
      return runs.reasons(runId).compose(reasons -> gates.map(judged -> RunJson.of(run)
          .put("rejectionsByReason", new JsonObject(new LinkedHashMap<>(reasons)))
          .put("gates", judged)));
    });
  }

  /** A run's id, required. */
  static UUID runId(RequestFields f) {
    String text = f.string("runId", 100);
    if (text == null) {
      throw ApiException.badParameter("runId", "'runId' is required");
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException notAUuid) {
      throw ApiException.badParameter("runId", "'runId' must be a run id (a UUID)");
    }
  }

  /** The runs of a time range downsampled for charts: {@code {"from", "to", "bucketSeconds", "points": [...]}}. */
  Future<JsonObject> series(Object body) {
    RequestFields f = RequestFields.lenient(body, Set.of("query", "from", "to", "points"));
    OffsetDateTime[] range = range(f, DEFAULT_SERIES_RANGE);
    int points = orDefault(f.integer("points", 1, MAX_POINTS), DEFAULT_POINTS);
    double bucketSeconds = Duration.between(range[0], range[1]).toMillis() / 1000.0 / points;
    return runs.series(range[0], range[1], points).map(series -> {
      JsonArray list = new JsonArray();
      for (RunQueries.SeriesPoint point : series) {
        list.add(new JsonObject()
            .put("startedAt", Iso.of(point.startedAt()))
            .put("runs", point.runs())
            .put("selected", point.selected())
            .put("cleaned", point.cleaned())
            .put("rejected", point.rejected())
            .put("failed", point.failed())
            .put("failedRuns", point.failedRuns())
            .put("maxDurationMs", Math.round(point.maxDurationMs()))
            .put("meanDurationMs", Math.round(point.meanDurationMs())));
      }
      return new JsonObject().put("from", Iso.of(range[0])).put("to", Iso.of(range[1]))
          .put("bucketSeconds", bucketSeconds).put("points", list);
    });
  }

  /**
   * The job's decisions over a time range by hour or day (UTC), each with its rejections by reason and by
   * subject (the field, or payload, enrichment, database), and the range's totals.
   */
  Future<JsonObject> quality(Object body) {
    RequestFields f = RequestFields.lenient(body, Set.of("query", "from", "to", "bucket"));
    OffsetDateTime[] range = range(f, DEFAULT_QUALITY_RANGE);
    String bucket = orDefault(f.oneOf("bucket", BUCKETS), "day");
    Future<List<QualityQueries.Outcomes>> outcomes = quality.outcomes(range[0], range[1], bucket);
    Future<List<QualityQueries.ReasonCount>> reasons = quality.reasons(range[0], range[1], bucket);
    return Future.all(outcomes, reasons).map(all -> {
      Map<OffsetDateTime, JsonObject> buckets = new TreeMap<>();
      Bucket totals = new Bucket();
      Map<OffsetDateTime, Bucket> tallies = new TreeMap<>();
      for (QualityQueries.Outcomes o : outcomes.result()) {
        Bucket b = tallies.computeIfAbsent(o.start(), s -> new Bucket());
        b.cleaned += o.cleaned();
        b.rejected += o.rejected();
        totals.cleaned += o.cleaned();
        totals.rejected += o.rejected();
      }
      for (QualityQueries.ReasonCount r : reasons.result()) {
        tallies.computeIfAbsent(r.start(), s -> new Bucket()).add(r.reason(), r.records());
        totals.add(r.reason(), r.records());
      }
      tallies.forEach((start, b) -> buckets.put(start, b.toJson().put("start", Iso.of(start))));
      return new JsonObject().put("from", Iso.of(range[0])).put("to", Iso.of(range[1])).put("bucket", bucket)
          .put("buckets", new JsonArray(List.copyOf(buckets.values()))).put("totals", totals.toJson());
    });
  }

  /** Counts of one bucket, reasons and subjects in C order. */
  private static final class Bucket {
    long cleaned;
    long rejected;
    final Map<String, Long> byReason = new TreeMap<>();
    final Map<String, Long> bySubject = new TreeMap<>();

    void add(String reason, long records) {
      byReason.merge(reason, records, Long::sum);
      bySubject.merge(Reasons.subject(reason), records, Long::sum);
    }

    JsonObject toJson() {
      return new JsonObject().put("cleaned", cleaned).put("rejected", rejected)
          .put("byReason", new JsonObject(new LinkedHashMap<>(byReason)))
          .put("byField", new JsonObject(new LinkedHashMap<>(bySubject)));
    }
  }

  /** The newest events rejected for a reason, payloads cut to 2,000 characters. */
  Future<JsonObject> samples(Object body) {
    RequestFields f = RequestFields.lenient(body, Set.of("query", "reason", "limit"));
    String reason = f.string("reason", 100);
    if (reason == null) {
      throw ApiException.badParameter("reason", "'reason' is required, e.g. price:range");
    }
    if (!reasons.isKnown(reason)) {
      throw ApiException.badParameter("reason", "'reason' is not a reason the job gives: " + reason);
    }
    int limit = orDefault(f.integer("limit", 1, MAX_SAMPLES), DEFAULT_SAMPLES);
    return quality.samples(reason, limit).map(samples -> {
      JsonArray list = new JsonArray();
      for (QualityQueries.Sample s : samples) {
        list.add(new JsonObject()
            .put("id", s.id())
            .put("receivedAt", Iso.of(s.receivedAt()))
            .put("reasons", new JsonArray(s.reasons()))
            .put("payload", s.payload())
            .put("payloadTruncated", s.payloadLength() > s.payload().length())
            .put("processedAt", Iso.of(s.processedAt()))
            .put("runId", s.runId().toString()));
      }
      return new JsonObject().put("reason", reason).put("samples", list);
    });
  }

  /** The audit trail of re-cleaning requests, newest first: {@code {"requests": [...]}}. */
  /** The quality gates' hold, if any, and the newest entries of its audit (held, cleared, accepted, resolved). */
  Future<JsonObject> hold(Object body) {
    RequestFields f = RequestFields.lenient(body, Set.of("query", "limit"));
    int limit = orDefault(f.integer("limit", 1, MAX_LIMIT), DEFAULT_LIMIT);
    Future<GateStore.Hold> hold = GateStore.hold(pool);
    Future<JsonArray> actions = GateStore.actions(pool, limit);
    return Future.all(hold, actions).map(both -> new JsonObject().put("held", hold.result() != null)
        .put("hold", hold.result() == null ? null : hold.result().toJson()).put("actions", actions.result()));
  }

  Future<JsonObject> reprocessRequests(Object body) {
    RequestFields f = RequestFields.lenient(body, Set.of("query", "limit"));
    int limit = orDefault(f.integer("limit", 1, MAX_LIMIT), DEFAULT_LIMIT);
    return Reprocessing.audit(pool, limit).map(requests -> {
      JsonArray list = new JsonArray();
      for (Reprocessing.Audited r : requests) {
        list.add(new JsonObject()
            .put("requestId", r.requestId().toString())
            .put("requestedAt", Iso.of(r.requestedAt()))
            .put("requestedBy", r.requestedBy())
            .put("selectors", r.selectors())
            .put("dryRun", r.dryRun())
            .put("matched", r.matched())
            .put("requeued", r.requeued())
            .put("runId", r.runId() == null ? null : r.runId().toString()));
      }
      return new JsonObject().put("requests", list);
    });
  }

  /** [from, to): both optional; {@code to} defaults to now, {@code from} to {@code to} minus the default. */
  private static OffsetDateTime[] range(RequestFields f, Duration defaultRange) {
    OffsetDateTime to = f.timestamp("to");
    OffsetDateTime from = f.timestamp("from");
    if (to == null) {
      to = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }
    if (from == null) {
      from = to.minus(defaultRange);
    }
    inOrder(from, to);
    return new OffsetDateTime[] {from, to};
  }

  private static void inOrder(OffsetDateTime from, OffsetDateTime to) {
    if (from != null && to != null && !from.isBefore(to)) {
      throw ApiException.badParameter("from", "'from' must be before 'to'");
    }
  }

  private static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
