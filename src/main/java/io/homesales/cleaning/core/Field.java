package io.homesales.cleaning.core;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The field table of docs/data-rules.md section 4.2: each field's name, the normalised keys that feed it, its value
 * kind and whether it is required. The "valid when" column lives as constraints on
 * {@link io.homesales.cleaning.core.validate.SaleCandidate}, one annotation per rule.
 */
public enum Field {
  SALE_DATE("sale_date", "saleDate", Kind.DATE, true, "date", "saledate", "solddate"),
  PRICE("price", "price", Kind.PRICE, true, "price", "saleprice", "soldprice"),
  ZIP_CODE("zip_code", "zipCode", Kind.ZIP, true, "zipcode", "zip", "postalcode"),
  BEDROOMS("bedrooms", "bedrooms", Kind.INTEGER, true, "bedrooms", "beds"),
  BATHROOMS("bathrooms", "bathrooms", Kind.DECIMAL, true, "bathrooms", "baths"),
  SQFT_LIVING("sqft_living", "sqftLiving", Kind.INTEGER, true, "sqftliving", "livingsqft", "livingarea"),
  SQFT_LOT("sqft_lot", "sqftLot", Kind.INTEGER, false, "sqftlot", "lotsqft", "lotsize"),
  FLOORS("floors", "floors", Kind.DECIMAL, false, "floors", "stories"),
  WATERFRONT("waterfront", "waterfront", Kind.BOOLEAN, false, "waterfront"),
  VIEW("view", "view", Kind.INTEGER, false, "view"),
  CONDITION("condition", "condition", Kind.INTEGER, false, "condition"),
  GRADE("grade", "grade", Kind.INTEGER, false, "grade"),
  YR_BUILT("yr_built", "yrBuilt", Kind.INTEGER, false, "yrbuilt", "yearbuilt"),
  YR_RENOVATED("yr_renovated", "yrRenovated", Kind.INTEGER, false, "yrrenovated", "yearrenovated"),
  LATITUDE("latitude", "latitude", Kind.DOUBLE, false, "lat", "latitude"),
  LONGITUDE("longitude", "longitude", Kind.DOUBLE, false, "long", "lng", "lon", "longitude");

  /** How a raw value is converted before validation (docs/data-rules.md section 4.3). */
  public enum Kind { DATE, PRICE, ZIP, INTEGER, DECIMAL, BOOLEAN, DOUBLE }

  private static final Map<String, Field> BY_KEY = Arrays.stream(values())
      .flatMap(field -> field.keys.stream().map(key -> Map.entry(key, field)))
      .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

  private static final Map<String, Field> BY_PROPERTY = Arrays.stream(values())
      .collect(Collectors.toUnmodifiableMap(Field::property, Function.identity()));

  private final String columnName;
  private final String property;
  private final Kind kind;
  private final boolean required;
  private final List<String> keys;
  /** The reason strings, one per problem: made once, so that a rejection allocates none and hashes none anew. */
  private final String[] reasons;

  Field(String columnName, String property, Kind kind, boolean required, String... keys) {
    this.columnName = columnName;
    this.property = property;
    this.kind = kind;
    this.required = required;
    this.keys = List.of(keys);
    this.reasons = new String[Problem.values().length];
    for (Problem problem : Problem.values()) {
      reasons[problem.ordinal()] = columnName + ":" + problem.label();
    }
  }

  /** The field's name in the data rules, in reasons and as the clean table's column. */
  public String columnName() {
    return columnName;
  }

  /** The Java property of {@link io.homesales.cleaning.core.validate.SaleCandidate} holding the field. */
  public String property() {
    return property;
  }

  public Kind kind() {
    return kind;
  }

  public boolean required() {
    return required;
  }

  /** The reason string (docs/data-rules.md section 5) for a problem of this field, e.g. {@code price:range}. */
  public String reason(Problem problem) {
    return reasons[problem.ordinal()];
  }

  /**
   * Raw keys already seen, with the field each feeds. A feed sends the same few keys in every event, so
   * this saves normalising them again; it stops growing at {@value #KEY_MEMO_LIMIT} entries so that a
   * stream of random keys cannot make it large.
   */
  private static final Map<String, Optional<Field>> KEY_MEMO = new ConcurrentHashMap<>();
  private static final int KEY_MEMO_LIMIT = 4096;

  /** The field a payload key feeds, after the key's normalisation, or null when it feeds none. */
  public static Field forKey(String rawKey) {
    Optional<Field> known = KEY_MEMO.get(rawKey);
    if (known != null) {
      return known.orElse(null);
    }
    Field field = BY_KEY.get(normaliseKey(rawKey));
    if (KEY_MEMO.size() < KEY_MEMO_LIMIT && rawKey.length() <= 64) {
      KEY_MEMO.put(rawKey, Optional.ofNullable(field));
    }
    return field;
  }

  public static Field forProperty(String property) {
    Field field = BY_PROPERTY.get(property);
    if (field == null) {
      throw new IllegalArgumentException("no field for property " + property);
    }
    return field;
  }

  /** Lower-case (Unicode default, no locale) and delete every {@code _}, {@code -}, {@code .} and space. */
  static String normaliseKey(String rawKey) {
    StringBuilder key = new StringBuilder(rawKey.length());
    for (int i = 0; i < rawKey.length(); i++) {
      char c = rawKey.charAt(i);
      if (c >= 0x80) {
        return normaliseUnicodeKey(rawKey); // rare: let the JDK apply Unicode's full lower-casing
      }
      if (c != '_' && c != '-' && c != '.' && c != ' ') {
        key.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
      }
    }
    return key.toString();
  }

  private static String normaliseUnicodeKey(String rawKey) {
    String lower = rawKey.toLowerCase(Locale.ROOT);
    StringBuilder key = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (c != '_' && c != '-' && c != '.' && c != ' ') {
        key.append(c);
      }
    }
    return key.toString();
  }
}
