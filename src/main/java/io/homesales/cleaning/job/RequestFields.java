package io.homesales.cleaning.job;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A request's JSON fields, read strictly: every field must be known, and every value of its JSON type, or the
 * request is refused with a 400 naming the field. Query strings carry every value as text, so a lenient reader
 * (for the read-only questions) also takes numbers and booleans written as strings.
 */
final class RequestFields {

  /** How a field is named in messages: as JSON names it, in quotes. The command line names its flags instead. */
  static final UnaryOperator<String> JSON_NAMES = name -> "'" + name + "'";

  private final JsonObject body;
  private final boolean lenient;
  private final UnaryOperator<String> label;

  private RequestFields(JsonObject body, boolean lenient, UnaryOperator<String> label) {
    this.body = body;
    this.lenient = lenient;
    this.label = label;
  }

  /** A request body: null is an empty object; anything but an object, or an unknown field, is refused. */
  static RequestFields strict(Object body, Set<String> known) {
    return of(body, known, false, JSON_NAMES);
  }

  /** As {@link #strict}, with messages that name each field as {@code label} says. */
  static RequestFields strict(Object body, Set<String> known, UnaryOperator<String> label) {
    return of(body, known, false, label);
  }

  /** As {@link #strict}, with numbers and booleans also accepted as strings. */
  static RequestFields lenient(Object body, Set<String> known) {
    return of(body, known, true, JSON_NAMES);
  }

  private static RequestFields of(Object body, Set<String> known, boolean lenient, UnaryOperator<String> label) {
    JsonObject json;
    if (body == null) {
      json = new JsonObject();
    } else if (body instanceof JsonObject object) {
      json = object;
    } else {
      throw ApiException.badParameter("body", "the body must be a JSON object");
    }
    for (String name : json.fieldNames()) {
      if (!known.contains(name)) {
        throw ApiException.badParameter(name, "unknown field " + label.apply(name) + "; known: " + String.join(", ",
            known.stream().sorted().map(label).toList()));
      }
    }
    return new RequestFields(json, lenient, label);
  }

  /** The field's name as this request's messages say it. */
  String label(String name) {
    return label.apply(name);
  }

  boolean has(String name) {
    return body.getValue(name) != null;
  }

  Boolean bool(String name) {
    Object value = body.getValue(name);
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    if (lenient && (value.equals("true") || value.equals("false"))) {
      return Boolean.valueOf((String) value);
    }
    throw ApiException.badParameter(name, label.apply(name) + " must be true or false");
  }

  Integer integer(String name, int min, int max) {
    Object value = body.getValue(name);
    if (value == null) {
      return null;
    }
    Long parsed = null;
    if (value instanceof Integer || value instanceof Long) {
      parsed = ((Number) value).longValue();
    } else if (lenient && value instanceof String text && text.matches("[+-]?[0-9]{1,18}")) {
      parsed = Long.parseLong(text);
    }
    if (parsed == null || parsed < min || parsed > max) {
      throw ApiException.badParameter(name, label.apply(name) + " must be an integer from " + min + " to " + max);
    }
    return parsed.intValue();
  }

  String string(String name, int maxLength) {
    Object value = body.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw ApiException.badParameter(name, label.apply(name) + " must be a string");
    }
    if (text.length() > maxLength) {
      throw ApiException.badParameter(name, label.apply(name) + " is longer than " + maxLength + " characters");
    }
    return text;
  }

  /** One of {@code allowed}, or null when absent. */
  String oneOf(String name, List<String> allowed) {
    String value = string(name, 100);
    if (value != null && !allowed.contains(value)) {
      throw ApiException.badParameter(name, label.apply(name) + " must be one of " + String.join(", ", allowed));
    }
    return value;
  }

  /** An ISO-8601 timestamp with an offset ({@code 2026-12-01T10:00:00Z}), or null when absent. */
  OffsetDateTime timestamp(String name) {
    String value = string(name, 100);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException bad) {
      throw ApiException.badParameter(name,
          label.apply(name) + " must be an ISO-8601 timestamp with an offset, such as 2026-12-01T10:00:00Z");
    }
  }

  /** An ISO-8601 date ({@code 2015-05-14}), or null when absent. */
  LocalDate date(String name) {
    String value = string(name, 100);
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException bad) {
      throw ApiException.badParameter(name, label.apply(name) + " must be an ISO-8601 date, such as 2015-05-14");
    }
  }

  /** A JSON array of strings (or one string, as a list of one), or null when absent. */
  List<String> strings(String name, int maxItems) {
    Object value = body.getValue(name);
    if (value == null) {
      return null;
    }
    if (value instanceof String one) {
      return List.of(one);
    }
    if (!(value instanceof JsonArray array) || array.size() > maxItems
        || !array.stream().allMatch(item -> item instanceof String)) {
      throw ApiException.badParameter(name, label.apply(name) + " must be an array of at most " + maxItems + " strings");
    }
    return array.stream().map(String.class::cast).toList();
  }

  /** A JSON array of integers (ids), or null when absent. */
  List<Long> longs(String name, int maxItems) {
    Object value = body.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > maxItems
        || !array.stream().allMatch(item -> item instanceof Integer || item instanceof Long)) {
      throw ApiException.badParameter(name, label.apply(name) + " must be an array of 1 to " + maxItems + " integers");
    }
    return array.stream().map(item -> ((Number) item).longValue()).toList();
  }
}
