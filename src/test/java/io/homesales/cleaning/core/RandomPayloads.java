package io.homesales.cleaning.core;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Seeded generators of payloads for the property tests: well-formed objects built from the contract's own
 * keys and value forms, mutations of valid payloads, random JSON and random text. A failing case is
 * reproduced from its seed and index, which the tests print.
 */
public final class RandomPayloads {

  private static final List<String> KEYS = List.of("date", "sale_date", "Sold Date", "price", "Sale Price",
      "SOLD-PRICE", "zipcode", "zip", "postal.code", "bedrooms", "beds", "BATHROOMS", "baths", "sqft_living",
      "livingArea", "living_sqft", "sqft_lot", "lot size", "floors", "Stories", "waterfront", "view", "condition",
      "grade", "yr_built", "yearBuilt", "yr_renovated", "Year-Renovated", "lat", "latitude", "long", "lng", "lon",
      "longitude", "id", "sqft_above", "notes", "", "\u0000", "pr\u0130ce");

  private static final List<String> STRINGS = List.of("", " ", "na", "N/A", " NaN ", "null", "None", "nil", "-",
      "--", "?", "unknown", "MISSING", "true", "False", "t", "F", "yes", "NO", "y", "n", "1", "0", "1.0", "3",
      "3.5", "$1,225,000", "1.225e+006", "221900", "-5", "+7", ".5", "5.", "1e400", "1e-400", "Infinity", "0x10",
      "98178", "98178-1234", "9817", "00501", "20141013T000000", "2014-10-13", "2014-10-13T10:00:00Z",
      "2014-10-13T10:00:00.123+05:30", "10/13/2014", "2014/10/13", "2014-02-30", "0000-01-01", "1899-12-31",
      "2099-01-01", "20141013T240000", "\u00A098178", "\t98178\n", "\u001C3\u001F", "\uD800", "\uDC00x",
      "\u0000", "é", "\uD83C\uDFE0", "1,2,3", "$$5", "47.5112", "-122.257", "1" + "0".repeat(1500));

  private static final List<String> NUMBERS = List.of("0", "-0", "1", "1.0", "3", "3.0", "3e0", "2.25", "2.3",
      "0.5", "20", "21", "-1", "1000", "999.995", "100000000", "100000000.005", "221900", "1e400", "-1e400",
      "1e-400", "1e999999", "1E+2", "47.5112", "-122.257", "1800", "2015", "2016", "98178", "99999", "100000",
      "1" + "0".repeat(1500), "0." + "0".repeat(500) + "1", "12345678901234567890");

  /** Characters that most often break or change JSON when inserted. */
  private static final String INSERTS = "{}[]\",:\\ 0e-";

  private final Random random;

  public RandomPayloads(long seed) {
    this.random = new Random(seed);
  }

  public String next() {
    int kind = random.nextInt(100);
    if (kind < 45) {
      return object(0);
    }
    if (kind < 65) {
      return mutatedValid();
    }
    if (kind < 80) {
      return mangled(object(0));
    }
    if (kind < 88) {
      return value(0);
    }
    if (kind < 94) {
      return randomBytes(random.nextInt(80));
    }
    return randomText(random.nextInt(60));
  }

  private String object(int depth) {
    StringBuilder json = new StringBuilder("{");
    int members = random.nextInt(depth == 0 ? 12 : 3);
    for (int i = 0; i < members; i++) {
      if (i > 0) {
        json.append(',');
      }
      String key = random.nextInt(10) == 0 ? randomText(5) : KEYS.get(random.nextInt(KEYS.size()));
      json.append(Payload.quote(key + (random.nextInt(8) == 0 ? i : ""))).append(':').append(value(depth + 1));
    }
    return json.append('}').toString();
  }

  private String value(int depth) {
    int kind = random.nextInt(depth > 3 ? 8 : 10);
    return switch (kind) {
      case 0, 1, 2 -> Payload.quote(STRINGS.get(random.nextInt(STRINGS.size())));
      case 3, 4 -> NUMBERS.get(random.nextInt(NUMBERS.size()));
      case 5 -> random.nextBoolean() ? "true" : "false";
      case 6 -> "null";
      case 7 -> Payload.quote(randomText(random.nextInt(12)));
      case 8 -> object(depth);
      default -> "[" + value(depth + 1) + (random.nextBoolean() ? "," + value(depth + 1) : "") + "]";
    };
  }

  private String mutatedValid() {
    Payload payload = Payload.valid();
    Field[] fields = Field.values();
    int changes = 1 + random.nextInt(3);
    for (int i = 0; i < changes; i++) {
      Field field = fields[random.nextInt(fields.length)];
      if (random.nextInt(4) == 0) {
        payload.without(field);
      } else {
        payload.set(field, value(1));
      }
    }
    return payload.json();
  }

  private String mangled(String json) {
    StringBuilder s = new StringBuilder(json);
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits && s.length() > 0; i++) {
      int at = random.nextInt(s.length());
      switch (random.nextInt(3)) {
        case 0 -> s.deleteCharAt(at);
        case 1 -> s.insert(at, INSERTS.charAt(random.nextInt(INSERTS.length())));
        default -> s.setCharAt(at, (char) random.nextInt(0x80));
      }
    }
    return s.toString();
  }

  /** Random bytes as a feed might mangle them: read as UTF-8 (malformed sequences replaced) or Latin-1. */
  private String randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    if (random.nextInt(4) == 0 && length > 2) {
      bytes[0] = '{';
      bytes[length - 1] = '}';
    }
    return new String(bytes, random.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
  }

  /** Any UTF-16 units: ASCII, controls, NUL, Latin-1, astral pairs and unpaired surrogates. */
  private String randomText(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(5)) {
        case 0 -> s.append((char) random.nextInt(0x20));
        case 1 -> s.append((char) (0xD800 + random.nextInt(0x800)));
        case 2 -> s.appendCodePoint(0x10000 + random.nextInt(0x10000));
        case 3 -> s.append((char) random.nextInt(0x100));
        default -> s.append((char) (0x20 + random.nextInt(0x5F)));
      }
    }
    return s.toString();
  }
}
