package io.homesales.cleaning.core;

import static io.homesales.cleaning.core.Fixtures.cleaned;
import static io.homesales.cleaning.core.Fixtures.reasons;
import static io.homesales.cleaning.core.Payload.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/data-rules.md section 4.3: every accepted surface form of a value, and what it becomes. */
class ValuesTest {

  // ---- missing placeholders -------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"", "na", "NA", "n/a", "N/A", "nan", "NaN", "null", "NULL", "none", "None", "nil",
      "NIL", "-", "--", "?", "unknown", "Unknown", "missing", "MISSING", "  na  ", "\tNone\n", "\u001Cnil\u001F",
      "\u000B?\u000C", "\r--\r"})
  void placeholdersAreMissing(String placeholder) {
    assertEquals(List.of("price:missing"), reasons(Payload.valid().set(Field.PRICE, quote(placeholder)).json()));
    assertNull(cleaned(Payload.valid().set(Field.SQFT_LOT, quote(placeholder)).json()).sqftLot());
  }

  @Test
  void jsonNullIsMissing() {
    assertEquals(List.of("price:missing"), reasons(Payload.valid().set(Field.PRICE, "null").json()));
    assertNull(cleaned(Payload.valid().set(Field.GRADE, "null").json()).grade());
  }

  @ParameterizedTest
  @ValueSource(strings = {"n.a", "\u00A0na", "na\u0000", "nada", "---", "??", "undefined", "NaN%"})
  void nearPlaceholdersAreNotMissing(String text) {
    assertEquals(List.of("price:type"), reasons(Payload.valid().set(Field.PRICE, quote(text)).json()));
  }

  // ---- trimming -------------------------------------------------------------------------------------

  @Test
  void trimmingRemovesExactlyTheContractsCharacters() {
    String trimmed = "\t\n\u000B\u000C\r\u001C\u001D\u001E\u001F ";
    assertEquals((short) 3, cleaned(Payload.valid().set(Field.BEDROOMS, quote(trimmed + "3" + trimmed)).json()).bedrooms());
    assertEquals("98178", cleaned(Payload.valid().set(Field.ZIP_CODE, quote(trimmed + "98178" + trimmed)).json()).zipCode());
    assertEquals(LocalDate.of(2014, 10, 13),
        cleaned(Payload.valid().set(Field.SALE_DATE, quote(trimmed + "2014-10-13" + trimmed)).json()).saleDate());
    for (String kept : List.of("\u00A0", "\u0000", "\u2003", "\u0085", "\u3000", "\uFEFF")) {
      assertEquals(List.of("bedrooms:type"), reasons(Payload.valid().set(Field.BEDROOMS, quote(kept + "3")).json()), kept);
      assertEquals(List.of("zip_code:format"), reasons(Payload.valid().set(Field.ZIP_CODE, quote("98178" + kept)).json()));
      assertEquals(List.of("sale_date:format"), reasons(Payload.valid().set(Field.SALE_DATE, quote(kept + "2014-10-13")).json()));
    }
  }

  // ---- numbers --------------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "221900|221900.00", "221900.0|221900.00", "2.219e5|221900.00", "2.219E+5|221900.00",
      "\"221900\"|221900.00", "\"$221,900\"|221900.00", "\"$221,900.00\"|221900.00", "\"1.225e+006\"|1225000.00",
      "\"+221900\"|221900.00", "\"00221900\"|221900.00", "\",,221,,900,\"|221900.00", "\" $221900 \"|221900.00",
      "22190000e-2|221900.00", "221900.004|221900.00", "221900.005|221900.01", "\"221899.995\"|221900.00",
      "1000|1000.00", "999.995|1000.00", "100000000|100000000.00", "100000000.004|100000000.00"})
  void priceFormsAreReadExactlyAndRoundedHalfAwayFromZero(String raw, String expected) {
    assertEquals(new BigDecimal(expected), cleaned(Payload.valid().set(Field.PRICE, raw).json()).price());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"$$221900\"", "\"221900$\"", "\"-$221900\"", "\"$ 221900\"", "\".5\"", "\"5.\"",
      "\"1e\"", "\"1e+\"", "\"Infinity\"", "\"-Infinity\"", "\"0x1F\"", "\"1_000\"", "\"1 000\"", "\"\u0661\u0662\"",
      "\"\uFF11\uFF12\"", "\"12abc\"", "\"1.2.3\"", "true", "false", "{}", "[]", "[221900]", "{\"v\":1}",
      "\"\u00A0221900\"", "\"e5\"", "\"+-5\"", "\"1e1.5\""})
  void nonNumbersAreTypeProblems(String raw) {
    assertEquals(List.of("price:type"), reasons(Payload.valid().set(Field.PRICE, raw).json()));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"3|3", "3.0|3", "3e0|3", "0.3e1|3", "\"3\"|3", "\"3.000\"|3", "\"30e-1\"|3",
      "\"+3\"|3", "0|0", "-0|0", "\"-0.0\"|0", "20|20", "\"2,0\"|20"})
  void integersTakeWholeNumbersByValue(String raw, short expected) {
    assertEquals(expected, cleaned(Payload.valid().set(Field.BEDROOMS, raw).json()).bedrooms());
  }

  @ParameterizedTest
  @ValueSource(strings = {"3.5", "\"3.5\"", "3.000000000000000000001", "1e-1", "\"3.1\""})
  void integersWithAFractionalPartAreTypeProblems(String raw) {
    assertEquals(List.of("bedrooms:type"), reasons(Payload.valid().set(Field.BEDROOMS, raw).json()));
  }

  @Test
  void decimalsKeepTheirExactValue() {
    assertEquals(new BigDecimal("2.25"), cleaned(Payload.valid().set(Field.BATHROOMS, "\"2.250\"").json()).bathrooms());
    assertEquals(0, new BigDecimal("2.5").compareTo(cleaned(Payload.valid().with("floors", "\"25e-1\"").json()).floors()));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "47.5112|47.5112", "\"47.5112\"|47.5112", "\"4.75112e1\"|47.5112", "-90|-90.0", "90|90.0",
      "0.1|0.1", "\"1e-400\"|0.0", "47.51120000000000000000000000000000000000001|47.5112",
      // Exactly halfway between two doubles: rounds to even. The next input is a hair above halfway.
      "0.50000000000000005551115123125782702118158340454101562|0.5",
      "0.500000000000000055511151231257827021181583404541015625000000000000000000000000001|0.5000000000000001"})
  void doublesStoreTheNearestDoubleOfTheExactValue(String raw, double expected) {
    assertEquals(expected, cleaned(Payload.valid().with("lat", raw).json()).latitude());
  }

  @Test
  void aThousandDigitFractionIsReadExactly() {
    String digits = "1" + "0".repeat(1_500) + "1";
    assertEquals(47.1, cleaned(Payload.valid().with("lat", "47." + digits).json()).latitude());
    assertEquals(List.of("latitude:range"), reasons(Payload.valid().with("lat", "90.000" + digits).json()));
    assertEquals(List.of("bathrooms:range"), reasons(Payload.valid().set(Field.BATHROOMS, "2.25" + digits).json()));
  }

  // ---- booleans -------------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"true|true", "false|false", "1|true", "0|false", "1.0|true", "0.00|false",
      "1e0|true", "-0|false", "\"true\"|true", "\"FALSE\"|false", "\"t\"|true", "\"F\"|false", "\"yes\"|true",
      "\"No\"|false", "\"y\"|true", "\"N\"|false", "\"1\"|true", "\"0\"|false", "\" Yes \"|true", "\"\\tT\\n\"|true"})
  void booleanForms(String raw, boolean expected) {
    assertEquals(expected, cleaned(Payload.valid().with("waterfront", raw).json()).waterfront());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", "-1", "0.5", "\"1.0\"", "\"01\"", "\"on\"", "\"off\"", "\"tru\"", "\"yess\"", "[]", "{}",
      "[true]", "\"\u00A0true\""})
  void otherBooleansAreTypeProblems(String raw) {
    assertEquals(List.of("waterfront:type"), reasons(Payload.valid().with("waterfront", raw).json()));
  }

  // ---- dates ----------------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "20141013T000000|2014-10-13", "20141013T235959|2014-10-13", "2014-10-13|2014-10-13",
      "2014-10-13T00:00:00|2014-10-13", "2014-10-13T23:59:59.5|2014-10-13", "2014-10-13T10:00:00.123456789|2014-10-13",
      "2014-10-13T10:00:00Z|2014-10-13", "2014-10-13T23:30:00-08:00|2014-10-13", "2014-10-13T01:00:00+18:00|2014-10-13",
      "2014-10-13T01:00:00.1+05:30|2014-10-13", "10/13/2014|2014-10-13", "1/2/2015|2015-01-02", "01/02/2015|2015-01-02",
      "1/12/2015|2015-01-12", "2014/10/13|2014-10-13", "2012-02-29|2012-02-29", "1900-01-01|1900-01-01",
      "2015-06-01|2015-06-01"})
  void dateFormsGiveTheDateAsWritten(String text, String expected) {
    assertEquals(LocalDate.parse(expected),
        cleaned(Payload.valid().set(Field.SALE_DATE, quote(text)).json()).saleDate());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2014-02-30", "2014-13-01", "2014-00-10", "2013-02-29", "20140230T000000",
      "20141013T240000", "20141013T006000", "20141013T000060", "2014-10-13T24:00:00", "2014-10-13T10:60:00",
      "2014-10-13T10:00:60", "2014-10-13T10:00:00+18:01", "2014-10-13T10:00:00+19:00", "2014-10-13T10:00:00+05:60",
      "2014-10-13T10:00:00.", "2014-10-13T10:00:00.1234567890", "2014-10-13t10:00:00", "2014-10-13T10:00:00z",
      "2014-10-13T10:00", "2014-10-13 10:00:00", "2014-10-13T10:00:00+0530", "2014-10-13T10:00:00+05",
      "13/10/2014", "10/13/14", "100/13/2014", "2014/1/13", "2014/10/3", "14-10-13", "2014-1-13", "2014-10-1",
      "20141013", "20141013T0000", "Oct 13 2014", "2014.10.13", "+2014-10-13", "2014-10-13Z",
      "\u0662\u0660\u0661\u0664-10-13", "2014\u201310\u201313", "12345-10-13"})
  void otherDateStringsAreFormatProblems(String text) {
    assertEquals(List.of("sale_date:format"), reasons(Payload.valid().set(Field.SALE_DATE, quote(text)).json()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"20141013", "1413158400000", "2014.1013", "true", "false", "{}", "[]", "[\"2014-10-13\"]"})
  void nonStringDatesAreTypeProblems(String raw) {
    assertEquals(List.of("sale_date:type"), reasons(Payload.valid().set(Field.SALE_DATE, raw).json()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1899-12-31", "0000-01-01", "0000-02-29", "1066-10-14", "1/1/0001", "18991231T235959"})
  void realDatesBefore1900AreRangeProblems(String text) {
    assertEquals(List.of("sale_date:range"), reasons(Payload.valid().set(Field.SALE_DATE, quote(text)).json()));
  }

  // ---- zip codes ------------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"98178|98178", "\"98178\"|98178", "\"98178-1234\"|98178", "\" 98178 \"|98178",
      "98178.0|98178", "9.8178e4|98178", "501|00501", "0|00000", "99999|99999", "\"00501\"|00501", "-0|00000"})
  void zipForms(String raw, String expected) {
    var payload = Payload.valid().set(Field.ZIP_CODE, raw).json();
    var rows = io.homesales.cleaning.core.enrich.EnrichmentRows.of(
        List.of(new io.homesales.cleaning.core.enrich.ZipPopulation(expected, 100, 1.0, null)),
        List.of(new io.homesales.cleaning.core.enrich.School(expected, null)),
        Fixtures.weeklyRates(LocalDate.of(2014, 10, 9), LocalDate.of(2014, 10, 9)));
    Outcome outcome = Fixtures.CLEANER.clean(Fixtures.event(payload), rows);
    assertEquals(expected, ((Cleaned) outcome).record().zipCode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"9817\"", "\"981780\"", "\"98178-123\"", "\"98178-12345\"", "\"98178 1234\"", "\"98178-\"",
      "\"9817a\"", "\"98178.0\"", "\"WA 98178\"", "100000", "-1", "98178.5", "1e5", "\"\u0669\u0668\u0661\u0667\u0668\"",
      "\"98178\u00A0\""})
  void otherZipsAreFormatProblems(String raw) {
    assertEquals(List.of("zip_code:format"), reasons(Payload.valid().set(Field.ZIP_CODE, raw).json()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "false", "{}", "[]", "[98178]", "{\"zip\":\"98178\"}"})
  void nonScalarZipsAreTypeProblems(String raw) {
    assertEquals(List.of("zip_code:type"), reasons(Payload.valid().set(Field.ZIP_CODE, raw).json()));
  }
}
