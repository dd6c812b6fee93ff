package io.homesales.cleaning.core;

import static io.homesales.cleaning.core.Fixtures.cleaned;
import static io.homesales.cleaning.core.Fixtures.reasons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.homesales.cleaning.core.enrich.EnrichmentRows;
import io.homesales.cleaning.core.enrich.MortgageRate;
import io.homesales.cleaning.core.enrich.School;
import io.homesales.cleaning.core.enrich.ZipPopulation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** docs/data-rules.md sections 4.2, 4.4 and 5: every reason string the rules can produce, asserted exactly. */
class ReasonsTest {

  @ParameterizedTest
  @EnumSource(value = Field.class, names = {"SALE_DATE", "PRICE", "ZIP_CODE", "BEDROOMS", "BATHROOMS", "SQFT_LIVING"})
  void requiredFieldsAreMissingWhenAbsent(Field field) {
    assertEquals(List.of(field.columnName() + ":missing"), reasons(Payload.valid().without(field).json()));
  }

  @ParameterizedTest
  @EnumSource(value = Field.class, names = {"SQFT_LOT", "FLOORS", "WATERFRONT", "VIEW", "CONDITION", "GRADE",
      "YR_BUILT", "YR_RENOVATED", "LATITUDE", "LONGITUDE"})
  void optionalFieldsAreNullWhenAbsent(Field field) {
    assertNull(KeysTest.column(cleaned(Payload.valid().without(field).json()), field));
  }

  @Test
  void everyFieldIsReportedNotOnlyTheFirst() {
    assertEquals(List.of("bathrooms:missing", "bedrooms:missing", "price:missing", "sale_date:missing",
        "sqft_living:missing", "zip_code:missing"), reasons("{}"));
  }

  @ParameterizedTest
  @EnumSource(Field.class)
  void everyFieldHasATypeProblemForObjectsAndArrays(Field field) {
    String reason = field.columnName() + ":type";
    assertEquals(List.of(reason), reasons(Payload.valid().set(field, "{\"v\":1}").json()));
    assertEquals(List.of(reason), reasons(Payload.valid().set(field, "[1]").json()));
  }

  @ParameterizedTest
  @EnumSource(value = Field.class, names = {"PRICE", "BEDROOMS", "BATHROOMS", "SQFT_LIVING", "SQFT_LOT", "FLOORS",
      "VIEW", "CONDITION", "GRADE", "YR_BUILT", "YR_RENOVATED", "LATITUDE", "LONGITUDE"})
  void numericFieldsHaveATypeProblemForBooleansAndWords(Field field) {
    assertEquals(List.of(field.columnName() + ":type"), reasons(Payload.valid().set(field, "true").json()));
    assertEquals(List.of(field.columnName() + ":type"), reasons(Payload.valid().set(field, "\"two\"").json()));
  }

  /** Two keys of one field with different values, for every field. */
  static Stream<Arguments> conflicts() {
    return Stream.of(
        Arguments.of(Field.SALE_DATE, "date", "\"2014-10-13\"", "solddate", "\"2014-10-14\""),
        Arguments.of(Field.PRICE, "price", "221900", "soldprice", "221901"),
        Arguments.of(Field.ZIP_CODE, "zipcode", "\"98178\"", "zip", "98179"),
        Arguments.of(Field.BEDROOMS, "bedrooms", "3", "beds", "2"),
        Arguments.of(Field.BATHROOMS, "bathrooms", "1", "baths", "1.25"),
        Arguments.of(Field.SQFT_LIVING, "sqft_living", "1180", "living_area", "1181"),
        Arguments.of(Field.SQFT_LOT, "sqft_lot", "5000", "lotSize", "5001"),
        Arguments.of(Field.FLOORS, "floors", "1", "stories", "2"),
        Arguments.of(Field.WATERFRONT, "waterfront", "true", "Waterfront", "\"n\""),
        Arguments.of(Field.VIEW, "view", "0", "VIEW", "1"),
        Arguments.of(Field.CONDITION, "condition", "3", "Condition", "4"),
        Arguments.of(Field.GRADE, "grade", "7", "GRADE", "8"),
        Arguments.of(Field.YR_BUILT, "yr_built", "1955", "yearBuilt", "1956"),
        Arguments.of(Field.YR_RENOVATED, "yr_renovated", "0", "year_renovated", "1991"),
        Arguments.of(Field.LATITUDE, "lat", "47.5", "latitude", "47.6"),
        Arguments.of(Field.LONGITUDE, "long", "-122.2", "lng", "-122.3"));
  }

  @ParameterizedTest
  @MethodSource("conflicts")
  void everyFieldHasAConflictReason(Field field, String key1, String value1, String key2, String value2) {
    assertEquals(List.of(field.columnName() + ":conflict"),
        reasons(Payload.valid().set(field, key1, value1).with(key2, value2).json()));
  }

  /** Field, the bounds (inclusive, valid), and values just outside them. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "PRICE|1000|100000000|999.99|100000000.01",
      "PRICE|999.995|100000000.004|999.994|100000000.005",
      "BEDROOMS|0|20|-1|21",
      "BATHROOMS|0|20|-0.25|20.25",
      "SQFT_LIVING|100|30000|99|30001",
      "SQFT_LOT|100|50000000|99|50000001",
      "FLOORS|1|5|0.5|5.5",
      "VIEW|0|4|-1|5",
      "CONDITION|1|5|0|6",
      "GRADE|1|13|0|14",
      "YR_BUILT|1800|2015|1799|2016",
      "YR_RENOVATED|1800|2014|1799|2015",
      "LATITUDE|-90|90|-90.000001|90.000001",
      "LONGITUDE|-180|180|-180.0000000001|180.0000000001"})
  void rangesAreInclusiveAndEachBreachIsARangeReason(Field field, String low, String high, String below, String above) {
    // The sale is in 2014 and yr_built is absent, so the year bounds are 2015 (built) and 2014 (renovated).
    Payload base = Payload.valid();
    for (String ok : List.of(low, high)) {
      assertEquals(List.of(), reasons(Payload.valid().set(field, ok).json()), () -> field + "=" + ok);
    }
    for (String bad : List.of(below, above)) {
      assertEquals(List.of(field.columnName() + ":range"), reasons(base.set(field, bad).json()), () -> field + "=" + bad);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"BATHROOMS|2.25|2.3", "BATHROOMS|0.75|0.1", "BATHROOMS|19.5|2.125",
      "FLOORS|2.5|2.25", "FLOORS|1.0|1.1"})
  void multiplesOfAStepAreRangeRules(Field field, String multiple, String notMultiple) {
    assertEquals(List.of(), reasons(Payload.valid().set(field, multiple).json()));
    assertEquals(List.of(field.columnName() + ":range"), reasons(Payload.valid().set(field, notMultiple).json()));
  }

  @Test
  void hugeAndTinyNumbersAreReadExactlyAndOutOfRange() {
    assertEquals(List.of("price:range"), reasons(Payload.valid().set(Field.PRICE, "1e400").json()));
    assertEquals(List.of("price:range"), reasons(Payload.valid().set(Field.PRICE, "1e999999").json()));
    assertEquals(List.of("price:range"), reasons(Payload.valid().set(Field.PRICE, "\"1e99999999999999999999\"").json()));
    assertEquals(List.of("price:range"), reasons(Payload.valid().set(Field.PRICE, "-1e400").json()));
    assertEquals(List.of("price:range"), reasons(Payload.valid().set(Field.PRICE, "1e-999999").json()));
    assertEquals(List.of("bedrooms:range"), reasons(Payload.valid().set(Field.BEDROOMS, "1e400").json()));
    assertEquals(List.of("bedrooms:type"), reasons(Payload.valid().set(Field.BEDROOMS, "1e-400").json()));
    assertEquals(List.of("sqft_living:range"), reasons(Payload.valid().set(Field.SQFT_LIVING, "4294967396").json()));
    assertEquals(List.of("latitude:range"), reasons(Payload.valid().with("lat", "-1e999999").json()));
    assertEquals(List.of("floors:range"), reasons(Payload.valid().with("floors", "1e-999999").json()));
  }

  @Test
  void saleDateCannotBeAfterTheUtcDateOfReceipt() {
    // RECEIVED is 2015-06-01T12:00Z.
    assertEquals(List.of(), reasons(Payload.valid().set(Field.SALE_DATE, "\"2015-06-01\"").json()));
    assertEquals(List.of("sale_date:range"), reasons(Payload.valid().set(Field.SALE_DATE, "\"2015-06-02\"").json()));
    // 23:00 at -05:00 is already the next day in UTC.
    RawEvent lateInTheDay = new RawEvent(1, OffsetDateTime.parse("2015-06-01T23:00:00-05:00"),
        Payload.valid().set(Field.SALE_DATE, "\"2015-06-02\"").json());
    assertEquals(Cleaned.class, Fixtures.CLEANER.clean(lateInTheDay, Fixtures.ROWS).getClass());
    RawEvent earlyInTheDay = new RawEvent(1, OffsetDateTime.parse("2015-06-02T01:00:00+05:00"),
        Payload.valid().set(Field.SALE_DATE, "\"2015-06-02\"").json());
    assertEquals(new Rejected(1, List.of("sale_date:range")), Fixtures.CLEANER.clean(earlyInTheDay, Fixtures.ROWS));
  }

  @Test
  void yearBoundsFollowTheSaleAndBuildYears() {
    Payload sale2014 = Payload.valid(); // sold 2014-10-13
    assertEquals(List.of(), reasons(sale2014.with("yr_built", "2015").json()));
    assertEquals(List.of(), reasons(Payload.valid().with("yr_built", "2014").with("yr_renovated", "2014").json()));
    assertEquals(List.of("yr_renovated:range"),
        reasons(Payload.valid().with("yr_built", "2015").with("yr_renovated", "2014").json()));
    assertEquals(List.of("yr_built:range", "yr_renovated:range"),
        reasons(Payload.valid().with("yr_built", "2016").with("yr_renovated", "2015").json()));
    assertEquals(List.of("yr_renovated:range"),
        reasons(Payload.valid().with("yr_built", "1990").with("yr_renovated", "1989").json()));
    assertEquals(List.of(), reasons(Payload.valid().with("yr_built", "1990").with("yr_renovated", "1990").json()));
  }

  @Test
  void renovationYearZeroMeansNeverAndIsStoredAsNull() {
    assertNull(cleaned(Payload.valid().with("yr_built", "1955").with("yr_renovated", "0").json()).yrRenovated());
    assertNull(cleaned(Payload.valid().with("yr_renovated", "\"0.0\"").json()).yrRenovated());
    assertEquals((short) 1991, cleaned(Payload.valid().with("yr_built", "1955").with("yr_renovated", "\"1991\"").json()).yrRenovated());
  }

  @Test
  void aBoundNeedingAnInvalidOrAbsentFieldIsNotChecked() {
    // sale_date invalid: yr_built's upper bound and yr_renovated's are not checked; their lower ones are.
    assertEquals(List.of("sale_date:format"),
        reasons(Payload.valid().set(Field.SALE_DATE, "\"someday\"").with("yr_built", "2999").with("yr_renovated", "2999").json()));
    assertEquals(List.of("sale_date:range", "yr_built:range"),
        reasons(Payload.valid().set(Field.SALE_DATE, "\"2999-01-01\"").with("yr_built", "1700").json()));
    assertEquals(List.of("sale_date:missing", "yr_renovated:range"),
        reasons(Payload.valid().without(Field.SALE_DATE).with("yr_renovated", "1799").json()));
    // yr_built out of range (either bound) does not bound yr_renovated.
    assertEquals(List.of("yr_built:range"), reasons(Payload.valid().with("yr_built", "2016").with("yr_renovated", "2000").json()));
    assertEquals(List.of("yr_built:range"), reasons(Payload.valid().with("yr_built", "1700").with("yr_renovated", "1800").json()));
    assertEquals(List.of("yr_built:type"), reasons(Payload.valid().with("yr_built", "\"old\"").with("yr_renovated", "1900").json()));
    // yr_built absent: only yr_renovated's own bounds.
    assertEquals(List.of(), reasons(Payload.valid().with("yr_renovated", "1800").json()));
  }

  @Test
  void reasonsAreSortedInCCollationOrder() {
    List<String> reasons = reasons(Payload.valid().set(Field.ZIP_CODE, "true").set(Field.BATHROOMS, "0.1")
        .set(Field.BEDROOMS, "\"x\"").set(Field.SALE_DATE, "\"1/1/1899\"").with("yr_built", "1700")
        .with("lat", "100").with("beds", "3").json());
    assertEquals(List.of("bathrooms:range", "bedrooms:conflict", "latitude:range", "sale_date:range",
        "yr_built:range", "zip_code:type"), reasons);
    String[] sorted = reasons.toArray(String[]::new);
    Arrays.sort(sorted);
    assertEquals(List.of(sorted), reasons);
  }

  // ---- enrichment -----------------------------------------------------------------------------------

  private static final String SALE = Payload.valid().json(); // zip 98178, sold 2014-10-13 (a Monday)

  private static Outcome enriched(List<ZipPopulation> population, List<School> schools, List<MortgageRate> rates) {
    return Fixtures.CLEANER.clean(Fixtures.event(SALE), EnrichmentRows.of(population, schools, rates));
  }

  private static final List<ZipPopulation> POPULATION = List.of(new ZipPopulation("98178", 24_092, 4.9, 53_000));
  private static final List<School> SCHOOLS = List.of(new School("98178", null));
  private static final List<MortgageRate> RATE = List.of(new MortgageRate(LocalDate.of(2014, 10, 9), new BigDecimal("4.120")));

  @Test
  void everyMissingEnrichmentIsAReason() {
    assertEquals(new Rejected(1, List.of("enrichment:population")), enriched(List.of(), SCHOOLS, RATE));
    assertEquals(new Rejected(1, List.of("enrichment:schools")), enriched(POPULATION, List.of(), RATE));
    assertEquals(new Rejected(1, List.of("enrichment:mortgage_rate")), enriched(POPULATION, SCHOOLS, List.of()));
    assertEquals(new Rejected(1, List.of("enrichment:mortgage_rate", "enrichment:population", "enrichment:schools")),
        enriched(List.of(), List.of(), List.of()));
    // Rows of another zip do not count.
    assertEquals(new Rejected(1, List.of("enrichment:population", "enrichment:schools")),
        enriched(List.of(new ZipPopulation("98179", 1, 1.0, 1)), List.of(new School("98179", 5)), RATE));
  }

  @Test
  void fieldProblemsPreventEnrichment() {
    Outcome outcome = Fixtures.CLEANER.clean(Fixtures.event(Payload.valid().set(Field.PRICE, "5").json()),
        EnrichmentRows.NONE);
    assertEquals(new Rejected(1, List.of("price:range")), outcome);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2014-10-13|4.120", // the sale day itself
      "2014-09-30|4.120", // 13 days before: still applies
      "2014-09-29|",      // 14 days before: too old
      "2014-10-14|"})     // after the sale: never
  void theRateWindowIsThirteenDaysUpToTheSale(String weekOf, String expected) {
    Outcome outcome = enriched(POPULATION, SCHOOLS, List.of(new MortgageRate(LocalDate.parse(weekOf), new BigDecimal("4.120"))));
    if (expected == null) {
      assertEquals(new Rejected(1, List.of("enrichment:mortgage_rate")), outcome);
    } else {
      assertEquals(new BigDecimal(expected), ((Cleaned) outcome).record().mortgageRate30yr());
    }
  }

  @Test
  void theNewestRateInTheWindowIsUsed() {
    Outcome outcome = enriched(POPULATION, SCHOOLS, List.of(
        new MortgageRate(LocalDate.of(2014, 10, 2), new BigDecimal("4.190")),
        new MortgageRate(LocalDate.of(2014, 10, 9), new BigDecimal("4.120")),
        new MortgageRate(LocalDate.of(2014, 10, 16), new BigDecimal("3.970"))));
    assertEquals(new BigDecimal("4.120"), ((Cleaned) outcome).record().mortgageRate30yr());
  }

  @Test
  void derivedColumns() {
    CleanRecord record = ((Cleaned) enriched(POPULATION,
        List.of(new School("98178", 7), new School("98178", null), new School("98178", 8), new School("98178", 8)),
        RATE)).record();
    assertEquals(24_092, record.zipPopulation());
    assertEquals(24_092 / 4.9, record.zipDensity());
    assertEquals(53_000, record.zipMedianIncome());
    assertEquals(4, record.schoolCount());
    assertEquals(23 / 3.0, record.schoolAvgRating());
    assertEquals(new BigDecimal("188.05"), record.pricePerSqft()); // 221900 / 1180 = 188.0508...
    assertEquals(new BigDecimal("221900.00"), record.price());
  }

  @Test
  void densityAndAverageAreNullWhenUndefined() {
    CleanRecord noArea = ((Cleaned) enriched(List.of(new ZipPopulation("98178", 100, null, null)), SCHOOLS, RATE)).record();
    assertNull(noArea.zipDensity());
    assertNull(noArea.zipMedianIncome());
    assertNull(noArea.schoolAvgRating());
    assertEquals(1, noArea.schoolCount());
    CleanRecord zeroArea = ((Cleaned) enriched(List.of(new ZipPopulation("98178", 100, 0.0, 1)), SCHOOLS, RATE)).record();
    assertNull(zeroArea.zipDensity());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"1000.05|1000|1.00", "1000.15|1000|1.00", "1005|1000|1.01", "1004.99|1000|1.00",
      "100000000|100|1000000.00", "1000|30000|0.03", "1000|3000|0.33", "2000|3000|0.67", "1004.995|1000|1.01"})
  void pricePerSqftIsRoundedHalfAwayFromZeroFromTheRoundedPrice(String price, String sqft, String expected) {
    String payload = Payload.valid().set(Field.PRICE, price).set(Field.SQFT_LIVING, sqft).json();
    assertEquals(new BigDecimal(expected), cleaned(payload).pricePerSqft());
  }
}
