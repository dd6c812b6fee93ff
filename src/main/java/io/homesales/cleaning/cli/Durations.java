package io.homesales.cleaning.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A command line's durations: ISO-8601 ({@code PT30M}, {@code P1D}) or short ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}). */
final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private Durations() {}

  /** The duration, or {@code fallback} when the option is not given; a bad one names the option. */
  static Duration parse(String text, String option, Duration fallback) {
    if (text == null) {
      return fallback;
    }
    Duration parsed = null;
    Matcher m = SHORT.matcher(text.strip());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      parsed = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    } else {
      try {
        parsed = Duration.parse(text.strip());
      } catch (DateTimeParseException notIso) {
        // below
      }
    }
    if (parsed == null || parsed.isNegative() || parsed.isZero()) {
      throw new Options.UsageException(option + " must be a duration longer than zero: ISO-8601 (PT30M) or 30s, 5m,"
          + " 2h (got '" + text + "')");
    }
    return parsed;
  }
}
