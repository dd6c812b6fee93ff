package io.homesales.cleaning.core.parse;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A decimal number read exactly from its text, of any length: {@code signum × digits × 10^exponent}.
 *
 * <p>The rules read every number exactly (docs/data-rules.md section 4.1) before any check ({@code 1e400} is a
 * number, out of range; a 1,500-digit price is out of range, not malformed). {@link BigDecimal} cannot hold an
 * exponent beyond an {@code int}, and building one from a million digits takes seconds, so this class keeps the
 * canonical digit string instead: no leading or trailing zeros, the exponent saturated at ±10^15 (far beyond any
 * exponent a 1,000,000-character payload can make meaningful). Every operation here is linear in the digits.
 *
 * @param signum   -1, 0 or 1
 * @param digits   the significant digits, no leading or trailing zero; empty for zero
 * @param exponent the power of ten applied to {@code digits}; 0 for zero
 */
public record ExactNumber(int signum, String digits, long exponent) implements Comparable<ExactNumber> {

  public static final ExactNumber ZERO = new ExactNumber(0, "", 0);
  public static final ExactNumber ONE = new ExactNumber(1, "1", 0);

  private static final long EXPONENT_LIMIT = 1_000_000_000_000_000L;
  /** Significant digits kept by {@link #toBoundedDecimal()}: more than any double rounding tie needs. */
  private static final int BOUNDED_DIGITS = 1200;
  /** Adjusted exponents beyond this are out of every range of the rules by hundreds of orders. */
  private static final int BOUNDED_MAGNITUDE = 400;

  /**
   * Parses {@code [+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?} (ASCII digits, digits on both sides of a point).
   *
   * @return the number, or null when the text does not match the grammar exactly
   */
  public static ExactNumber parse(CharSequence text) {
    int n = text.length();
    int i = 0;
    boolean negative = false;
    if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    int intStart = i;
    while (i < n && isDigit(text.charAt(i))) {
      i++;
    }
    int intEnd = i;
    if (intEnd == intStart) {
      return null;
    }
    int fracStart = i;
    int fracEnd = i;
    if (i < n && text.charAt(i) == '.') {
      fracStart = ++i;
      while (i < n && isDigit(text.charAt(i))) {
        i++;
      }
      fracEnd = i;
      if (fracEnd == fracStart) {
        return null;
      }
    }
    long exp = 0;
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      boolean negativeExp = false;
      if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        negativeExp = text.charAt(i) == '-';
        i++;
      }
      int expStart = i;
      while (i < n && isDigit(text.charAt(i))) {
        if (exp < EXPONENT_LIMIT) {
          exp = Math.min(EXPONENT_LIMIT, exp * 10 + (text.charAt(i) - '0'));
        }
        i++;
      }
      if (i == expStart) {
        return null;
      }
      exp = negativeExp ? -exp : exp;
    }
    if (i != n) {
      return null;
    }
    StringBuilder all = new StringBuilder((intEnd - intStart) + (fracEnd - fracStart));
    all.append(text, intStart, intEnd).append(text, fracStart, fracEnd);
    return normalise(negative ? -1 : 1, all, exp - (fracEnd - fracStart));
  }

  /** The exact value of a long. */
  public static ExactNumber of(long value) {
    return parse(Long.toString(value));
  }

  private static ExactNumber normalise(int sign, CharSequence rawDigits, long exponent) {
    int start = 0;
    int end = rawDigits.length();
    while (start < end && rawDigits.charAt(start) == '0') {
      start++;
    }
    if (start == end) {
      return ZERO;
    }
    while (rawDigits.charAt(end - 1) == '0') {
      end--;
    }
    long trailingZeros = rawDigits.length() - end;
    return new ExactNumber(sign, rawDigits.subSequence(start, end).toString(), exponent + trailingZeros);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  public boolean isZero() {
    return signum == 0;
  }

  /** True when the value has no fractional part ({@code 3.0} and {@code 3e0} are integers). */
  public boolean isInteger() {
    return signum == 0 || exponent >= 0;
  }

  /** Position of the most significant digit: the value lies in [10^a, 10^(a+1)). */
  private long adjustedExponent() {
    return digits.length() + exponent - 1;
  }

  /** Rounds half away from zero to {@code scale} decimals, exactly (as PostgreSQL {@code numeric} does). */
  public ExactNumber roundHalfAwayFromZero(int scale) {
    if (signum == 0 || exponent >= -scale) {
      return this;
    }
    // digits[0..keep) stay; digits[keep] decides.
    long keepLong = digits.length() + exponent + scale;
    if (keepLong < 0) {
      return ZERO; // the first dropped digit is a leading zero
    }
    int keep = (int) keepLong;
    boolean up = digits.charAt(keep) >= '5';
    StringBuilder kept = new StringBuilder(keep + 1).append(digits, 0, keep);
    if (up) {
      int i = kept.length() - 1;
      while (i >= 0 && kept.charAt(i) == '9') {
        kept.setCharAt(i, '0');
        i--;
      }
      if (i < 0) {
        kept.insert(0, '1');
      } else {
        kept.setCharAt(i, (char) (kept.charAt(i) + 1));
      }
    }
    return normalise(signum, kept, -scale);
  }

  /**
   * A {@link BigDecimal} that orders and divides like this number against every bound of the rules:
   * beyond {@value #BOUNDED_DIGITS} significant digits a final sticky {@code 1} stands for the rest, and
   * magnitudes beyond 10^±{@value #BOUNDED_MAGNITUDE} are clamped there. Its {@code doubleValue()} is the
   * nearest double of the exact value (no rounding tie of a double needs more digits than are kept).
   */
  public BigDecimal toBoundedDecimal() {
    if (signum == 0) {
      return BigDecimal.ZERO;
    }
    long adjusted = adjustedExponent();
    if (adjusted > BOUNDED_MAGNITUDE) {
      return BigDecimal.ONE.scaleByPowerOfTen(BOUNDED_MAGNITUDE + 1).multiply(BigDecimal.valueOf(signum));
    }
    if (adjusted < -BOUNDED_MAGNITUDE) {
      return BigDecimal.ONE.scaleByPowerOfTen(-BOUNDED_MAGNITUDE - 1).multiply(BigDecimal.valueOf(signum));
    }
    if (digits.length() <= 18) { // fits a long: skip parsing a BigInteger
      return BigDecimal.valueOf(signum * Long.parseLong(digits), Math.toIntExact(-exponent));
    }
    String kept = digits;
    long exp = exponent;
    if (digits.length() > BOUNDED_DIGITS) {
      kept = digits.substring(0, BOUNDED_DIGITS) + "1";
      exp += digits.length() - BOUNDED_DIGITS - 1;
    }
    BigInteger unscaled = new BigInteger(kept);
    return new BigDecimal(signum < 0 ? unscaled.negate() : unscaled, Math.toIntExact(-exp));
  }

  @Override
  public int compareTo(ExactNumber other) {
    if (signum != other.signum) {
      return Integer.compare(signum, other.signum);
    }
    if (signum == 0) {
      return 0;
    }
    return signum * compareMagnitude(other);
  }

  private int compareMagnitude(ExactNumber other) {
    int byExponent = Long.compare(adjustedExponent(), other.adjustedExponent());
    if (byExponent != 0) {
      return byExponent;
    }
    int common = Math.min(digits.length(), other.digits.length());
    for (int i = 0; i < common; i++) {
      int c = Character.compare(digits.charAt(i), other.digits.charAt(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(digits.length(), other.digits.length());
  }

  @Override
  public String toString() {
    if (signum == 0) {
      return "0";
    }
    return (signum < 0 ? "-" : "") + digits + (exponent == 0 ? "" : "E" + exponent);
  }
}
