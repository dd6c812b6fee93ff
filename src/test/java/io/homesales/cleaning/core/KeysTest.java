package io.homesales.cleaning.core;

import static io.homesales.cleaning.core.Fixtures.cleaned;
import static io.homesales.cleaning.core.Fixtures.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** docs/data-rules.md section 4.2: every alias of every field, in every key spelling, feeds that field. */
class KeysTest {

  /** Field, a key that feeds it, a raw JSON value, and what the clean record must hold. */
  static Stream<Arguments> aliases() {
    return Stream.of(
        Arguments.of(Field.SALE_DATE, List.of("date", "saledate", "solddate"), "\"2015-01-02\"", LocalDate.of(2015, 1, 2)),
        Arguments.of(Field.PRICE, List.of("price", "saleprice", "soldprice"), "350000.5", new BigDecimal("350000.50")),
        Arguments.of(Field.ZIP_CODE, List.of("zipcode", "zip", "postalcode"), "\"98178\"", "98178"),
        Arguments.of(Field.BEDROOMS, List.of("bedrooms", "beds"), "4", (short) 4),
        Arguments.of(Field.BATHROOMS, List.of("bathrooms", "baths"), "2.75", new BigDecimal("2.75")),
        Arguments.of(Field.SQFT_LIVING, List.of("sqftliving", "livingsqft", "livingarea"), "2000", 2000),
        Arguments.of(Field.SQFT_LOT, List.of("sqftlot", "lotsqft", "lotsize"), "5000", 5000),
        Arguments.of(Field.FLOORS, List.of("floors", "stories"), "1.5", new BigDecimal("1.5")),
        Arguments.of(Field.WATERFRONT, List.of("waterfront"), "true", true),
        Arguments.of(Field.VIEW, List.of("view"), "2", (short) 2),
        Arguments.of(Field.CONDITION, List.of("condition"), "4", (short) 4),
        Arguments.of(Field.GRADE, List.of("grade"), "9", (short) 9),
        Arguments.of(Field.YR_BUILT, List.of("yrbuilt", "yearbuilt"), "1955", (short) 1955),
        Arguments.of(Field.YR_RENOVATED, List.of("yrrenovated", "yearrenovated"), "1991", (short) 1991),
        Arguments.of(Field.LATITUDE, List.of("lat", "latitude"), "47.5112", 47.5112),
        Arguments.of(Field.LONGITUDE, List.of("long", "lng", "lon", "longitude"), "-122.257", -122.257));
  }

  /** Spellings of a normalised alias that must normalise back to it. */
  static List<String> spellings(String alias) {
    String upper = alias.toUpperCase(java.util.Locale.ROOT);
    String spread = String.join("_", alias.split(""));
    return List.of(alias, upper, " " + alias + " ", spread, String.join("-", upper.split("")),
        String.join(".", alias.split("")), String.join(" ", alias.split("")),
        Character.toUpperCase(alias.charAt(0)) + alias.substring(1), "_-. " + alias + ".-_ ");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("aliases")
  void everyAliasInEverySpellingFeedsItsField(Field field, List<String> aliases, String raw, Object expected) {
    for (String alias : aliases) {
      for (String key : spellings(alias)) {
        CleanRecord record = cleaned(Payload.valid().set(field, key, raw).json());
        assertEquals(expected, column(record, field), () -> "key " + key);
      }
    }
  }

  @Test
  void contractExamplesAllNormaliseToSalePrice() {
    for (String key : List.of("Sale Price", "sale_price", "salePrice", "SALE-PRICE")) {
      assertEquals(new BigDecimal("123456.00"),
          cleaned(Payload.valid().set(Field.PRICE, key, "123456").json()).price(), key);
    }
  }

  @Test
  void unknownKeysAreIgnored() {
    CleanRecord record = cleaned(Payload.valid().with("id", "\"7129300520\"").with("sqft_above", "1180")
        .with("priceish", "\"junk\"").with("zip code extra", "[1]").json());
    assertEquals(new BigDecimal("221900.00"), record.price());
  }

  @Test
  void lowerCasingIsUnicodeDefaultWithoutLocale() {
    // U+0130 (capital I with dot) lower-cases to "i" + U+0307 in the root locale, so "Prİce" is no alias.
    assertEquals(List.of("price:missing"), reasons(Payload.valid().without(Field.PRICE)
        .with("Pr\u0130ce", "221900").json()));
    // Full-width or other look-alike letters are not folded either.
    assertEquals(List.of("price:missing"), reasons(Payload.valid().without(Field.PRICE)
        .with("\uFF50rice", "221900").json()));
  }

  @Test
  void severalKeysWithTheSameValueAgree() {
    CleanRecord record = cleaned(Payload.valid()
        .with("Price", "\"221,900\"").with("sale_price", "221900.0").with("SoldPrice", "2.219e5").json());
    assertEquals(new BigDecimal("221900.00"), record.price());
    record = cleaned(Payload.valid().with("beds", "\"3\"").with("BEDROOMS ", "3.0").json());
    assertEquals((short) 3, record.bedrooms());
    record = cleaned(Payload.valid().with("sold_date", "\"20141013T000000\"").with("saleDate", "\"10/13/2014\"").json());
    assertEquals(LocalDate.of(2014, 10, 13), record.saleDate());
    record = cleaned(Payload.valid().with("zip", "98178").with("postal_code", "\"98178-1234\"").json());
    assertEquals("98178", record.zipCode());
    record = cleaned(Payload.valid().with("waterfront", "1").with("Waterfront", "\"yes\"").with("WATERFRONT", "true").json());
    assertEquals(true, record.waterfront());
  }

  @Test
  void pricesAgreeAfterRoundingToCents() {
    assertEquals(new BigDecimal("221900.01"),
        cleaned(Payload.valid().set(Field.PRICE, "221900.005").with("sale_price", "221900.0149").json()).price());
  }

  @Test
  void doublesAreComparedAsTheExactDecimalsWritten() {
    assertEquals(47.5, cleaned(Payload.valid().with("lat", "47.5").with("latitude", "\"47.50\"").json()).latitude());
    // Both are the same double, but not the same decimal.
    assertEquals(List.of("latitude:conflict"),
        reasons(Payload.valid().with("lat", "47.5").with("latitude", "47.50000000000000000001").json()));
  }

  @Test
  void missingValuesTakeNoPartInTheConflictRule() {
    assertEquals((short) 4, cleaned(Payload.valid().set(Field.BEDROOMS, "beds", "null")
        .with("bedrooms", "4").with("BEDROOMS", "\"n/a\"").json()).bedrooms());
    assertEquals(List.of("bedrooms:missing"),
        reasons(Payload.valid().set(Field.BEDROOMS, "beds", "null").with("bedrooms", "\" NA \"").json()));
    assertNull(cleaned(Payload.valid().with("view", "null").with("VIEW", "\"?\"").json()).view());
  }

  @Test
  void differentValuesOrAnyBadValueAreAConflict() {
    assertEquals(List.of("bedrooms:conflict"), reasons(Payload.valid().with("beds", "4").json()));
    assertEquals(List.of("bedrooms:conflict"), reasons(Payload.valid().with("beds", "\"three\"").json()));
    assertEquals(List.of("bedrooms:conflict"), reasons(Payload.valid().with("beds", "3.5").json()));
    assertEquals(List.of("sale_date:conflict"), reasons(Payload.valid().with("sale_date", "\"2014-02-30\"").json()));
    assertEquals(List.of("zip_code:conflict"), reasons(Payload.valid().with("zip", "true").json()));
    assertEquals(List.of("waterfront:conflict"),
        reasons(Payload.valid().with("waterfront", "true").with("Water-front", "\"no\"").json()));
    // Conflict is the field's only reason, even when the agreed value would also be out of range.
    assertEquals(List.of("bedrooms:conflict"), reasons(Payload.valid().set(Field.BEDROOMS, "50").with("beds", "51").json()));
  }

  @Test
  void agreedValuesAreThenCheckedLikeAnyOther() {
    assertEquals(List.of("bedrooms:range"), reasons(Payload.valid().set(Field.BEDROOMS, "33").with("beds", "\"33\"").json()));
  }

  static Object column(CleanRecord r, Field field) {
    return switch (field) {
      case SALE_DATE -> r.saleDate();
      case PRICE -> r.price();
      case ZIP_CODE -> r.zipCode();
      case BEDROOMS -> r.bedrooms();
      case BATHROOMS -> r.bathrooms();
      case SQFT_LIVING -> r.sqftLiving();
      case SQFT_LOT -> r.sqftLot();
      case FLOORS -> r.floors();
      case WATERFRONT -> r.waterfront();
      case VIEW -> r.view();
      case CONDITION -> r.condition();
      case GRADE -> r.grade();
      case YR_BUILT -> r.yrBuilt();
      case YR_RENOVATED -> r.yrRenovated();
      case LATITUDE -> r.latitude();
      case LONGITUDE -> r.longitude();
    };
  }
}
