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

  /** Parses a pattern of the core's reasons; the exception's message says what is wrong and what would be right. */
  public static ReasonPattern parse(String text) {
    return parse(text, ReasonRegistry.CORE);
  }

  /** Parses a pattern of the reasons {@code reasons} knows: the core's, and those its stages registered. */
  public static ReasonPattern parse(String text, ReasonRegistry reasons) {
    String pattern = text == null ? "" : text.strip();
    if (pattern.endsWith(":*")) {
      String subject = pattern.substring(0, pattern.length() - 2);
      if (!reasons.subjects().contains(subject)) {
        throw new IllegalArgumentException("unknown reason pattern '" + text + "': " + subject
            + " is not a field, payload, enrichment or database"
            + (reasons.stages().isEmpty() ? "" : ", nor a stage (" + String.join(", ", reasons.stages()) + ")"));
      }
      return new ReasonPattern(pattern, null, subject + ":");
    }
    if (pattern.contains("*")) {
      throw new IllegalArgumentException("unknown reason pattern '" + text + "': a pattern is a reason"
          + " (price:range) or a subject and * (enrichment:*)");
    }
    if (!reasons.isKnown(pattern)) {
      throw new IllegalArgumentException("unknown reason pattern '" + text + "': the job gives no such reason"
          + " (e.g. price:range, enrichment:schools, database:23505)");
    }
    return new ReasonPattern(pattern, pattern, null);
  }

  /**
   * A pattern checked before, as {@link #parse} wrote it ({@code text}): read again without a registry, for a run
   * that was handed the patterns of the request that started it.
   */
  public static ReasonPattern checked(String text) {
    return text.endsWith(":*") ? new ReasonPattern(text, null, text.substring(0, text.length() - 1))
        : new ReasonPattern(text, text, null);
  }

  public boolean matches(String reason) {
    return exact != null ? exact.equals(reason) : reason.startsWith(prefix);
  }
}
