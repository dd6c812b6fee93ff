package io.homesales.cleaning.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds payload JSON from a valid base; values are raw JSON text ({@code "\"98178\""}, {@code 3}). */
public final class Payload {

  private final Map<String, String> members = new LinkedHashMap<>();

  private Payload() {}

  /** Every required field, valid. */
  public static Payload valid() {
    return new Payload()
        .with("date", "\"2014-10-13\"")
        .with("price", "221900")
        .with("zipcode", "\"98178\"")
        .with("bedrooms", "3")
        .with("bathrooms", "1")
        .with("sqft_living", "1180");
  }

  public static Payload empty() {
    return new Payload();
  }

  public Payload with(String key, String rawJson) {
    members.put(key, rawJson);
    return this;
  }

  /** Replaces the member that feeds {@code field} in the base with {@code key: rawJson}. */
  public Payload set(Field field, String key, String rawJson) {
    members.keySet().removeIf(k -> Field.forKey(k) == field);
    return with(key, rawJson);
  }

  public Payload set(Field field, String rawJson) {
    return set(field, field.columnName(), rawJson);
  }

  public Payload without(Field field) {
    members.keySet().removeIf(k -> Field.forKey(k) == field);
    return this;
  }

  public String json() {
    return members.entrySet().stream()
        .map(e -> quote(e.getKey()) + ":" + e.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }

  /** A JSON string literal: quotes, backslashes and control characters escaped. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  @Override
  public String toString() {
    return json();
  }
}
