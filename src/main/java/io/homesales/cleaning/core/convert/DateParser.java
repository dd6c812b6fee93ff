package io.homesales.cleaning.core.convert;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * The date formats of docs/data-rules.md section 4.3, on a trimmed string (ASCII digits only; upper-case {@code T}
 * and {@code Z}):
 * <ol>
 *   <li>{@code yyyyMMdd'T'HHmmss}, e.g. {@code 20141013T000000};
 *   <li>{@code yyyy-MM-dd};
 *   <li>{@code yyyy-MM-ddTHH:mm:ss}, an optional fraction of 1 to 9 digits, an optional {@code Z} or
 *       {@code +HH:MM}/{@code -HH:MM} offset;
 *   <li>{@code M/d/yyyy}, one or two digits for month and day;
 *   <li>{@code yyyy/MM/dd}.
 * </ol>
 * The date must exist, a time must be real (hour 0-23, minute and second 0-59) and an offset at most
 * 18:00. The date is taken as written, before any zone conversion. Written by hand rather than with
 * regular expressions: dates are in every event and this is ten times faster.
 */
final class DateParser {

  private static final int NONE = -1;

  private DateParser() {}

  /** The date written in {@code s}, or null when it is in no format or names no real date or time. */
  static LocalDate parse(String s) {
    int n = s.length();
    if (n == 15 && s.charAt(8) == 'T') {
      return basicDateTime(s);
    }
    if (n >= 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
      return isoDateOrDateTime(s);
    }
    if (n == 10 && s.charAt(4) == '/' && s.charAt(7) == '/') {
      return date(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2));
    }
    return usDate(s);
  }

  /** yyyyMMdd'T'HHmmss */
  private static LocalDate basicDateTime(String s) {
    if (!realTime(digits(s, 9, 2), digits(s, 11, 2), digits(s, 13, 2))) {
      return null;
    }
    return date(digits(s, 0, 4), digits(s, 4, 2), digits(s, 6, 2));
  }

  /** yyyy-MM-dd, or yyyy-MM-ddTHH:mm:ss[.fffffffff][Z|±HH:MM] */
  private static LocalDate isoDateOrDateTime(String s) {
    int n = s.length();
    if (n > 10) {
      if (n < 19 || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':'
          || !realTime(digits(s, 11, 2), digits(s, 14, 2), digits(s, 17, 2))) {
        return null;
      }
      int i = 19;
      if (i < n && s.charAt(i) == '.') {
        int fractionStart = ++i;
        while (i < n && isDigit(s.charAt(i))) {
          i++;
        }
        int fractionDigits = i - fractionStart;
        if (fractionDigits < 1 || fractionDigits > 9) {
          return null;
        }
      }
      if (!validZone(s, i)) {
        return null;
      }
    }
    return date(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2));
  }

  /** Nothing, {@code Z}, or {@code ±HH:MM} up to 18:00, from {@code i} to the end. */
  private static boolean validZone(String s, int i) {
    int rest = s.length() - i;
    if (rest == 0) {
      return true;
    }
    if (rest == 1) {
      return s.charAt(i) == 'Z';
    }
    if (rest != 6 || (s.charAt(i) != '+' && s.charAt(i) != '-') || s.charAt(i + 3) != ':') {
      return false;
    }
    int hours = digits(s, i + 1, 2);
    int minutes = digits(s, i + 4, 2);
    return hours != NONE && minutes != NONE && minutes <= 59 && (hours < 18 || (hours == 18 && minutes == 0));
  }

  /** M/d/yyyy with one or two digits for month and day. */
  private static LocalDate usDate(String s) {
    int firstSlash = s.indexOf('/');
    int secondSlash = firstSlash < 0 ? -1 : s.indexOf('/', firstSlash + 1);
    if (firstSlash < 1 || firstSlash > 2 || secondSlash - firstSlash < 2 || secondSlash - firstSlash > 3
        || s.length() - secondSlash != 5) {
      return null;
    }
    return date(digits(s, secondSlash + 1, 4), digits(s, 0, firstSlash),
        digits(s, firstSlash + 1, secondSlash - firstSlash - 1));
  }

  private static boolean realTime(int hour, int minute, int second) {
    return hour != NONE && minute != NONE && second != NONE && hour <= 23 && minute <= 59 && second <= 59;
  }

  private static LocalDate date(int year, int month, int day) {
    if (year == NONE || month == NONE || day == NONE) {
      return null;
    }
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException notADay) {
      return null;
    }
  }

  /** The value of the {@code count} ASCII digits at {@code from}, or {@link #NONE}. */
  private static int digits(String s, int from, int count) {
    if (from + count > s.length()) {
      return NONE;
    }
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return NONE;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
