package io.homesales.cleaning.gate;

import java.util.Locale;

/**
 * A warn and a fail limit on a share (0 to 1), either of them off ({@code NaN}). Written {@code WARN/FAIL}, each a
 * number or {@code off}: {@code 0.75/0.9}, {@code off/0.9}; {@code off} alone turns both off.
 */
public record Limits(double warn, double fail) {

  public static final Limits OFF = new Limits(Double.NaN, Double.NaN);

  public Limits {
    if (!Double.isNaN(warn) && !Double.isNaN(fail) && warn > fail) {
      throw new IllegalArgumentException("must have its warn limit at most its fail limit (got " + plain(warn) + "/"
          + plain(fail) + ")");
    }
  }

  /** The limit of a level: NaN when off (and for {@link Level#OK}). */
  public double of(Level level) {
    return switch (level) {
      case WARN -> warn;
      case FAIL -> fail;
      case OK -> Double.NaN;
    };
  }

  /** Reads {@code WARN/FAIL}, each above 0 and at most {@code max}; an {@link IllegalArgumentException} says why not. */
  public static Limits parse(String text, double max) {
    String t = text.trim();
    if (t.equals("off")) {
      return OFF;
    }
    int slash = t.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("must be WARN/FAIL, each a number or off, such as 0.75/0.9 (got '" + text
          + "')");
    }
    return new Limits(limit(t.substring(0, slash), max, text), limit(t.substring(slash + 1), max, text));
  }

  private static double limit(String part, double max, String text) {
    String p = part.trim();
    if (p.equals("off")) {
      return Double.NaN;
    }
    try {
      double value = Double.parseDouble(p);
      if (value > 0 && value <= max && !p.endsWith("d") && !p.endsWith("f") && !p.endsWith("D") && !p.endsWith("F")) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new IllegalArgumentException("must be WARN/FAIL, each a number above 0 and at most " + plain(max)
        + " or off (got '" + text + "')");
  }

  /** As written: {@code 0.75/0.9}, {@code off/0.9}, {@code off}. */
  @Override
  public String toString() {
    if (Double.isNaN(warn) && Double.isNaN(fail)) {
      return "off";
    }
    return plain(warn) + "/" + plain(fail);
  }

  /** A number as a setting is written: {@code 2}, {@code 0.25}; {@code off} for NaN. */
  public static String plain(double value) {
    if (Double.isNaN(value)) {
      return "off";
    }
    return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%s", value);
  }
}
