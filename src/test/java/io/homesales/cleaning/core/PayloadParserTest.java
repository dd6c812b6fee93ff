package io.homesales.cleaning.core;

import static io.homesales.cleaning.core.Fixtures.reasons;
import static io.homesales.cleaning.core.Fixtures.validWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/data-rules.md section 4.1: size, JSON validity, nesting depth, duplicate keys, object root. */
class PayloadParserTest {

  private static final List<String> TOO_LARGE = List.of("payload:too_large");
  private static final List<String> NOT_JSON = List.of("payload:not_json");
  private static final List<String> NOT_OBJECT = List.of("payload:not_object");

  @Test
  void payloadOfExactlyOneMillionCodePointsIsRead() {
    String payload = padTo(1_000_000, "x");
    assertEquals(1_000_000, payload.codePointCount(0, payload.length()));
    assertEquals(List.of(), reasons(payload));
  }

  @Test
  void payloadOfOneMillionAndOneCodePointsIsTooLarge() {
    assertEquals(TOO_LARGE, reasons(padTo(1_000_001, "x")));
  }

  @Test
  void sizeCountsCodePointsNotUtf16Units() {
    // 600,000 astral characters are 1.2 million chars but only 600,000 code points (as PostgreSQL counts).
    String astral = padTo(1_000_000, "\uD83C\uDFE0");
    assertEquals(List.of(), reasons(astral));
    assertEquals(TOO_LARGE, reasons("not even json " + "x".repeat(1_000_000)));
  }

  /** The valid payload with an ignored string member that brings it to {@code codePoints} code points. */
  private static String padTo(int codePoints, String unit) {
    String head = validWith("\"note\":\"");
    String tail = "\"}";
    int fill = codePoints - head.length() - tail.length();
    int unitPoints = unit.codePointCount(0, unit.length());
    return head + unit.repeat(fill / unitPoints) + "x".repeat(fill % unitPoints) + tail;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", " ", "garbage", "{", "}", "{\"price\":}", "{'price': 1}", "{price: 1}", "{\"a\":1,}", "[1,]",
      "{\"a\":1} x", "{\"a\":1}{}", "{} []", "{\"a\":01}", "{\"a\":.5}", "{\"a\":5.}", "{\"a\":+1}",
      "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":-Infinity}", "{\"a\":1 /* c */}", "// c\n{}", "{\"a\":\"\t\"}",
      "{\"a\":\"\\x\"}", "{\"a\":tru}", "{\"a\":True}", "\uFEFF{}", "\uFEFF" + "{\"price\":1}", "nul"})
  void malformedJsonIsNotJson(String payload) {
    assertEquals(NOT_JSON, reasons(payload));
  }

  @Test
  void duplicateKeysAreNotJsonAtAnyDepthAndAfterUnescaping() {
    assertEquals(NOT_JSON, reasons(validWith("\"x\":1,\"x\":2")));
    assertEquals(NOT_JSON, reasons(validWith("\"x\":{\"a\":1,\"a\":1}")));
    assertEquals(NOT_JSON, reasons(validWith("\"x\":[{\"b\":[{\"a\":1,\"\\u0061\":2}]}]")));
    assertEquals(NOT_JSON, reasons("[{\"a\":1,\"a\":2}]"));
    // Keys that differ but normalise to one field are not duplicates (that is the conflict rule's job).
    assertEquals(List.of(), reasons(validWith("\"Price\":221900")));
  }

  @Test
  void nestingOf500LevelsIsJsonAnd501IsNot() {
    assertEquals(NOT_OBJECT, reasons(nested(500)));
    assertEquals(NOT_JSON, reasons(nested(501)));
    // The root object is level 1: a member value may nest 499 more levels.
    assertEquals(List.of(), reasons(validWith("\"deep\":" + nested(499))));
    assertEquals(NOT_JSON, reasons(validWith("\"deep\":" + nested(500))));
    // Brackets inside strings do not count.
    assertEquals(List.of(), reasons(validWith("\"s\":\"" + "[".repeat(10_000) + "\"")));
  }

  @Test
  void hundredThousandLevelsAreNotJsonWithoutExhaustingTheStack() {
    assertEquals(NOT_JSON, reasons(nested(100_000)));
    assertEquals(NOT_JSON, reasons("{\"a\":" + "{\"a\":".repeat(100_000)));
  }

  private static String nested(int levels) {
    return "[".repeat(levels) + "]".repeat(levels);
  }

  @Test
  void numbersOfAnyLengthAreJson() {
    String longPrice = "1" + "0".repeat(1_499);
    assertEquals(List.of("price:range"), reasons(
        "{\"date\":\"2014-10-13\",\"price\":" + longPrice + ",\"zipcode\":\"98178\",\"bedrooms\":3,"
            + "\"bathrooms\":1,\"sqft_living\":1180}"));
    assertEquals(List.of(), reasons(validWith("\"x\":1e999999999999999999999999")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"price\":1}]", "\"{}\"", "42", "-1.5e3", "true", "false", "null", " [ ] "})
  void jsonThatIsNotAnObjectIsNotObject(String payload) {
    assertEquals(NOT_OBJECT, reasons(payload));
  }

  @Test
  void whitespaceAroundTheRootObjectIsJson() {
    assertEquals(List.of(), reasons(" \n\t\r" + validWith("") + " \r\n"));
  }

  @Test
  void escapedLoneSurrogatesAndNulAreValidJsonStrings() {
    assertEquals(List.of(), reasons(validWith("\"n\":\"\\ud800 \\u0000\"")));
    assertEquals(List.of("zip_code:format"), reasons(
        "{\"date\":\"2014-10-13\",\"price\":221900,\"zipcode\":\"9817\\u0000\",\"bedrooms\":3,"
            + "\"bathrooms\":1,\"sqft_living\":1180}"));
  }
}
