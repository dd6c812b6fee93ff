package io.homesales.cleaning.job;

import io.homesales.cleaning.core.ReasonPattern;
import io.homesales.cleaning.core.ReasonRegistry;
import io.homesales.cleaning.run.Iso;
import io.homesales.cleaning.store.Reprocessing;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request to clean processed records again, as JSON: the same names for the event bus, the HTTP API and (as
 * {@code --kebab-case} flags) the CLI, checked here for all three. Selectors combine (every one given must match):
 * {@code reason} (patterns, any of which matches), {@code outcome}, {@code ids}, {@code idRange}
 * ({@code "FROM-TO"}), {@code receivedFrom}/{@code receivedTo} ([from, to)), {@code saleDateFrom}/{@code saleDateTo}
 * (cleaned records, dates inclusive) and {@code run}. With none, {@code all} must say so.
 *
 * <p>Public for the job's own packages; not a supported API (docs/embedding.md lists what is).
 */
public record ReprocessRequest(Reprocessing.Selection selection, JsonObject selectors, boolean dryRun,
    boolean runNow, int sample, String requestedBy) {

  static final int MAX_IDS = 100_000;
  static final int DEFAULT_SAMPLE = 20;
  /** What a caller asks with: the selectors, then {@code all}, {@code dryRun}, {@code runNow} and {@code sample}. */
  public static final Set<String> CALLER_FIELDS;
  static final List<String> SELECTORS = List.of("reason", "outcome", "ids", "idRange", "receivedFrom", "receivedTo",
      "saleDateFrom", "saleDateTo", "run");

  static {
    Set<String> fields = new LinkedHashSet<>(SELECTORS);
    fields.addAll(List.of("all", "dryRun", "runNow", "sample"));
    CALLER_FIELDS = Collections.unmodifiableSet(fields);
  }
  private static final Pattern ID_RANGE = Pattern.compile("(\\d{1,18})-(\\d{1,18})");

  /**
   * Reads and checks a request; {@code requester} names who asks when the request does not ({@code requestedBy}
   * is taken from event-bus callers only: HTTP and the CLI say who they are themselves).
   */
  public static ReprocessRequest fromJson(Object body, String requester) {
    return fromJson(body, requester, ReasonRegistry.CORE);
  }

  /**
   * As {@link #fromJson(Object, String)}, with messages that name each field as {@code label} says: the command
   * line names its flags ({@code --sale-date-from}), not the JSON fields. The runnable jar's own reasons are the
   * core's: it has no stage that registers more.
   */
  public static ReprocessRequest fromJson(Object body, String requester, UnaryOperator<String> label) {
    return fromJson(body, requester, ReasonRegistry.CORE, label);
  }

  /** As {@link #fromJson(Object, String)}, with the reasons {@code reasons} knows (the core's and its stages'). */
  public static ReprocessRequest fromJson(Object body, String requester, ReasonRegistry reasons) {
    return fromJson(body, requester, reasons, RequestFields.JSON_NAMES);
  }

  /**
   * As {@link #fromJson(Object, String, ReasonRegistry)}, with messages that name each field as {@code label} says:
   * the command line names its flags ({@code --sale-date-from}), not the JSON fields.
   */
  public static ReprocessRequest fromJson(Object body, String requester, ReasonRegistry reasons,
      UnaryOperator<String> label) {
    Set<String> known = new HashSet<>(CALLER_FIELDS);
    known.add("requestedBy"); // from event-bus callers; HTTP and the CLI say who they are themselves
    RequestFields f = RequestFields.strict(body, known, label);
    List<String> patterns = f.strings("reason", 100);
    List<String> exact = null;
    List<String> prefixes = null;
    if (patterns != null) {
      exact = new ArrayList<>();
      prefixes = new ArrayList<>();
      for (String text : patterns) {
        ReasonPattern pattern;
        try {
          pattern = ReasonPattern.parse(text, reasons);
        } catch (IllegalArgumentException unknown) {
          throw ApiException.badParameter("reason", unknown.getMessage());
        }
        if (pattern.exact() != null) {
          exact.add(pattern.exact());
        } else {
          prefixes.add(pattern.prefix());
        }
      }
    }
    String outcome = f.oneOf("outcome", List.of("cleaned", "rejected"));
    List<Long> ids = f.longs("ids", MAX_IDS);
    Long idFrom = null;
    Long idTo = null;
    String range = f.string("idRange", 40);
    if (range != null) {
      Matcher m = ID_RANGE.matcher(range.strip());
      if (!m.matches()) {
        throw ApiException.badParameter("idRange", f.label("idRange") + " must be FROM-TO, two ids, e.g. 1000-2000");
      }
      idFrom = Long.parseLong(m.group(1));
      idTo = Long.parseLong(m.group(2));
      if (idFrom > idTo) {
        throw ApiException.badParameter("idRange", f.label("idRange") + " is inverted: " + idFrom + " is after " + idTo);
      }
    }
    OffsetDateTime receivedFrom = f.timestamp("receivedFrom");
    OffsetDateTime receivedTo = f.timestamp("receivedTo");
    if (receivedFrom != null && receivedTo != null && !receivedFrom.isBefore(receivedTo)) {
      throw ApiException.badParameter("receivedFrom", f.label("receivedFrom") + " must be before " + f.label("receivedTo"));
    }
    LocalDate saleDateFrom = f.date("saleDateFrom");
    LocalDate saleDateTo = f.date("saleDateTo");
    if (saleDateFrom != null && saleDateTo != null && saleDateFrom.isAfter(saleDateTo)) {
      throw ApiException.badParameter("saleDateFrom", f.label("saleDateFrom") + " is after " + f.label("saleDateTo"));
    }
    String run = f.string("run", 100);
    UUID runId = null;
    if (run != null) {
      try {
        runId = UUID.fromString(run);
      } catch (IllegalArgumentException notAUuid) {
        throw ApiException.badParameter("run", f.label("run") + " must be a run id (a UUID)");
      }
    }
    boolean all = Boolean.TRUE.equals(f.bool("all"));
    boolean anySelector = SELECTORS.stream().anyMatch(f::has);
    if (!anySelector && !all) {
      throw ApiException.badParameter("all", "no selector given: name at least one ("
          + String.join(", ", SELECTORS.stream().map(f::label).toList()) + "), or give " + f.label("all")
          + " to clean every processed record again");
    }
    if (anySelector && all) {
      throw ApiException.badParameter("all", f.label("all") + " takes every processed record: it cannot be combined"
          + " with selectors");
    }
    boolean dryRun = Boolean.TRUE.equals(f.bool("dryRun"));
    boolean runNow = Boolean.TRUE.equals(f.bool("runNow"));
    if (dryRun && runNow) {
      throw ApiException.badParameter("runNow", "a dry run changes nothing, so there is nothing to run now");
    }
    Integer sample = f.integer("sample", 0, 100);
    String requestedBy = f.string("requestedBy", 200);
    JsonObject selectors = new JsonObject();
    if (all) {
      selectors.put("all", true);
    }
    if (patterns != null) {
      selectors.put("reason", new JsonArray(patterns.stream().map(String::strip).toList())); // as parsed
    }
    selectors.put("outcome", outcome).put("ids", ids == null ? null : new JsonArray(ids)).put("idRange", range)
        .put("receivedFrom", Iso.of(receivedFrom)).put("receivedTo", Iso.of(receivedTo))
        .put("saleDateFrom", saleDateFrom == null ? null : saleDateFrom.toString())
        .put("saleDateTo", saleDateTo == null ? null : saleDateTo.toString())
        .put("run", runId == null ? null : runId.toString());
    selectors.fieldNames().removeIf(name -> selectors.getValue(name) == null);
    return new ReprocessRequest(new Reprocessing.Selection(exact, prefixes, outcome, ids, idFrom, idTo, receivedFrom,
        receivedTo, saleDateFrom, saleDateTo, runId), selectors, dryRun, runNow,
        sample == null ? DEFAULT_SAMPLE : sample, requestedBy == null ? requester : requestedBy);
  }
}
