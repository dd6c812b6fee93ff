package io.homesales.cleaning.core;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every rejection reason of docs/data-rules.md (sections 4.1, 4.4, 5 and 7), in one place: the payload's, each
 * field's problems, the missing enrichments, and {@code database:<SQLSTATE>} for a record the database refused
 * (SQLSTATE classes 22 and 23). A reason is {@code <subject>:<detail>}; its subject is a field's name, or
 * {@code payload}, {@code enrichment} or {@code database}.
 */
public final class Reasons {

  public static final String PAYLOAD_TOO_LARGE = "payload:too_large";
  public static final String PAYLOAD_NOT_JSON = "payload:not_json";
  public static final String PAYLOAD_NOT_OBJECT = "payload:not_object";
  public static final String ENRICHMENT_POPULATION = "enrichment:population";
  public static final String ENRICHMENT_SCHOOLS = "enrichment:schools";
  public static final String ENRICHMENT_MORTGAGE_RATE = "enrichment:mortgage_rate";
  static final String DATABASE = "database";

  /** A SQLSTATE of class 22 (data exception) or 23 (integrity constraint violation): five digits or capitals. */
  private static final Pattern RECORD_FAULT = Pattern.compile("2[23][0-9A-Z]{3}");

  private static final List<String> FIXED = fixed();

  private Reasons() {}

  private static List<String> fixed() {
    List<String> reasons = new ArrayList<>(List.of(PAYLOAD_TOO_LARGE, PAYLOAD_NOT_JSON, PAYLOAD_NOT_OBJECT));
    for (Field field : Field.values()) {
      for (Problem problem : Problem.values()) {
        reasons.add(field.reason(problem));
      }
    }
    reasons.addAll(List.of(ENRICHMENT_POPULATION, ENRICHMENT_SCHOOLS, ENRICHMENT_MORTGAGE_RATE));
    return List.copyOf(reasons);
  }

  /** Every reason but the {@code database:*} ones, which are one per SQLSTATE. */
  public static List<String> fixedReasons() {
    return FIXED;
  }

  /** The reason of a record the database refused because of its values. */
  public static String database(String sqlState) {
    return DATABASE + ":" + sqlState;
  }

  /** Whether a SQLSTATE is one a record's values cause (classes 22 and 23). */
  public static boolean isRecordFault(String sqlState) {
    return sqlState != null && RECORD_FAULT.matcher(sqlState).matches();
  }

  /** Whether the job can give this reason. */
  public static boolean isKnown(String reason) {
    if (FIXED.contains(reason)) {
      return true;
    }
    return reason.startsWith(DATABASE + ":") && isRecordFault(reason.substring(DATABASE.length() + 1));
  }

  /** What reasons can be about: each field's name, {@code payload}, {@code enrichment} and {@code database}. */
  public static List<String> subjects() {
    List<String> subjects = new ArrayList<>(List.of("payload"));
    for (Field field : Field.values()) {
      subjects.add(field.columnName());
    }
    subjects.addAll(List.of("enrichment", DATABASE));
    return List.copyOf(subjects);
  }

  /** What a reason is about: a field's name, or {@code payload}, {@code enrichment}, {@code database}. */
  public static String subject(String reason) {
    int colon = reason.indexOf(':');
    return colon < 0 ? reason : reason.substring(0, colon);
  }
}
