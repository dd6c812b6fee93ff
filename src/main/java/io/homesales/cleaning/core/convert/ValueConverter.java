package io.homesales.cleaning.core.convert;

import io.homesales.cleaning.core.Field;
import io.homesales.cleaning.core.parse.ExactNumber;
import io.homesales.cleaning.core.parse.JsonValue;
import java.util.Map;
import java.util.regex.Pattern;

/** docs/data-rules.md section 4.3: converts one present (not missing) raw value to its field's kind. */
final class ValueConverter {

  private static final Map<String, Boolean> BOOLEAN_WORDS = Map.ofEntries(
      Map.entry("true", true), Map.entry("false", false),
      Map.entry("t", true), Map.entry("f", false),
      Map.entry("yes", true), Map.entry("no", false),
      Map.entry("y", true), Map.entry("n", false),
      Map.entry("1", true), Map.entry("0", false));

  private static final Pattern ZIP = Pattern.compile("[0-9]{5}(?:-[0-9]{4})?");
  private static final ExactNumber MAX_ZIP = ExactNumber.of(99_999);
  private static final int CENTS = 2;

  private ValueConverter() {}

  /** True for JSON null and for the placeholder strings of docs/data-rules.md section 4.3. */
  static boolean isMissing(JsonValue raw) {
    return raw instanceof JsonValue.Null
        || (raw instanceof JsonValue.Text text && Text.isMissingPlaceholder(text.value()));
  }

  static Converted convert(Field.Kind kind, JsonValue raw) {
    return switch (kind) {
      case INTEGER -> integer(raw);
      case DECIMAL, DOUBLE -> number(raw);
      case PRICE -> price(raw);
      case BOOLEAN -> bool(raw);
      case DATE -> date(raw);
      case ZIP -> zip(raw);
    };
  }

  /**
   * A JSON number, or a string that, trimmed, less one leading {@code $} and every {@code ,}, matches
   * {@code [+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?}. Null when the value is not a number.
   */
  private static ExactNumber readNumber(JsonValue raw) {
    if (raw instanceof JsonValue.Number number) {
      return number.value();
    }
    if (raw instanceof JsonValue.Text text) {
      String s = Text.trim(text.value());
      if (s.startsWith("$")) {
        s = s.substring(1);
      }
      return ExactNumber.parse(s.replace(",", ""));
    }
    return null;
  }

  private static Converted number(JsonValue raw) {
    ExactNumber n = readNumber(raw);
    return n == null ? Converted.TYPE : new Converted.Value(n);
  }

  private static Converted integer(JsonValue raw) {
    ExactNumber n = readNumber(raw);
    return n == null || !n.isInteger() ? Converted.TYPE : new Converted.Value(n);
  }

  /** Prices are rounded to cents first, so conflicts and ranges see the rounded value. */
  private static Converted price(JsonValue raw) {
    ExactNumber n = readNumber(raw);
    return n == null ? Converted.TYPE : new Converted.Value(n.roundHalfAwayFromZero(CENTS));
  }

  private static Converted bool(JsonValue raw) {
    if (raw instanceof JsonValue.Bool bool) {
      return new Converted.Value(bool.value());
    }
    if (raw instanceof JsonValue.Number number) {
      ExactNumber n = number.value();
      if (n.isZero()) {
        return new Converted.Value(false);
      }
      return n.equals(ExactNumber.ONE) ? new Converted.Value(true) : Converted.TYPE;
    }
    if (raw instanceof JsonValue.Text text) {
      Boolean word = BOOLEAN_WORDS.get(Text.folded(text.value()));
      return word == null ? Converted.TYPE : new Converted.Value(word);
    }
    return Converted.TYPE;
  }

  private static Converted date(JsonValue raw) {
    if (!(raw instanceof JsonValue.Text text)) {
      return Converted.TYPE;
    }
    var date = DateParser.parse(Text.trim(text.value()));
    return date == null ? Converted.FORMAT : new Converted.Value(date);
  }

  /** A whole JSON number 0..99999 zero-padded, or a trimmed string ddddd / ddddd-dddd (first 5 kept). */
  private static Converted zip(JsonValue raw) {
    if (raw instanceof JsonValue.Number number) {
      ExactNumber n = number.value();
      if (n.isInteger() && n.signum() >= 0 && n.compareTo(MAX_ZIP) <= 0) {
        // Padded by hand: String.format parses its pattern with a regular expression at every call (measured on
        // the hot path), and its digits follow the default locale.
        String digits = Integer.toString(n.toBoundedDecimal().intValueExact());
        return new Converted.Value("00000".substring(digits.length()) + digits);
      }
      return Converted.FORMAT;
    }
    if (raw instanceof JsonValue.Text text) {
      String s = Text.trim(text.value());
      return ZIP.matcher(s).matches() ? new Converted.Value(s.substring(0, 5)) : Converted.FORMAT;
    }
    return Converted.TYPE;
  }
}
