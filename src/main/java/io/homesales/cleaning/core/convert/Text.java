package io.homesales.cleaning.core.convert;

import java.util.Locale;
import java.util.Set;

/** String rules of docs/data-rules.md section 4.3: what trimming removes and which strings mean "missing". */
final class Text {

  private static final Set<String> MISSING = Set.of(
      "", "na", "n/a", "nan", "null", "none", "nil", "-", "--", "?", "unknown", "missing");

  private Text() {}

  /** U+0009..U+000D, U+001C..U+001F and U+0020; nothing else (NUL and no-break spaces stay). */
  static boolean isTrimmed(char c) {
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
  }

  static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isTrimmed(s.charAt(start))) {
      start++;
    }
    while (end > start && isTrimmed(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  /** Trimmed and lower-cased with Unicode's default rules, no locale. */
  static String folded(String s) {
    return trim(s).toLowerCase(Locale.ROOT);
  }

  static boolean isMissingPlaceholder(String s) {
    // A placeholder is at most 7 characters once trimmed; skip folding long strings.
    String trimmed = trim(s);
    return trimmed.length() <= 7 && MISSING.contains(trimmed.toLowerCase(Locale.ROOT));
  }
}
