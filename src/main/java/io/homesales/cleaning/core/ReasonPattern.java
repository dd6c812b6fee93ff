package io.homesales.cleaning.core;

/**
 * A reason, or every reason of one subject: {@code price:range} or {@code enrichment:*}. It selects records to
 * clean again by what they were rejected for; a pattern that can match no reason the job gives is refused, so a
 * typo is an error rather than a selection of nothing.
 *
 * @param exact the reason, when the pattern names one; null for a prefix pattern
 * @param prefix what the reasons begin with ({@code enrichment:}), for a prefix pattern; null otherwise
 */
public record ReasonPattern(String text, String exact, String prefix) {

  /** Parses a pattern; the exception's message says what is wrong and what would be right. */
  public static ReasonPattern parse(String text) {
    String pattern = text == null ? "" : text.strip();
    if (pattern.endsWith(":*")) {
      String subject = pattern.substring(0, pattern.length() - 2);
      if (!Reasons.subjects().contains(subject)) {
        throw new IllegalArgumentException("unknown reason pattern '" + text + "': " + subject
            + " is not a field, payload, enrichment or database");
      }
      return new ReasonPattern(pattern, null, subject + ":");
    }
    if (pattern.contains("*")) {
      throw new IllegalArgumentException("unknown reason pattern '" + text + "': a pattern is a reason"
          + " (price:range) or a subject and * (enrichment:*)");
    }
    if (!Reasons.isKnown(pattern)) {
      throw new IllegalArgumentException("unknown reason pattern '" + text + "': the job gives no such reason"
          + " (e.g. price:range, enrichment:schools, database:23505)");
    }
    return new ReasonPattern(pattern, pattern, null);
  }

  public boolean matches(String reason) {
    return exact != null ? exact.equals(reason) : reason.startsWith(prefix);
  }
}
