package io.homesales.cleaning.core.convert;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date formats of contract 4.3. Each pattern names its parts; a match must also be a real date and,
 * where written, a real time and offset. The date is taken as written, before any zone conversion.
 */
final class DateParser {

  private record Format(Pattern pattern, boolean hasTime, boolean hasOffset) {}

  private static final String DATE_DASHED = "(?<y>[0-9]{4})-(?<m>[0-9]{2})-(?<d>[0-9]{2})";

  private static final List<Format> FORMATS = List.of(
      // yyyyMMdd'T'HHmmss, e.g. 20141013T000000
      new Format(Pattern.compile(
          "(?<y>[0-9]{4})(?<m>[0-9]{2})(?<d>[0-9]{2})T(?<h>[0-9]{2})(?<mi>[0-9]{2})(?<s>[0-9]{2})"), true, false),
      // yyyy-MM-dd
      new Format(Pattern.compile(DATE_DASHED), false, false),
      // yyyy-MM-ddTHH:mm:ss, optional fraction of 1-9 digits, optional Z or +HH:MM / -HH:MM
      new Format(Pattern.compile(DATE_DASHED + "T(?<h>[0-9]{2}):(?<mi>[0-9]{2}):(?<s>[0-9]{2})"
          + "(?:\\.[0-9]{1,9})?(?:Z|(?<osign>[+-])(?<oh>[0-9]{2}):(?<om>[0-9]{2}))?"), true, true),
      // M/d/yyyy, one or two digits for month and day
      new Format(Pattern.compile("(?<m>[0-9]{1,2})/(?<d>[0-9]{1,2})/(?<y>[0-9]{4})"), false, false),
      // yyyy/MM/dd
      new Format(Pattern.compile("(?<y>[0-9]{4})/(?<m>[0-9]{2})/(?<d>[0-9]{2})"), false, false));

  /** The longest text any format can match: 2014-10-13T00:00:00.123456789+05:30. */
  private static final int LONGEST = 35;

  private DateParser() {}

  /** The date written in {@code trimmed}, or null when it is in no format or names no real date/time. */
  static LocalDate parse(String trimmed) {
    if (trimmed.length() > LONGEST) {
      return null;
    }
    for (Format format : FORMATS) {
      Matcher m = format.pattern().matcher(trimmed);
      if (m.matches()) {
        return realDate(m, format);
      }
    }
    return null;
  }

  private static LocalDate realDate(Matcher m, Format format) {
    if (format.hasTime() && (number(m, "h") > 23 || number(m, "mi") > 59 || number(m, "s") > 59)) {
      return null;
    }
    if (format.hasOffset() && m.group("osign") != null) {
      int hours = number(m, "oh");
      int minutes = number(m, "om");
      if (minutes > 59 || hours > 18 || (hours == 18 && minutes > 0)) {
        return null;
      }
    }
    try {
      return LocalDate.of(number(m, "y"), number(m, "m"), number(m, "d"));
    } catch (DateTimeException notADay) {
      return null;
    }
  }

  private static int number(Matcher m, String group) {
    return Integer.parseInt(m.group(group));
  }
}
